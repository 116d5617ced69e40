package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.connectors.http.RecordingHttpServer.Reply;
import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import dev.dovetail.spi.OperationCall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpOutcomeClassificationIT {

    private final RecordingHttpServer server = RecordingHttpServer.start();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T10:00:00Z"));

    @AfterEach
    void stop() {
        server.close();
    }

    private DeliveryOutcome answer(Reply reply) {
        server.on("/orders", r -> reply);
        return call(server.baseUrl(), HttpLimits.defaults());
    }

    private DeliveryOutcome call(URI baseUrl, HttpLimits limits) {
        var config = HttpSystemConfig.of("erp", baseUrl).withLimits(limits)
                .withOperation("createOrder", HttpOperationConfig.of("POST", "/orders"));
        try (var invoker = HttpInvoker.builder(config).clock(clock).build()) {
            return invoker.invoke(OperationCall.of("erp", "createOrder").withJsonBody(java.util.Map.of("no", 1)));
        }
    }

    @Test
    void a_503_with_retry_after_seconds_is_retried_no_earlier_than_asked() {
        var outcome = answer(Reply.text(503, "down for maintenance").withHeader("Retry-After", "7"));
        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class, later -> {
            assertThat(later.after()).isEqualTo(Duration.ofSeconds(7));
            assertThat(later.status()).isEqualTo(503);
            assertThat(later.responseExcerpt()).isEqualTo("down for maintenance");
        });
    }

    @Test
    void a_429_with_an_http_date_retry_after_is_retried_at_that_date() {
        var at = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(120).atOffset(ZoneOffset.UTC));
        var outcome = answer(Reply.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", at));
        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class, later -> {
            assertThat(later.after()).isEqualTo(Duration.ofSeconds(120));
            assertThat(later.status()).isEqualTo(429);
        });
    }

    @Test
    void a_500_without_retry_after_leaves_the_delay_to_the_runtime_s_backoff() {
        assertThat(answer(Reply.text(500, "NullPointerException"))).isInstanceOfSatisfying(RetryLater.class, later -> {
            assertThat(later.after()).isNull();
            assertThat(later.reason()).contains("500");
        });
    }

    @Test
    void a_408_is_retried() {
        assertThat(answer(Reply.status(408))).isInstanceOfSatisfying(RetryLater.class,
                later -> assertThat(later.status()).isEqualTo(408));
    }

    @Test
    void a_400_is_rejected_with_an_excerpt_of_the_answer() {
        var outcome = answer(Reply.json(400, "{\"error\":\"customerNo is required\"}"));
        assertThat(outcome).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.status()).isEqualTo(400);
            assertThat(rejected.reason()).isEqualTo("HTTP 400 Bad Request");
            assertThat(rejected.responseExcerpt()).isEqualTo("{\"error\":\"customerNo is required\"}");
        });
    }

    @Test
    void a_long_error_answer_is_cut_to_about_two_kilobytes() {
        var outcome = answer(Reply.text(422, "x".repeat(200_000)));
        assertThat(outcome).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.responseExcerpt()).hasSize(DeliveryOutcome.EXCERPT_LIMIT).endsWith("…");
        });
    }

    @Test
    void a_redirect_is_not_followed_and_is_rejected() {
        server.on("/internal", r -> Reply.status(200));
        var outcome = answer(Reply.status(302).withHeader("Location", server.baseUrl() + "/internal"));
        assertThat(outcome).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.status()).isEqualTo(302);
            assertThat(rejected.reason()).contains("redirects are not followed");
        });
        assertThat(server.requests("/internal")).isEmpty();
    }

    @Test
    void a_2xx_is_delivered() {
        assertThat(answer(Reply.json(202, "{\"accepted\":true}"))).isInstanceOf(Delivered.class);
    }

    @Test
    void an_answer_slower_than_the_timeout_is_retried_later() {
        server.on("/orders", r -> Reply.status(200).after(Duration.ofSeconds(3)));
        var started = System.nanoTime();
        var outcome = call(server.baseUrl(), HttpLimits.defaults().withTimeout(Duration.ofMillis(300)));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class, later -> {
            assertThat(later.reason()).contains("no complete answer within 300 ms");
            assertThat(later.status()).isEqualTo(DeliveryOutcome.NO_STATUS);
        });
    }

    @Test
    void a_refused_connection_is_retried_later() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var outcome = call(URI.create("http://127.0.0.1:" + closedPort), HttpLimits.defaults());
        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class, later -> assertThat(later.reason()).contains("cannot connect"));
    }

    @Test
    void a_connection_that_cannot_be_established_in_time_is_retried_later() throws IOException {
        // a listener that never accepts, with its backlog filled, leaves new connections hanging in SYN
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var fillers = new ArrayList<Socket>();
            try {
                for (int i = 0; i < 8; i++) {
                    var filler = new Socket();
                    try {
                        filler.connect(listener.getLocalSocketAddress(), 200);
                        fillers.add(filler);
                    } catch (IOException backlogFull) {
                        filler.close();
                        break;
                    }
                }
                var started = System.nanoTime();
                var outcome = call(URI.create("http://127.0.0.1:" + listener.getLocalPort()),
                        HttpLimits.defaults().withConnectTimeout(Duration.ofMillis(300)).withTimeout(Duration.ofSeconds(5)));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
                assertThat(outcome).isInstanceOfSatisfying(RetryLater.class,
                        later -> assertThat(later.reason()).isEqualTo("connect timed out after 300 ms"));
            } finally {
                for (var filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void a_successful_answer_over_the_size_limit_is_rejected_as_possibly_applied() {
        server.on("/orders", r -> Reply.text(200, "y".repeat(10_000)));
        var outcome = call(server.baseUrl(), HttpLimits.defaults().withMaxResponseBytes(1_000));
        assertThat(outcome).isInstanceOfSatisfying(Rejected.class,
                rejected -> assertThat(rejected.reason()).contains("exceeds 1000 bytes").contains("may have taken effect"));
    }
}
