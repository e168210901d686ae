package org.nn4j.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 (an ephemeral port) serving in-memory files, for the download
 * tests. Paths not registered answer 404; {@link #truncate} makes a path announce its full
 * length, send the first bytes and drop the connection.
 */
final class LocalServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> cuts = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    /**
     * A mirror on a port nothing listens on (opened, then closed): every download from it is refused.
     *
     * @param folder the mirror's folder, e.g. "mnist"
     */
    static String refusingMirror(String folder) throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/" + folder + "/";
        }
    }

    LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL of folder {@code folder}, e.g. {@code http://127.0.0.1:4711/a/}. */
    String base(String folder) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + folder + "/";
    }

    LocalServer serve(String path, byte[] bytes) {
        files.put(path, bytes);
        return this;
    }

    /** Serve {@code path} but drop the connection after {@code bytes} bytes. */
    LocalServer truncate(String path, int bytes) {
        cuts.put(path, bytes);
        return this;
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath().substring(1);
        byte[] body = files.get(path);
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        Integer cut = cuts.get(path);
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, cut == null ? body.length : cut);
        out.flush();
        if (cut != null) {
            // the JDK server closes the socket when a handler throws: the client sees the
            // announced length cut short, as when a real connection drops
            throw new IOException("LocalServer: dropping the connection after " + cut + " bytes on purpose");
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
