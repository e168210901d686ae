package org.nn4j.data;

import java.util.Locale;

/**
 * A file a data set needs: its name (the same on disk and on every mirror) and the SHA-256
 * of its bytes, in lower-case hex.
 */
public record RemoteFile(String name, String sha256) {

    /**
     * Checks the name and the checksum, and lower-cases the checksum.
     *
     * @param name   the file's name
     * @param sha256 the SHA-256 of its bytes, 64 hex digits
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
}
