package org.nn4j.data;

/**
 * Files that are not on disk and could not be downloaded (offline, every mirror failed, or
 * a checksum mismatch). The message lists each file, its expected SHA-256 and the folder to
 * put it in, then what each mirror answered.
 */
public class MissingDataException extends DataFileException {

    private static final long serialVersionUID = 1L;

    /** @param message lists each missing file, its SHA-256, the folder to put it in and what each mirror answered */
    public MissingDataException(String message) {
        super(message);
    }
}
