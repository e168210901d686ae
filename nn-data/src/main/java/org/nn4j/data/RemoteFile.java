package org.nn4j.data;

import java.util.Locale;

/**
 * A file a data set needs: its name (the same on disk and on every mirror) and the SHA-256
 * of its bytes, in lower-case hex; or, for a gzipped file whose compressed bytes differ between
 * mirrors, the SHA-256 of its decompressed content ({@link #ofGzipContent}).
 *
 * @param name          the file's name
 * @param sha256        the SHA-256, 64 hex digits
 * @param ofDecompressed whether {@code sha256} is that of the gunzipped content rather than of the file's bytes
 */
public record RemoteFile(String name, String sha256, boolean ofDecompressed) {

    /**
     * Checks the name and the checksum, and lower-cases the checksum.
     *
     * @param name           the file's name
     * @param sha256         the SHA-256, 64 hex digits
     * @param ofDecompressed whether {@code sha256} is that of the gunzipped content rather than of the file's bytes
     * @throws IllegalArgumentException when {@code name} is empty or contains a path separator, or
     *         {@code sha256} is not 64 hex digits
     */
    public RemoteFile {
        if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("RemoteFile: expected a plain file name, found '" + name + "'");
        }
        if (!sha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("RemoteFile: expected a SHA-256 of 64 hex digits for " + name
                    + ", found '" + sha256 + "'");
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }

    /**
     * A file checked by the SHA-256 of its bytes.
     *
     * @param name   the file's name
     * @param sha256 the SHA-256 of its bytes, 64 hex digits
     * @throws IllegalArgumentException when {@code name} is empty or contains a path separator, or
     *         {@code sha256} is not 64 hex digits
     */
    public RemoteFile(String name, String sha256) {
        this(name, sha256, false);
    }

    /**
     * A gzipped file checked by the SHA-256 of its decompressed content, so that any mirror's
     * compression of the same data is accepted.
     *
     * @param name   the file's name
     * @param sha256 the SHA-256 of the gunzipped content, 64 hex digits
     * @return the file
     * @throws IllegalArgumentException when {@code name} is empty or contains a path separator, or
     *         {@code sha256} is not 64 hex digits
     */
    public static RemoteFile ofGzipContent(String name, String sha256) {
        return new RemoteFile(name, sha256, true);
    }

    /** {@return how the checksum is described in messages: "SHA-256" or "SHA-256 of the decompressed content"} */
    public String checksumKind() {
        return ofDecompressed ? "SHA-256 of the decompressed content" : "SHA-256";
    }
}
