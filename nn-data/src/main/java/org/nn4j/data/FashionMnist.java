package org.nn4j.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando's 28×28 grey clothing images, 10 classes, see {@link #CLASS_NAMES})
 * from {@code <data>/fashion-mnist/}: the four IDX files with MNIST's names and format, gzipped
 * or not, as float32 pixels in [0, 1] (byte / 255) and labels 0..9. Missing files are
 * downloaded from {@link #MIRRORS}. A download is checked by the SHA-256 of its decompressed
 * content, so that any re-compression of the same data (Debian's package, for one) is accepted.
 *
 * <pre>{@code
 * ImageSet train = FashionMnist.train(DataFolder.resolve(null));   // 60000 images of 28x28
 * }</pre>
 */
public final class FashionMnist {

    /** The sub-folder of the data folder. */
    public static final String FOLDER = "fashion-mnist";

    /** The 60000 training images (IDX, gzipped), checked by the SHA-256 of the decompressed content. */
    public static final RemoteFile TRAIN_IMAGES = RemoteFile.ofGzipContent("train-images-idx3-ubyte.gz",
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
    /** The 60000 training labels (IDX, gzipped), checked by the SHA-256 of the decompressed content. */
    public static final RemoteFile TRAIN_LABELS = RemoteFile.ofGzipContent("train-labels-idx1-ubyte.gz",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9");
    /** The 10000 test images (IDX, gzipped), checked by the SHA-256 of the decompressed content. */
    public static final RemoteFile TEST_IMAGES = RemoteFile.ofGzipContent("t10k-images-idx3-ubyte.gz",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
    /** The 10000 test labels (IDX, gzipped), checked by the SHA-256 of the decompressed content. */
    public static final RemoteFile TEST_LABELS = RemoteFile.ofGzipContent("t10k-labels-idx1-ubyte.gz",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");
    /** The four files, with their checksums, that {@link #train} and {@link #test} need. */
    public static final List<RemoteFile> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** The mirror torchvision uses. */
    public static final List<String> MIRRORS = List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /** The number of classes. */
    public static final int CLASSES = 10;

    /** The name of each class, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /**
     * The 60000 training images of {@code <dataRoot>/fashion-mnist}, downloaded first if missing.
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
     * The 10000 test images of {@code <dataRoot>/fashion-mnist}, downloaded first if missing.
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
     * The 60000 training images of {@code <dataRoot>/fashion-mnist}, with the given downloader for missing files.
     *
     * @param dataRoot   the data folder (see {@link DataFolder})
     * @param downloader fetches the files that are missing
     * @return 60000 images of 28×28, 10 classes
     * @throws MissingDataException when a file is missing and cannot be downloaded
     * @throws DataFileException    when a file is corrupt or truncated
     */
    public static ImageSet train(Path dataRoot, Downloader downloader) {
        return Mnist.load("FashionMnist", dataRoot.resolve(FOLDER), TRAIN_IMAGES, TRAIN_LABELS, downloader);
    }

    /**
     * The 10000 test images of {@code <dataRoot>/fashion-mnist}, with the given downloader for missing files.
     *
     * @param dataRoot   the data folder (see {@link DataFolder})
     * @param downloader fetches the files that are missing
     * @return 10000 images of 28×28, 10 classes
     * @throws MissingDataException when a file is missing and cannot be downloaded
     * @throws DataFileException    when a file is corrupt or truncated
     */
    public static ImageSet test(Path dataRoot, Downloader downloader) {
        return Mnist.load("FashionMnist", dataRoot.resolve(FOLDER), TEST_IMAGES, TEST_LABELS, downloader);
    }
}
