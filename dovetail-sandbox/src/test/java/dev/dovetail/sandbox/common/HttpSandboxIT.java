package dev.dovetail.sandbox.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The common base, through a tiny system defined here. */
class HttpSandboxIT {

    /** Counts hits; its page lists them. */
    static final class CounterSandbox extends HttpSandbox {
        private JsonTable hits;

        CounterSandbox(SandboxOptions options) {
            super("counter", 0, options);
        }

        @Override
        protected void onStart() {
            hits = JsonTable.open(state(), "hits", "id");
        }

        @Override
        protected void routes(Router router) {
            router.post("/hit/{id}", r -> {
                hits.put(Map.of("id", r.pathParam("id")));
                return Response.json(201, Map.of("hits", hits.size()));
            });
            router.get("/hits", r -> Response.json(Map.of("hits", hits.size())));
            router.get("/boom", r -> {
                throw new IllegalStateException("kaputt");
            });
        }

        @Override
        protected void reset() {
            hits.clear();
        }

        @Override
        protected void seed() {
            hits.put(Map.of("id", "seed"));
        }

        @Override
        protected String page(Request request) {
            return HtmlPage.titled("Counter <3").records("Hits", List.of("id"), hits.all()).render();
        }
    }

    @TempDir
    Path state;

    private final HttpClient http = HttpClient.newHttpClient();
    private CounterSandbox system;
    private ControlClient control;

    @BeforeEach
    void start() throws Exception {
        system = new CounterSandbox(SandboxOptions.defaults().withPort(0).withState(state));
        system.start();
        control = new ControlClient(system.baseUrl());
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void seed_and_reset_change_what_the_page_shows() throws Exception {
        control.seed();
        assertThat(get("/").body()).contains("<td>seed</td>").contains("Counter &lt;3").contains("http-equiv=\"refresh\"");
        control.reset();
        assertThat(get("/").body()).doesNotContain("<td>seed</td>");
    }

    @Test
    void fail_next_fails_exactly_that_many_requests_and_spares_control_and_page() throws Exception {
        control.failNext(2, 502);
        assertThat(get("/_control/stats").statusCode()).isEqualTo(200);
        assertThat(get("/").statusCode()).isEqualTo(200);
        assertThat(get("/hits").statusCode()).isEqualTo(502);
        assertThat(get("/hits").statusCode()).isEqualTo(502);
        assertThat(get("/hits").statusCode()).isEqualTo(200);
        assertThat(control.stat("faults.failed")).isEqualTo(2);
        assertThat(control.stat("responses.502")).isEqualTo(2);
    }

    @Test
    void down_answers_503_with_retry_after_until_cleared() throws Exception {
        control.downFor(30);
        HttpResponse<String> answer = get("/hits");
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 30L));
        assertThat(control.faults()).containsEntry("down", true);
        control.clearFaults();
        assertThat(get("/hits").statusCode()).isEqualTo(200);
    }

    @Test
    void latency_delays_every_request() throws Exception {
        control.latency(300);
        long start = System.nanoTime();
        assertThat(get("/hits").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
        control.latency(0);
        assertThat(control.faults()).containsEntry("latencyMs", 0);
    }

    @Test
    void a_bad_fault_setting_is_a_400_naming_it() throws Exception {
        HttpResponse<String> answer = post("/_control/faults", "{\"failnext\": 1}");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("unknown fault setting failnext");
    }

    @Test
    void unknown_paths_wrong_methods_and_handler_bugs_get_404_405_and_500() throws Exception {
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
        assertThat(post("/hits", "{}").statusCode()).isEqualTo(405);
        HttpResponse<String> boom = get("/boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).contains("kaputt");
    }

    @Test
    void state_survives_a_restart() throws Exception {
        assertThat(post("/hit/a", "").statusCode()).isEqualTo(201);
        system.close();
        system = new CounterSandbox(SandboxOptions.defaults().withPort(0).withState(state));
        system.start();
        assertThat(get("/hits").body()).isEqualTo("{\"hits\":1}");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
