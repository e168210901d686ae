package org.nn4j.core.io;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NumPy's {@code .npz} archives ({@code np.savez}): one {@code .npy} entry per named array.
 *
 * <p>Reading checks every entry (its CRC, its {@code .npy} header against its data) before
 * returning anything; a damaged file gives an {@link IOException} that names the file, the entry
 * and what is wrong, e.g. {@code "runs/cnn.npz: entry 0.weight: corrupt (CRC mismatch: …)"}.
 *
 * <p>Writing goes to a temporary file {@code .<name>.<random>.tmp} in the same folder, forced to
 * the disk and then moved into place, so a failed or killed write leaves any previous file intact.
 * The temporary files a killed write left behind are deleted by the next write of the same file.
 */
public final class Npz {

    private static final byte[] ZIP_MAGIC = {'P', 'K'};

    private Npz() {
    }

    /**
     * Every array of the archive, in entry order, keyed by name without {@code .npy}.
     *
     * @param file an {@code .npz} archive (zip of {@code .npy} files, stored or deflated)
     * @return the arrays by name, in entry order
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws IOException naming the file, the entry and what is wrong when the file is not a
     *                     complete, intact archive of supported arrays (truncated, corrupt, a
     *                     damaged {@code .npy} header, an unsupported dtype)
     */
    public static Map<String, INDArray> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": a directory, not an .npz archive");
        }
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = open(file)) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = name(e);
                String entry = file + ": entry " + name;
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                } catch (EOFException x) {
                    throw new IOException(entry + ": truncated (" + x.getMessage() + ")", x);
                } catch (ZipException x) {
                    throw new IOException(entry + ": corrupt (" + x.getMessage() + ")", x);
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                    throw new IOException(entry + ": corrupt (CRC mismatch: expected " + hex(e.getCrc()) + ", found "
                            + hex(crc.getValue()) + ")");
                }
                if (e.getSize() != -1 && bytes.length != e.getSize()) {
                    throw new IOException(entry + ": corrupt (expected " + e.getSize() + " bytes, found " + bytes.length
                            + ")");
                }
                arrays.put(name, Npy.read(bytes, entry));
            }
        } catch (RuntimeException e) {
            // the zip reader's own checks of a damaged central directory
            throw new IOException(file + ": corrupt (" + e + ")", e);
        }
        if (arrays.isEmpty()) {
            throw new IOException(file + ": not an .npz archive, or an empty one");
        }
        return arrays;
    }

    private static ZipFile open(Path file) throws IOException {
        if (Files.size(file) == 0) {
            throw new IOException(file + ": empty (0 bytes), not an .npz archive");
        }
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            byte[] start;
            try (InputStream in = Files.newInputStream(file)) {
                start = in.readNBytes(2);
            }
            if (!Arrays.equals(start, ZIP_MAGIC)) {
                throw new IOException(file + ": not an .npz archive (a zip of .npy files): it does not start as a zip"
                        + " file does", e);
            }
            if ("zip END header not found".equals(e.getMessage())) {
                throw new IOException(file + ": truncated (the end of the archive is missing: " + e.getMessage() + ")", e);
            }
            throw new IOException(file + ": corrupt (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated or corrupt (its table of entries points past the end of the file)", e);
        }
    }

    /**
     * {@link #read(Path)} from a stream, e.g. a class-path resource.
     *
     * @param stream read to its end; not closed
     * @param source names the stream in error messages
     * @return the arrays by name, in entry order
     * @throws IOException naming the source, the entry and what is wrong when the stream is not a
     *                     readable archive of supported arrays
     */
    public static Map<String, INDArray> read(InputStream stream, String source) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(stream)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String entry = source + ": entry " + name(e);
                byte[] bytes;
                try {
                    bytes = zip.readAllBytes();
                } catch (EOFException x) {
                    throw new IOException(entry + ": truncated (" + x.getMessage() + ")", x);
                } catch (ZipException x) {
                    String what = x.getMessage() != null && x.getMessage().startsWith("invalid entry CRC")
                            ? "CRC mismatch: " + x.getMessage() : x.getMessage();
                    throw new IOException(entry + ": corrupt (" + what + ")", x);
                }
                arrays.put(name(e), Npy.read(bytes, entry));
            }
        }
        if (arrays.isEmpty()) {
            throw new IOException(source + ": not an .npz archive, or an empty one");
        }
        return arrays;
    }

    private static String name(ZipEntry e) {
        return e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
    }

    private static String hex(long crc) {
        return String.format("%08x", crc);
    }

    /**
     * Writes {@code arrays} (not modified) to {@code file} atomically: a temporary file in the
     * same folder, forced to the disk, then moved into place. Temporary files of {@code file} that
     * a killed write left behind ({@code .<name>.<random>.tmp}, older than this write) are deleted
     * first.
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
        FileTime started = FileTime.from(Instant.now());
        Path dir = file.toAbsolutePath().getParent();
        createFolder(file, dir);
        deleteStaleTemporaries(file, dir, started);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16))) {
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                    zip.write(Npy.write(e.getValue()));
                    zip.closeEntry();
                }
                beforeClose.run(zip);
                zip.finish();
                zip.flush();
                // on the disk before the rename, so that a power cut never leaves a renamed but empty file
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates {@code dir}, saying which ancestor is a file when one is. */
    private static void createFolder(Path file, Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                break;
            }
            if (Files.exists(p)) {
                throw new IOException("cannot write " + file + ": " + p + " is a file, not a directory");
            }
        }
        Files.createDirectories(dir);
    }

    /**
     * Deletes the temporary files a killed write of {@code file} left in {@code dir}: named as
     * {@link #write} names them (or as earlier versions did, {@code .<name><random>.tmp}) and last
     * modified before this write started. Best effort: one that cannot be deleted is left.
     */
    private static void deleteStaleTemporaries(Path file, Path dir, FileTime started) throws IOException {
        Pattern own = Pattern.compile(Pattern.quote("." + file.getFileName()) + "\\.?[0-9]+\\.tmp");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> own.matcher(p.getFileName().toString()).matches())) {
            for (Path stale : files) {
                try {
                    if (Files.isRegularFile(stale, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(stale, LinkOption.NOFOLLOW_LINKS).compareTo(started) < 0) {
                        Files.deleteIfExists(stale);
                    }
                } catch (IOException e) {
                    // another process may be cleaning up too; whatever is left goes next time
                }
            }
        }
    }

    /** Forces the directory entry of the rename to the disk where the platform allows it (not on Windows). */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // the platform does not open directories; the rename is then as durable as it makes it
        }
    }
}
