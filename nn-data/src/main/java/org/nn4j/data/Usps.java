package org.nn4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * USPS from {@code <data>/usps/}: the text files {@code USPS_train.txt} (7291 images)
 * and {@code USPS_test.txt} (2007), 16×16, as float32 pixels in [0, 1] (the files' [0, 2]
 * values halved) and labels 0..9.
 *
 * <p>Layout (D. Keysers' {@code .jf}): a header line {@code "10 256"} (classes, features), one
 * line per image with the label first and then the 256 row-major values, separated by single
 * spaces, and a last line {@code "-1"}; lines end with LF or CRLF. A file without that last line is
 * reported as truncated.
 */
public final class Usps {

    /** The sub-folder of the data folder. */
    public static final String FOLDER = "usps";

    /** The 7291 training images. */
    public static final RemoteFile TRAIN = new RemoteFile("USPS_train.txt",
            "a8e1df2a0da5984447d3de7c7067ec4b9bcd0a6bb956e2276718d96d904bd0bc");
    /** The 2007 test images. */
    public static final RemoteFile TEST = new RemoteFile("USPS_test.txt",
            "f802e6ba3fbc8778cdea6a105311fb4a1a8251eb706b77882bb1966116bf87d2");
    /** The two files, with their SHA-256s, that {@link #train} and {@link #test} need. */
    public static final List<RemoteFile> FILES = List.of(TRAIN, TEST);

    /** A public copy of both files on GitHub; {@link Downloader} checks every file against its SHA-256. */
    public static final List<String> MIRRORS = List.of(
            "https://raw.githubusercontent.com/hanzopgp/DeepLearningLib/HEAD/data/");

    private static final float MAX_VALUE = 2f;

    private Usps() {
    }

    /**
     * The 7291 training images of {@code <dataRoot>/usps}, downloaded first if missing.
     *
     * @param dataRoot the data folder (see {@link DataFolder})
     * @return 7291 images of 16×16, 10 classes
     * @throws MissingDataException when the file is missing and cannot be downloaded
     * @throws DataFileException    when the file is corrupt or truncated
     */
    public static ImageSet train(Path dataRoot) {
        return train(dataRoot, new Downloader(MIRRORS));
    }

    /**
     * The 2007 test images of {@code <dataRoot>/usps}, downloaded first if missing.
     *
     * @param dataRoot the data folder (see {@link DataFolder})
     * @return 2007 images of 16×16, 10 classes
     * @throws MissingDataException when the file is missing and cannot be downloaded
     * @throws DataFileException    when the file is corrupt or truncated
     */
    public static ImageSet test(Path dataRoot) {
        return test(dataRoot, new Downloader(MIRRORS));
    }

    /**
     * The 7291 training images, with the given downloader for a missing file.
     *
     * @param dataRoot   the data folder (see {@link DataFolder})
     * @param downloader fetches the file when it is missing
     * @return 7291 images of 16×16, 10 classes
     * @throws MissingDataException when the file is missing and cannot be downloaded
     * @throws DataFileException    when the file is corrupt or truncated
     */
    public static ImageSet train(Path dataRoot, Downloader downloader) {
        return load(dataRoot.resolve(FOLDER), TRAIN, downloader);
    }

    /**
     * The 2007 test images, with the given downloader for a missing file.
     *
     * @param dataRoot   the data folder (see {@link DataFolder})
     * @param downloader fetches the file when it is missing
     * @return 2007 images of 16×16, 10 classes
     * @throws MissingDataException when the file is missing and cannot be downloaded
     * @throws DataFileException    when the file is corrupt or truncated
     */
    public static ImageSet test(Path dataRoot, Downloader downloader) {
        return load(dataRoot.resolve(FOLDER), TEST, downloader);
    }

    private static ImageSet load(Path folder, RemoteFile file, Downloader downloader) {
        downloader.ensure("Usps", folder, List.of(file));
        return read(folder.resolve(file.name()));
    }

    /**
     * Parses one file in the layout above.
     *
     * @param file the text file
     * @return the images, 16×16, 10 classes
     * @throws DataFileException when the file is missing, unreadable or not in that layout, naming the line
     */
    public static ImageSet read(Path file) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new DataFileException("Usps: " + file + " does not exist", e);
        } catch (IOException e) {
            throw new DataFileException("Usps: cannot read " + file + ": " + e, e);
        }
        // Unix or Windows line endings
        String[] lines = text.split("\r?\n", -1);
        String[] header = lines[0].split(" ");
        if (header.length != 2 || !header[0].matches("[0-9]+") || !header[1].matches("[0-9]+")) {
            throw new DataFileException("Usps: " + file + " line 1: expected a header '<classes> <features>' such as"
                    + " '10 256', found '" + abbreviate(lines[0]) + "'");
        }
        int classes = Integer.parseInt(header[0]);
        int features = Integer.parseInt(header[1]);
        int side = (int) Math.round(Math.sqrt(features));
        if (side * side != features || classes < 1) {
            throw new DataFileException("Usps: " + file + " line 1: expected at least one class and a square number of"
                    + " features, found '" + lines[0] + "'");
        }
        // a file ending with "\n" splits into a last empty string
        int last = lines.length - 1;
        if (lines[last].isEmpty()) {
            last--;
        }
        if (last < 1 || !lines[last].equals("-1")) {
            throw new DataFileException("Usps: " + file + " is truncated: expected the end marker '-1' as its last line,"
                    + " found '" + abbreviate(lines[Math.max(last, 0)]) + "' at line " + (last + 1));
        }
        int count = last - 1;
        float[] pixels = new float[count * features];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            parseLine(file, lines[i + 1], i + 2, classes, features, labels, i, pixels);
        }
        return new ImageSet(Nd4j.createFromArray(pixels).reshape('c', count, features), labels, classes, side, side);
    }

    private static void parseLine(Path file, String line, int lineNumber, int classes, int features,
                                  int[] labels, int row, float[] pixels) {
        String[] fields = line.split(" ");
        if (fields.length != features + 1) {
            throw new DataFileException("Usps: " + file + " line " + lineNumber + ": expected " + (features + 1)
                    + " values (a label and " + features + " pixels), found " + fields.length);
        }
        int label;
        try {
            label = Integer.parseInt(fields[0]);
        } catch (NumberFormatException e) {
            throw new DataFileException("Usps: " + file + " line " + lineNumber + ": expected an integer label, found '"
                    + abbreviate(fields[0]) + "'");
        }
        if (label < 0 || label >= classes) {
            throw new DataFileException("Usps: " + file + " line " + lineNumber + ": expected a label in 0.."
                    + (classes - 1) + ", found " + label);
        }
        labels[row] = label;
        int offset = row * features;
        for (int j = 0; j < features; j++) {
            float v;
            try {
                v = Float.parseFloat(fields[j + 1]);
            } catch (NumberFormatException e) {
                throw new DataFileException("Usps: " + file + " line " + lineNumber + ": expected a number as pixel "
                        + (j + 1) + ", found '" + abbreviate(fields[j + 1]) + "'");
            }
            if (!(v >= 0 && v <= MAX_VALUE)) {
                throw new DataFileException("Usps: " + file + " line " + lineNumber + ": expected pixel values in [0, 2],"
                        + " found " + fields[j + 1] + " as pixel " + (j + 1));
            }
            pixels[offset + j] = v / MAX_VALUE;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
