package dev.dovetail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code dovetail.security.public-metrics=false}, Prometheus must scrape with credentials. */
class ClosedMetricsIT {

    @Test
    void closed_metrics_need_a_token_and_health_stays_open() {
        try (var server = TestServer.start(Map.of("dovetail.security.public-metrics", "false"))) {
            var anonymous = server.anonymous().get("/actuator/prometheus");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.contentType()).startsWith("application/problem+json");

            var token = server.admin().post("/api/v1/tokens", "{\"name\": \"prometheus\"}").json().get("token").asString();
            var scraped = Http.to(server.port()).bearer(token).get("/actuator/prometheus");
            assertThat(scraped.status()).isEqualTo(200);
            assertThat(scraped.body()).contains("dovetail_workspace_loaded");
            assertThat(server.anonymous().get("/actuator/health").status()).isEqualTo(200);
        }
    }
}
