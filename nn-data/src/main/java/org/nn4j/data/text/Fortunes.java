package org.nn4j.data.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nn4j.data.DataFileException;
import org.nn4j.data.DataFolder;
import org.nn4j.data.Downloader;
import org.nn4j.data.MissingDataException;
import org.nn4j.data.RemoteFile;
import org.nn4j.data.Sha256;

/**
 * The fortunes corpus, {@code <data>/fortunes/fortunes.txt}: the quotations of Debian's {@code fortunes} package
 * (fortune-mod 1.99.1), concatenated in file-name order without the {@code ascii-art} file, 2,472,398 bytes of
 * UTF-8 text, 14,385 quotations separated by lines holding a single {@code %} — a corpus for character language
 * models about the size of "tiny Shakespeare".
 *
 * <p>There is no public copy of this exact file to download: put it in the folder (the message of the
 * {@link MissingDataException} says where). It is checked against its SHA-256, so a truncated or different file
 * is reported rather than trained on; to train on another text, read it yourself and use {@link TextCorpus#of}.
 */
public final class Fortunes {

    /** The sub-folder of the data folder. */
    public static final String FOLDER = "fortunes";

    /** The corpus file and its SHA-256. */
    public static final RemoteFile FILE = new RemoteFile("fortunes.txt",
            "cf306156a57de55995b90d6e959189a5b6b1920e19f7e0c23425984027d6a7b8");

    private Fortunes() {
    }

    /**
     * The corpus of {@code <dataRoot>/fortunes/fortunes.txt}, its vocabulary made of the characters it holds.
     *
     * @param dataRoot the data folder (see {@link DataFolder})
     * @return the whole text as a corpus
     * @throws MissingDataException when the file is missing, saying where to put it
     * @throws DataFileException    when the file is unreadable or not the expected file
     */
    public static TextCorpus load(Path dataRoot) {
        return TextCorpus.of(text(dataRoot));
    }

    /**
     * The text of {@code <dataRoot>/fortunes/fortunes.txt}.
     *
     * @param dataRoot the data folder (see {@link DataFolder})
     * @return the whole text
     * @throws MissingDataException when the file is missing, saying where to put it
     * @throws DataFileException    when the file is unreadable or not the expected file
     */
    public static String text(Path dataRoot) {
        Path folder = dataRoot.resolve(FOLDER);
        new Downloader(List.of()).ensure("Fortunes", folder, List.of(FILE));
        Path file = folder.resolve(FILE.name());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataFileException("Fortunes: cannot read " + file + ": " + e, e);
        }
        String found = Sha256.of(bytes);
        if (!found.equals(FILE.sha256())) {
            throw new DataFileException("Fortunes: " + file + " is not the expected corpus: its SHA-256 is " + found
                    + ", expected " + FILE.sha256() + " (" + bytes.length + " bytes, expected 2472398)");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
