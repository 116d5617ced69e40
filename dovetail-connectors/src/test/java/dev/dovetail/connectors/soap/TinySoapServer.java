package dev.dovetail.connectors.soap;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 and a free port for answers the ERP sandbox never gives (hostile, odd or slow
 * ones). Each path answers with a handler; every request is recorded; unknown paths get 404.
 */
final class TinySoapServer implements AutoCloseable {

    record Recorded(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            var values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }
    }

    record Reply(int status, String contentType, String body, Map<String, String> headers, Duration delay) {
        static Reply xml(int status, String body) {
            return new Reply(status, "text/xml; charset=utf-8", body, Map.of(), Duration.ZERO);
        }

        Reply after(Duration wait) {
            return new Reply(status, contentType, body, headers, wait);
        }
    }

    @FunctionalInterface
    interface Handler {
        Reply handle(Recorded request);
    }

    private final HttpServer server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private TinySoapServer(HttpServer server) {
        this.server = server;
    }

    static TinySoapServer start() {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            var tiny = new TinySoapServer(server);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                try (exchange) {
                    var headers = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
                    exchange.getRequestHeaders().forEach(headers::put);
                    var uri = exchange.getRequestURI();
                    var recorded = new Recorded(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(), headers,
                            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    tiny.requests.add(recorded);
                    var handler = tiny.handlers.get(exchange.getRequestMethod() + " " + uri.getPath());
                    var reply = handler == null ? new Reply(404, "text/plain", "not found", Map.of(), Duration.ZERO) : handler.handle(recorded);
                    if (!reply.delay().isZero()) {
                        Thread.sleep(reply.delay()); // a slow system, for timeouts
                    }
                    var bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
                    reply.headers().forEach(exchange.getResponseHeaders()::set);
                    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
                    exchange.getResponseBody().write(bytes);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException closedByClient) {
                    // the client gave up (timeout tests)
                }
            });
            server.start();
            return tiny;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code method path} (path without query) with {@code handler}. */
    TinySoapServer on(String method, String path, Handler handler) {
        handlers.put(method + " " + path, handler);
        return this;
    }

    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    List<Recorded> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
