package org.nn4j.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CIFAR-10 from {@code <data>/cifar-10/}: 50000 training and 10000 test colour images of 32×32 in 10 classes, as
 * {@link ImageSet}s of 3 channels (RGB), float32 pixels in [0, 1] (byte / 255), {@code images()} shaped
 * {@code [N, 3, 32, 32]}.
 *
 * <p>The data is the "binary version" of the data set's authors: each record is one label byte and 3072 pixel bytes
 * (the red plane, then green, then blue, each 32 rows of 32). Either form on disk is read: the archive
 * {@code cifar-10-binary.tar.gz} as downloaded (read in place, not unpacked), or its unpacked folder
 * {@code cifar-10-batches-bin/} with {@code data_batch_1.bin} … {@code data_batch_5.bin} and {@code test_batch.bin}.
 * When neither is there, the archive is downloaded from {@link #MIRRORS} and checked (see {@link Downloader}); offline,
 * the error names the file, its checksum and where to put it.
 *
 * <pre>{@code
 * ImageSet train = Cifar10.train(DataFolder.resolve(null));   // 50000 images of 3x32x32
 * INDArray x = train.images();                                 // [50000, 3, 32, 32]
 * }</pre>
 */
public final class Cifar10 {

    /** The sub-folder of the data folder. */
    public static final String FOLDER = "cifar-10";

    /** The folder the archive unpacks to, inside {@link #FOLDER}. */
    public static final String UNPACKED = "cifar-10-batches-bin";

    /** The archive of the binary version (162 MB; MD5 {@code c32a1d4ab5d03f1284b67883e8d87530} as published). */
    public static final RemoteFile ARCHIVE = new RemoteFile("cifar-10-binary.tar.gz",
            "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd");

    /** The mirror of the data set's authors. */
    public static final List<String> MIRRORS = List.of("https://www.cs.toronto.edu/~kriz/");

    /** The five files of the training set, in order. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");

    /** The file of the test set. */
    public static final List<String> TEST_FILES = List.of("test_batch.bin");

    /** The number of classes. */
    public static final int CLASSES = 10;

    /** The class names, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    private static final int SIDE = 32;
    private static final int PIXELS = 3 * SIDE * SIDE;
    private static final int RECORD = 1 + PIXELS;

    private Cifar10() {
    }

    /**
     * The 50000 training images, downloading the archive from {@link #MIRRORS} when it is missing.
     *
     * @param dataRoot the data folder (the set is in its {@code cifar-10/} sub-folder)
     * @return the training set
     * @throws MissingDataException when the data is missing and cannot be downloaded
     * @throws DataFileException    when a file is malformed
     */
    public static ImageSet train(Path dataRoot) {
        return train(dataRoot, new Downloader(MIRRORS));
    }

    /**
     * The 10000 test images, downloading the archive from {@link #MIRRORS} when it is missing.
     *
     * @param dataRoot the data folder (the set is in its {@code cifar-10/} sub-folder)
     * @return the test set
     * @throws MissingDataException when the data is missing and cannot be downloaded
     * @throws DataFileException    when a file is malformed
     */
    public static ImageSet test(Path dataRoot) {
        return test(dataRoot, new Downloader(MIRRORS));
    }

    /**
     * The training images, with the given downloader for a missing archive.
     *
     * @param dataRoot   the data folder
     * @param downloader where a missing archive comes from
     * @return the training set
     * @throws MissingDataException when the data is missing and cannot be downloaded
     * @throws DataFileException    when a file is malformed
     */
    public static ImageSet train(Path dataRoot, Downloader downloader) {
        return load(dataRoot.resolve(FOLDER), TRAIN_FILES, downloader);
    }

    /**
     * The test images, with the given downloader for a missing archive.
     *
     * @param dataRoot   the data folder
     * @param downloader where a missing archive comes from
     * @return the test set
     * @throws MissingDataException when the data is missing and cannot be downloaded
     * @throws DataFileException    when a file is malformed
     */
    public static ImageSet test(Path dataRoot, Downloader downloader) {
        return load(dataRoot.resolve(FOLDER), TEST_FILES, downloader);
    }

    /**
     * Reads binary-version files (any number of records each), in order, into one set.
     *
     * @param files {@code .bin} files of 3073-byte records
     * @return their images, in file and record order
     * @throws DataFileException when a file cannot be read, its length is not a whole number of records, or a label is
     *                           not 0..9
     */
    public static ImageSet read(List<Path> files) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                contents.put(file.toString(), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new DataFileException("Cifar10: cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return decode(contents);
    }

    private static ImageSet load(Path folder, List<String> names, Downloader downloader) {
        Path unpacked = folder.resolve(UNPACKED);
        if (names.stream().allMatch(n -> Files.exists(unpacked.resolve(n)))) {
            return read(names.stream().map(unpacked::resolve).toList());
        }
        downloader.ensure("Cifar10", folder, List.of(ARCHIVE));
        return decode(readMembers(folder.resolve(ARCHIVE.name()), names));
    }

    /** The named members of the archive (matched by file name, whatever folder they are in), in the order asked. */
    private static Map<String, byte[]> readMembers(Path archive, List<String> names) {
        Map<String, byte[]> found = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(
                Files.newInputStream(archive)), 1 << 16))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = Path.of(e.getName()).getFileName().toString();
                if (e.isFile() && names.contains(name)) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.max(0, e.getSize()));
                    tar.transferTo(bytes);
                    found.put(name, bytes.toByteArray());
                }
            }
        } catch (IOException e) {
            throw new DataFileException("Cifar10: cannot read the archive " + archive + ": " + e.getMessage(), e);
        }
        List<String> missing = new ArrayList<>(names);
        missing.removeAll(found.keySet());
        if (!missing.isEmpty()) {
            throw new DataFileException("Cifar10: the archive " + archive + " has no " + String.join(", ", missing));
        }
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        for (String n : names) {
            ordered.put(archive + "!" + n, found.get(n));
        }
        return ordered;
    }

    private static ImageSet decode(Map<String, byte[]> contents) {
        long records = 0;
        for (Map.Entry<String, byte[]> e : contents.entrySet()) {
            if (e.getValue().length % RECORD != 0) {
                throw new DataFileException("Cifar10: expected whole records of " + RECORD + " bytes (a label and "
                        + PIXELS + " pixels) in " + e.getKey() + ", found " + e.getValue().length + " bytes");
            }
            records += e.getValue().length / RECORD;
        }
        int n = Math.toIntExact(records);
        float[] pixels = new float[Math.multiplyExact(n, PIXELS)];
        int[] labels = new int[n];
        int image = 0;
        for (Map.Entry<String, byte[]> e : contents.entrySet()) {
            byte[] bytes = e.getValue();
            for (int r = 0; r < bytes.length / RECORD; r++, image++) {
                int at = r * RECORD;
                int label = bytes[at] & 0xff;
                if (label >= CLASSES) {
                    throw new DataFileException("Cifar10: expected labels 0.." + (CLASSES - 1) + ", found " + label
                            + " in record " + r + " of " + e.getKey());
                }
                labels[image] = label;
                int to = image * PIXELS;
                for (int i = 0; i < PIXELS; i++) {
                    pixels[to + i] = (bytes[at + 1 + i] & 0xff) / 255f;
                }
            }
        }
        INDArray features = Nd4j.createFromArray(pixels).reshape('c', n, PIXELS);
        return new ImageSet(features, labels, CLASSES, 3, SIDE, SIDE);
    }
}
