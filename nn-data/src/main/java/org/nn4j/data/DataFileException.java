package org.nn4j.data;

/**
 * A data file that is missing, unreadable, corrupt or truncated. The message names the file,
 * what was expected and what was found.
 */
public class DataFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message names the file, what was expected and what was found */
    public DataFileException(String message) {
        super(message);
    }

    /**
     * @param message names the file, what was expected and what was found
     * @param cause   the I/O or parsing error underneath
     */
    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
