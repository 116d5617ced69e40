package dev.dovetail.runtime.poll;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dovetail.runtime.dedup.DedupKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A system that lists records changed since a time, as CRMs do: {@code GET /records?updatedSince=<iso>&cursor=<id>}
 * answers {@code {"items": [...], "nextCursor": ...}} with up to {@code pageSize} records ordered by
 * {@code updatedAt} then {@code id}, {@code updatedSince} inclusive. Failures can be injected; every
 * request is recorded.
 */
final class PageServer implements AutoCloseable {
    /** One request as received. */
    record Request(Map<String, String> query, Instant at) {
        String param(String name) {
            return query.get(name);
        }
    }

    private final HttpServer server;
    private final List<Map<String, Object>> records = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile boolean rejectCursorPages;
    private volatile Duration latency = Duration.ZERO;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final int pageSize;

    PageServer(int pageSize) throws IOException {
        this.pageSize = pageSize;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/records", this::list);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a record {@code {"id", "name", "updatedAt"}}. */
    PageServer record(String id, String name, String updatedAt) {
        var record = new LinkedHashMap<String, Object>();
        record.put("id", id);
        record.put("name", name);
        record.put("updatedAt", updatedAt);
        records.add(record);
        return this;
    }

    /** {@code count} records R001.., updated one minute apart from {@code start}. */
    PageServer records(int count, Instant start) {
        for (int i = 0; i < count; i++) {
            record(String.format("R%03d", records.size() + 1), "record " + (records.size() + 1), start.plusSeconds(60L * i).toString());
        }
        return this;
    }

    void failNext(int count, int status) {
        failStatus = status;
        failNext.set(count);
    }

    void rejectCursorPages(boolean reject) {
        rejectCursorPages = reject;
    }

    void latency(Duration value) {
        latency = value;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    private void list(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            var query = query(exchange.getRequestURI());
            requests.add(new Request(query, Instant.now()));
            if (!latency.isZero()) {
                Thread.sleep(latency);
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(exchange, failStatus, "{\"error\":\"injected\"}");
                return;
            }
            if (rejectCursorPages && query.containsKey("cursor")) {
                answer(exchange, 400, "{\"error\":\"bad cursor\"}");
                return;
            }
            String since = query.get("updatedSince");
            String after = query.get("cursor");
            Comparator<Map<String, Object>> order = Comparator.comparing((Map<String, Object> r) -> (String) r.get("updatedAt"))
                    .thenComparing(r -> (String) r.get("id"));
            var found = new ArrayList<Map<String, Object>>();
            for (var record : records) {
                String updated = (String) record.get("updatedAt");
                if (since != null && Instant.parse(updated).isBefore(Instant.parse(since))) continue;
                if (after != null && (updated + "|" + record.get("id")).compareTo(after) <= 0) continue;
                found.add(record);
            }
            found.sort(order);
            var page = found.subList(0, Math.min(pageSize, found.size()));
            var answer = new LinkedHashMap<String, Object>();
            answer.put("items", new ArrayList<Object>(page));
            if (found.size() > page.size()) {
                var last = page.getLast();
                answer.put("nextCursor", last.get("updatedAt") + "|" + last.get("id"));
            } else {
                answer.put("nextCursor", null);
            }
            answer(exchange, 200, DedupKeys.json(answer));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(exchange, 503, "{}");
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(URI uri) {
        var query = new LinkedHashMap<String, String>();
        String raw = uri.getRawQuery();
        if (raw == null) return query;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
