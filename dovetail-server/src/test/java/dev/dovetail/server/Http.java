package dev.dovetail.server;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JDK HttpClient wrapper for tests: one base address, optional credentials, optional cookies. */
final class Http {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient client;
    private final String authorization;

    private Http(URI base, HttpClient client, String authorization) {
        this.base = base;
        this.client = client;
        this.authorization = authorization;
    }

    static Http to(int port) {
        return new Http(URI.create("http://127.0.0.1:" + port), HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).build(), null);
    }

    /** A client that keeps cookies, like a browser session (redirects are not followed). */
    static Http browser(int port) {
        return new Http(URI.create("http://127.0.0.1:" + port), HttpClient.newBuilder()
                .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build(), null);
    }

    Http basic(String user, String password) {
        var value = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Http(base, client, "Basic " + value);
    }

    Http bearer(String token) {
        return new Http(base, client, "Bearer " + token);
    }

    Response get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    Response delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    Response post(String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response put(String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response postForm(String path, String form, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    HttpClient client() {
        return client;
    }

    private HttpRequest.Builder request(String path, String... headers) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (authorization != null) builder.header("Authorization", authorization);
        for (int i = 0; i + 1 < headers.length; i += 2) builder.header(headers[i], headers[i + 1]);
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Location").orElse(""), response.body(), response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String contentType, String location, String body, HttpResponse<String> raw) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse("");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }
}
