package org.nn4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** SHA-256 of files and byte arrays, as lower-case hex (what {@code sha256sum} prints). */
public final class Sha256 {

    private Sha256() {
    }

    /** {@return a fresh SHA-256 digest (every JDK has one)} */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Sha256: this JDK has no SHA-256", e);
        }
    }

    /**
     * Completes {@code digest}; it is reset and may be reused.
     *
     * @param digest a SHA-256 digest fed with the bytes
     * @return the hash as 64 lower-case hex digits
     */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * @param bytes not modified
     * @return the SHA-256 of {@code bytes} as 64 lower-case hex digits
     */
    public static String of(byte[] bytes) {
        MessageDigest d = digest();
        d.update(bytes);
        return hex(d);
    }

    /**
     * @param file read to its end
     * @return the SHA-256 of the file's bytes as 64 lower-case hex digits
     * @throws IOException when the file cannot be read
     */
    public static String of(Path file) throws IOException {
        MessageDigest d = digest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                d.update(buffer, 0, n);
            }
        }
        return hex(d);
    }

    /**
     * @param file a gzipped file, read to its end
     * @return the SHA-256 of its decompressed content as 64 lower-case hex digits
     * @throws IOException when the file cannot be read or is not complete gzip data
     */
    public static String ofGunzipped(Path file) throws IOException {
        MessageDigest d = digest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                d.update(buffer, 0, n);
            }
        }
        return hex(d);
    }
}
