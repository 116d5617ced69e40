package dev.dovetail.connectors.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 and a free port that records every request and answers with
 * handlers chosen by path prefix (the longest matching prefix wins; unknown paths get 404).
 */
final class RecordingHttpServer implements AutoCloseable {

    /** Decides the answer to one request. */
    @FunctionalInterface
    interface Handler {
        Reply handle(RecordedRequest request) throws Exception;
    }

    /** A request as the server saw it. */
    record RecordedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            var values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Query parameters decoded, in order; repeated names keep every value. */
        Map<String, List<String>> query() {
            var params = new LinkedHashMap<String, List<String>>();
            if (rawQuery != null && !rawQuery.isEmpty()) {
                for (var pair : rawQuery.split("&")) {
                    var eq = pair.indexOf('=');
                    var name = decode(eq < 0 ? pair : pair.substring(0, eq));
                    var value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                }
            }
            return params;
        }

        String queryParam(String name) {
            var values = query().get(name);
            return values == null ? null : values.getFirst();
        }

        private static String decode(String text) {
            return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }

    /** An answer: status, headers, body, and an optional delay before it is sent. */
    record Reply(int status, Map<String, String> headers, byte[] body, Duration delay) {
        static Reply status(int status) {
            return new Reply(status, Map.of(), new byte[0], Duration.ZERO);
        }

        static Reply json(int status, String json) {
            return new Reply(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
        }

        static Reply text(int status, String text) {
            return text(status, text, StandardCharsets.UTF_8);
        }

        static Reply text(int status, String text, Charset charset) {
            return new Reply(status, Map.of("Content-Type", "text/plain; charset=" + charset.name()), text.getBytes(charset), Duration.ZERO);
        }

        Reply withHeader(String name, String value) {
            var copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Reply(status, copy, body, delay);
        }

        Reply after(Duration wait) {
            return new Reply(status, headers, body, wait);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private RecordingHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    static RecordingHttpServer start() {
        try {
            return new RecordingHttpServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a test HTTP server", e);
        }
    }

    /** Answers requests whose path starts with {@code pathPrefix}. */
    RecordingHttpServer on(String pathPrefix, Handler handler) {
        handlers.put(pathPrefix, handler);
        return this;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    List<RecordedRequest> requests(String pathPrefix) {
        return requests.stream().filter(r -> r.rawPath().startsWith(pathPrefix)).toList();
    }

    /** The most requests that were being handled at the same moment. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        var now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            var headers = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            var uri = exchange.getRequestURI();
            var request = new RecordedRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    Collections.unmodifiableMap(headers), exchange.getRequestBody().readAllBytes());
            requests.add(request);
            var handler = handlers.entrySet().stream()
                    .filter(entry -> request.rawPath().startsWith(entry.getKey()))
                    .max(java.util.Comparator.comparingInt(entry -> entry.getKey().length()))
                    .map(Map.Entry::getValue)
                    .orElse(r -> Reply.text(404, "no handler for " + r.rawPath()));
            Reply reply;
            try {
                reply = handler.handle(request);
            } catch (Exception e) {
                reply = Reply.text(500, "test handler failed: " + e);
            }
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay()); // simulates a slow server, not a wait for readiness
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            var length = reply.body().length == 0 ? -1 : reply.body().length;
            exchange.sendResponseHeaders(reply.status(), length);
            if (length > 0) {
                exchange.getResponseBody().write(reply.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
