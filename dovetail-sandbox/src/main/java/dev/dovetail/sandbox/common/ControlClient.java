package dev.dovetail.sandbox.common;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Calls a running system's {@code /_control/} endpoints (for tests, the demo and its traffic
 * generator). Every method throws {@link IllegalStateException} on a non-2xx answer.
 */
public final class ControlClient {

    private final URI baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param baseUrl the system's {@code http://127.0.0.1:<port>} */
    public ControlClient(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** {@code POST /_control/reset}: empty state, no faults, zero counters. */
    public void reset() {
        post("/_control/reset", Map.of());
    }

    /** {@code POST /_control/seed}: the deterministic seed records. */
    public void seed() {
        post("/_control/seed", Map.of());
    }

    /** {@code POST /_control/faults} with any settings; returns the resulting settings. */
    public Map<String, Object> faults(Map<String, Object> settings) {
        return post("/_control/faults", settings);
    }

    /** The next {@code count} requests answer {@code status}. */
    public Map<String, Object> failNext(int count, int status) {
        return faults(Map.of("failNext", count, "status", status));
    }

    /** Every request waits {@code millis} first (0 turns it off). */
    public Map<String, Object> latency(long millis) {
        return faults(Map.of("latencyMs", millis));
    }

    /** Answer 503 (with Retry-After) to everything for {@code seconds}. */
    public Map<String, Object> downFor(long seconds) {
        return faults(Map.of("downForSeconds", seconds));
    }

    /** {@code DELETE /_control/faults}. */
    public Map<String, Object> clearFaults() {
        return send(HttpRequest.newBuilder(baseUrl.resolve("/_control/faults")).DELETE());
    }

    /** {@code GET /_control/faults}. */
    public Map<String, Object> faults() {
        return send(HttpRequest.newBuilder(baseUrl.resolve("/_control/faults")).GET());
    }

    /** {@code GET /_control/stats}. */
    public Map<String, Object> stats() {
        return send(HttpRequest.newBuilder(baseUrl.resolve("/_control/stats")).GET());
    }

    /** One counter of {@link #stats()}, 0 when absent. */
    public long stat(String name) {
        Object value = stats().get(name);
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** POSTs a JSON body to any path (e.g. a system's own control endpoint) and returns the JSON object answer. */
    public Map<String, Object> post(String path, Object body) {
        return send(HttpRequest.newBuilder(baseUrl.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    private Map<String, Object> send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? Map.of() : Json.readObject(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + baseUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
