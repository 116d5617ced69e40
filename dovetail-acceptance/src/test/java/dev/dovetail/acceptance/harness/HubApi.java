package dev.dovetail.acceptance.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The hub's REST API and metrics, as the {@code admin} user (HTTP basic). */
public final class HubApi {
    private final URI base;
    private final String authorization;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public HubApi(URI base, String user, String password) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
    }

    public static HubApi of(HubProcess hub) {
        return new HubApi(hub.baseUri(), "admin", hub.adminPassword());
    }

    /** An answer: status, body and content type. */
    public record Answer(int status, String body, String contentType) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public Object json() {
            return Json.parse(body);
        }
    }

    public Answer get(String path) {
        return exchange(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Answer post(String path, String json) {
        return exchange(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    /** GET that must succeed; its JSON. */
    public Object getJson(String path) {
        var answer = get(path);
        if (!answer.ok()) throw new AssertionError("GET " + path + " answered " + answer.status() + ": " + answer.body());
        return answer.json();
    }

    /** Every dead letter ({@code GET /api/v1/dead-letters}, following the {@code next} cursor page by page). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> deadLetters() {
        var all = new java.util.ArrayList<Map<String, Object>>();
        String cursor = null;
        do {
            var page = getJson("/api/v1/dead-letters?limit=500" + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, UTF_8)));
            items(page).forEach(item -> all.add((Map<String, Object>) item));
            cursor = null;
            if (page instanceof Map<?, ?> map) {
                for (var name : List.of("nextCursor", "next")) {
                    if (map.get(name) instanceof String next && !next.isBlank()) cursor = next;
                }
            }
        } while (cursor != null);
        return all;
    }

    /** {@code POST /api/v1/messages/{eventId}/replay}. */
    public Answer replay(String eventId) {
        return post("/api/v1/messages/" + eventId + "/replay", null);
    }

    /** {@code /actuator/prometheus}, parsed. */
    public Prometheus metrics() {
        var answer = get("/actuator/prometheus");
        if (!answer.ok()) throw new AssertionError("/actuator/prometheus answered " + answer.status() + ": " + answer.body());
        return Prometheus.parse(answer.body());
    }

    /** The list in a list answer (a bare array or a page object). */
    public static List<Object> items(Object json) {
        if (json instanceof List<?> list) return Json.list(list);
        if (json instanceof Map<?, ?> page) {
            for (var name : List.of("items", "content", "deadLetters", "messages", "data")) {
                if (page.get(name) instanceof List<?> list) return Json.list(list);
            }
        }
        throw new AssertionError("not a list answer: " + json);
    }

    private Answer exchange(HttpRequest.Builder request) {
        try {
            var response = client.send(request.header("Authorization", authorization).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
