package dev.dovetail.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;

/**
 * A real HTTP target for delivery tests (JDK HttpServer on loopback): it records every request (path,
 * Idempotency-Key, body) and answers 201, unless told otherwise for a record: a permanent answer
 * ({@link #reject}) or a few answers in turn ({@link #answerNext}). The record is the body's
 * {@code orderNo}, else {@code sku}.
 */
final class CountingSink implements AutoCloseable {

    record Received(String path, String idempotencyKey, String record, JsonNode body, int answered) {}

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Integer> rejected = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();

    private CountingSink(HttpServer server) {
        this.server = server;
    }

    static CountingSink start() {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            var sink = new CountingSink(server);
            server.createContext("/", sink::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code status} to every request for the record until {@link #accept} is called. */
    void reject(String record, int status) {
        rejected.put(record, status);
    }

    void accept(String record) {
        rejected.remove(record);
    }

    /** The next requests for the record get these statuses, one each; then 201 again. */
    void answerNext(String record, Integer... statuses) {
        scripted.put(record, new ArrayDeque<>(List.of(statuses)));
    }

    /** Every request so far, in arrival order. */
    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests for the record that were answered 2xx. */
    List<Received> accepted(String record) {
        return received().stream().filter(r -> record.equals(r.record()) && r.answered() / 100 == 2).toList();
    }

    List<Received> requests(String record) {
        return received().stream().filter(r -> record.equals(r.record())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            JsonNode body = bytes.length == 0 ? null : Http.JSON.readTree(bytes);
            String record = body == null ? null : body.has("orderNo") ? body.get("orderNo").asString()
                    : body.has("sku") ? body.get("basket").asString() + "/" + body.get("sku").asString() : null;
            int status = 201;
            if (record != null && rejected.containsKey(record)) {
                status = rejected.get(record);
            } else if (record != null && scripted.containsKey(record)) {
                Integer next = scripted.get(record).poll();
                if (next != null) status = next;
            }
            synchronized (this) {
                received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                        record, body, status));
            }
            byte[] answer = (status / 100 == 2 ? "{\"id\":\"ERP-" + received().size() + "\"}"
                    : "{\"error\":\"refused by the test sink\",\"phone\":\"13812345678\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    Set<String> paths() {
        return Set.copyOf(received().stream().map(Received::path).toList());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
