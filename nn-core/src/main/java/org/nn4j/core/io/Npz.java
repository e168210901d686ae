package org.nn4j.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NumPy's {@code .npz} archives ({@code np.savez}): one {@code .npy} entry per named array.
 * Writing goes to a temporary file in the same folder, moved into place when complete, so a
 * failed write leaves any previous file intact.
 */
public final class Npz {

    private Npz() {
    }

    /**
     * Every array of the archive, in entry order, keyed by name without {@code .npy}.
     *
     * @param file an {@code .npz} archive (zip of {@code .npy} files, stored or deflated)
     * @return the arrays by name, in entry order
     * @throws IOException naming the file when it is not a readable archive of supported arrays
     */
    public static Map<String, INDArray> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * {@link #read(Path)} from a stream, e.g. a class-path resource.
     *
     * @param stream read to its end; not closed
     * @param source names the stream in error messages
     * @return the arrays by name, in entry order
     * @throws IOException when the stream is not a readable archive of supported arrays
     */
    public static Map<String, INDArray> read(InputStream stream, String source) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(stream)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                arrays.put(name, Npy.read(zip.readAllBytes(), source + "!" + e.getName()));
            }
        }
        if (arrays.isEmpty()) {
            throw new IOException(source + ": not an .npz archive, or an empty one");
        }
        return arrays;
    }

    /**
     * Writes {@code arrays} (not modified) to {@code file} atomically: a temporary file in the
     * same folder, then a move into place.
     *
     * @param file   the archive to write; its folder is created if missing
     * @param arrays the arrays by name (each stored as {@code <name>.npy}); not modified
     * @throws IOException when the file cannot be written; an existing file is then left as it was
     */
    public static void write(Path file, Map<String, INDArray> arrays) throws IOException {
        write(file, arrays, OutputStream::flush);
    }

    /** A hook run on the stream before it is closed; tests use it to fail a write half-way. */
    @FunctionalInterface
    public interface BeforeClose {
        /**
         * Runs the hook on {@code out}, the open archive stream.
         *
         * @param out the stream of the archive being written
         * @throws IOException to abort the write; the destination file is then left untouched
         */
        void run(OutputStream out) throws IOException;
    }

    /**
     * {@link #write(Path, Map)} with a hook called before the archive is completed.
     *
     * @param file        the archive to write; its folder is created if missing
     * @param arrays      the arrays by name; not modified
     * @param beforeClose run on the archive stream before it is completed
     * @throws IOException when the file cannot be written or the hook throws; an existing file is then left as it was
     */
    public static void write(Path file, Map<String, INDArray> arrays, BeforeClose beforeClose) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                    zip.write(Npy.write(e.getValue()));
                    zip.closeEntry();
                }
                beforeClose.run(zip);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
