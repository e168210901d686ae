package org.nn4j.examples.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Rows of small grayscale images side by side (originals / noisy / reconstructed), as a PNG.
 * Pixel values in [0, 1]; 1 is drawn black (ink), as digits are usually shown.
 */
public final class ImageGrid {

    private ImageGrid() {
    }

    /**
     * @param rows   each {@code [n, h·w]} or {@code [n, 1, h, w]}; not modified; row r is drawn as line r
     * @param height image height in pixels; width = features / height
     * @param scale  each pixel drawn as scale×scale
     */
    public static void write(Path file, List<INDArray> rows, int height, int scale) throws IOException {
        int perRow = (int) rows.get(0).size(0);
        int width = (int) (rows.get(0).length() / perRow / height);
        int gap = 2;
        BufferedImage image = new BufferedImage(perRow * (width * scale + gap), rows.size() * (height * scale + gap),
                BufferedImage.TYPE_BYTE_GRAY);
        var g = image.createGraphics();
        g.setColor(java.awt.Color.GRAY);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int r = 0; r < rows.size(); r++) {
            float[] pixels = rows.get(r).castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int i = 0; i < perRow; i++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        float v = Math.max(0, Math.min(1, pixels[(i * height + y) * width + x]));
                        int gray = Math.round(255 * (1 - v));
                        g.setColor(new java.awt.Color(gray, gray, gray));
                        g.fillRect(i * (width * scale + gap) + x * scale, r * (height * scale + gap) + y * scale, scale, scale);
                    }
                }
            }
        }
        g.dispose();
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        ImageIO.write(image, "png", tmp.toFile());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
