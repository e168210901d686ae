package org.nn4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MNIST from {@code <data>/mnist/}: the four IDX files, gzipped (as distributed) or not, as
 * float32 pixels in [0, 1] (byte / 255) and labels 0..9. Missing files are downloaded from
 * {@link #MIRRORS} (see {@link Downloader}).
 *
 * <pre>{@code
 * ImageSet train = Mnist.train(DataFolder.resolve(null));   // 60000 images of 28x28
 * INDArray x = train.features();                             // [60000, 784]
 * INDArray images = train.images();                          // [60000, 1, 28, 28], same memory
 * }</pre>
 */
public final class Mnist {

    /** The sub-folder of the data folder. */
    public static final String FOLDER = "mnist";

    /** The 60000 training images (IDX, gzipped). */
    public static final RemoteFile TRAIN_IMAGES = new RemoteFile("train-images-idx3-ubyte.gz",
            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609");
    /** The 60000 training labels (IDX, gzipped). */
    public static final RemoteFile TRAIN_LABELS = new RemoteFile("train-labels-idx1-ubyte.gz",
            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c");
    /** The 10000 test images (IDX, gzipped). */
    public static final RemoteFile TEST_IMAGES = new RemoteFile("t10k-images-idx3-ubyte.gz",
            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6");
    /** The 10000 test labels (IDX, gzipped). */
    public static final RemoteFile TEST_LABELS = new RemoteFile("t10k-labels-idx1-ubyte.gz",
            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");
    /** The four files, with their SHA-256s, that {@link #train} and {@link #test} need. */
    public static final List<RemoteFile> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** The mirrors torchvision uses, in its order. */
    public static final List<String> MIRRORS = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "http://yann.lecun.com/exdb/mnist/");

    /** The number of classes: the digits 0..9. */
    public static final int CLASSES = 10;

    private Mnist() {
    }

    /**
     * The 60000 training images of {@code <dataRoot>/mnist}, downloaded first if missing.
     *
     * @param dataRoot the data folder (see {@link DataFolder})
     * @return 60000 images of 28×28, 10 classes
     * @throws MissingDataException when a file is missing and cannot be downloaded
     * @throws DataFileException    when a file is corrupt or truncated
     */
    public static ImageSet train(Path dataRoot) {
        return train(dataRoot, new Downloader(MIRRORS));
    }

    /**
     * The 10000 test images of {@code <dataRoot>/mnist}, downloaded first if missing.
     *
     * @param dataRoot the data folder (see {@link DataFolder})
     * @return 10000 images of 28×28, 10 classes
     * @throws MissingDataException when a file is missing and cannot be downloaded
     * @throws DataFileException    when a file is corrupt or truncated
     */
    public static ImageSet test(Path dataRoot) {
        return test(dataRoot, new Downloader(MIRRORS));
    }

    /**
     * The 60000 training images of {@code <dataRoot>/mnist}, with the given downloader for missing files.
     *
     * @param dataRoot   the data folder (see {@link DataFolder})
     * @param downloader fetches the files that are missing
     * @return 60000 images of 28×28, 10 classes
     * @throws MissingDataException when a file is missing and cannot be downloaded
     * @throws DataFileException    when a file is corrupt or truncated
     */
    public static ImageSet train(Path dataRoot, Downloader downloader) {
        return load("Mnist", dataRoot.resolve(FOLDER), TRAIN_IMAGES, TRAIN_LABELS, downloader);
    }

    /**
     * The 10000 test images of {@code <dataRoot>/mnist}, with the given downloader for missing files.
     *
     * @param dataRoot   the data folder (see {@link DataFolder})
     * @param downloader fetches the files that are missing
     * @return 10000 images of 28×28, 10 classes
     * @throws MissingDataException when a file is missing and cannot be downloaded
     * @throws DataFileException    when a file is corrupt or truncated
     */
    public static ImageSet test(Path dataRoot, Downloader downloader) {
        return load("Mnist", dataRoot.resolve(FOLDER), TEST_IMAGES, TEST_LABELS, downloader);
    }

    /**
     * Reads a pair of IDX files (gzipped or not) with the same number of images and labels.
     *
     * @param imagesFile an {@code idx3-ubyte} file
     * @param labelsFile an {@code idx1-ubyte} file
     * @return the images, 10 classes
     * @throws DataFileException when a file is missing, corrupt or truncated, or the counts differ
     */
    public static ImageSet read(Path imagesFile, Path labelsFile) {
        return read("Mnist", imagesFile, labelsFile);
    }

    /** {@link #read(Path, Path)} naming {@code dataset} in its messages. */
    static ImageSet read(String dataset, Path imagesFile, Path labelsFile) {
        Idx.Images images = Idx.readImages(imagesFile);
        int[] labels = Idx.readLabels(labelsFile, CLASSES);
        if (images.count() != labels.length) {
            throw new DataFileException(dataset + ": expected as many labels as images, found " + images.count()
                    + " images in " + imagesFile + " and " + labels.length + " labels in " + labelsFile);
        }
        byte[] bytes = images.pixels();
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = (bytes[i] & 0xff) / 255f;
        }
        INDArray features = Nd4j.createFromArray(pixels).reshape('c', images.count(), (long) images.rows() * images.cols());
        return new ImageSet(features, labels, CLASSES, images.rows(), images.cols());
    }

    /** Reads an images/labels pair of IDX files from {@code folder}, downloading the missing ones. */
    static ImageSet load(String dataset, Path folder, RemoteFile imagesFile, RemoteFile labelsFile, Downloader downloader) {
        Path images = uncompressed(folder, imagesFile);
        Path labels = uncompressed(folder, labelsFile);
        List<RemoteFile> missing = new java.util.ArrayList<>();
        if (!Files.exists(images)) {
            missing.add(imagesFile);
            images = folder.resolve(imagesFile.name());
        }
        if (!Files.exists(labels)) {
            missing.add(labelsFile);
            labels = folder.resolve(labelsFile.name());
        }
        downloader.ensure(dataset, folder, missing);
        return read(dataset, images, labels);
    }

    /** A user may keep the files gunzipped: {@code train-images-idx3-ubyte} is used before the {@code .gz}. */
    private static Path uncompressed(Path folder, RemoteFile file) {
        return folder.resolve(file.name().substring(0, file.name().length() - ".gz".length()));
    }
}
