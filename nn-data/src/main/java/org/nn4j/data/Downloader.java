package org.nn4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches the files of a data set that are not on disk yet. Each missing file is tried on
 * every mirror in order, streamed to a temporary name in the target folder while its
 * SHA-256 is computed, and moved into place only when the checksum matches; whatever fails
 * leaves nothing behind. Files already on disk are trusted as they are (check them with
 * {@code sha256sum -c} if in doubt): that lets users keep uncompressed or local copies.
 *
 * <pre>{@code
 * new Downloader(List.of("https://ossci-datasets.s3.amazonaws.com/mnist/"))
 *         .ensure("Mnist", folder, Mnist.FILES);
 * }</pre>
 */
public final class Downloader {

    private final List<String> mirrors;
    private final int timeoutMillis;

    /**
     * @param mirrors       base URLs, tried in order; a file's URL is the base followed by its name
     * @param timeoutMillis connect and read timeout of each request
     */
    public Downloader(List<String> mirrors, int timeoutMillis) {
        this.mirrors = mirrors.stream().map(m -> m.endsWith("/") ? m : m + "/").toList();
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * A downloader with connect and read timeouts of 30 s.
     *
     * @param mirrors base URLs, tried in order; a file's URL is the base followed by its name
     */
    public Downloader(List<String> mirrors) {
        this(mirrors, 30_000);
    }

    /** @return the base URLs tried in order, each followed by a file's name */
    public List<String> mirrors() {
        return mirrors;
    }

    /**
     * Makes sure every file is in {@code folder}, downloading the missing ones.
     *
     * @param dataset names the data set in messages, e.g. "Mnist"
     * @param folder  where the files belong; created when missing
     * @param files   the files with their SHA-256s; a file already present is used as it is, a downloaded one is checked
     * @throws MissingDataException listing every file that is still missing, its SHA-256, the
     *                              folder to put it in and what each mirror answered
     * @throws DataFileException    when {@code folder} or one of its parents is a file, naming it
     */
    public void ensure(String dataset, Path folder, List<RemoteFile> files) {
        for (Path p = folder.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            if (Files.exists(p)) {
                throw new DataFileException(dataset + ": cannot use the folder " + folder.toAbsolutePath() + ": " + p
                        + " is not a directory, it is a file (the data folder comes from --data DIR, $" + DataFolder.ENV
                        + " or ./data)");
            }
        }
        StringBuilder failures = new StringBuilder();
        int missing = 0;
        for (RemoteFile file : files) {
            if (Files.exists(folder.resolve(file.name()))) {
                continue;
            }
            List<String> answers = fetch(folder, file);
            if (!answers.isEmpty()) {
                missing++;
                failures.append("\n  ").append(file.name()).append("  ").append(file.checksumKind()).append(" ")
                        .append(file.sha256());
                for (String answer : answers) {
                    failures.append("\n    ").append(answer);
                }
            }
        }
        if (missing > 0) {
            throw new MissingDataException(dataset + ": " + missing + " file(s) missing from " + folder.toAbsolutePath()
                    + " and not downloadable; put each file there (the data folder comes from --data DIR, $"
                    + DataFolder.ENV + " or ./data):" + failures);
        }
    }

    /** Tries each mirror in turn; returns what each failed one answered, or nothing on success. */
    private List<String> fetch(Path folder, RemoteFile file) {
        List<String> answers = new ArrayList<>();
        if (mirrors.isEmpty()) {
            answers.add("no mirror configured");
        }
        for (String mirror : mirrors) {
            String url = mirror + file.name();
            try {
                download(url, folder, file);
                return List.of();
            } catch (IOException | RuntimeException e) {
                answers.add(url + ": " + describe(e));
            }
        }
        return answers;
    }

    private void download(String url, Path folder, RemoteFile file) throws IOException {
        Files.createDirectories(folder);
        URLConnection connection = URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        if (connection instanceof HttpURLConnection http) {
            int code = http.getResponseCode();
            if (code != HttpURLConnection.HTTP_OK) {
                http.disconnect();
                throw new IOException("HTTP " + code + (http.getResponseMessage() == null ? "" : " " + http.getResponseMessage()));
            }
        }
        long announced = connection.getContentLengthLong();
        System.err.println("nn4j: downloading " + url + " to " + folder.toAbsolutePath());
        // a temporary name in the same folder, so that the final move is atomic
        Path part = Files.createTempFile(folder, "." + file.name() + ".", ".part");
        try {
            MessageDigest digest = Sha256.digest();
            long length = 0;
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(part)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    length += n;
                }
            }
            if (announced >= 0 && length != announced) {
                throw new IOException("connection closed after " + length + " of " + announced + " bytes");
            }
            String found;
            if (file.ofDecompressed()) {
                try {
                    found = Sha256.ofGunzipped(part);
                } catch (IOException e) {
                    throw new IOException("expected gzip data (" + length + " bytes), found corrupt or truncated gzip"
                            + " data (" + e.getMessage() + "); the file was discarded", e);
                }
            } else {
                found = Sha256.hex(digest);
            }
            if (!found.equals(file.sha256())) {
                throw new IOException("checksum mismatch: expected " + file.checksumKind() + " " + file.sha256()
                        + ", found " + found
                        + " (" + length + " bytes); the file was discarded");
            }
            moveIntoPlace(part, folder.resolve(file.name()));
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : e.getClass() == IOException.class ? m
                : e.getClass().getSimpleName() + ": " + m;
    }
}
