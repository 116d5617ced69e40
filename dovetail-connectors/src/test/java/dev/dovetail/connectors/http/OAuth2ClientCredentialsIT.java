package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.connectors.http.RecordingHttpServer.Reply;
import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import dev.dovetail.spi.OperationCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OAuth2ClientCredentialsIT {

    private final RecordingHttpServer server = RecordingHttpServer.start();
    private final AtomicInteger issued = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T00:00:00Z"));

    @AfterEach
    void stop() {
        server.close();
    }

    /** A token endpoint that issues t1, t2, … valid for {@code expiresIn} seconds, after {@code delay}. */
    private void tokenEndpoint(int expiresIn, Duration delay) {
        server.on("/oauth/token", r -> Reply.json(200, "{\"access_token\":\"t" + issued.incrementAndGet()
                + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}").after(delay));
    }

    private HttpInvoker invoker() {
        var config = HttpSystemConfig.of("crm", server.baseUrl())
                .withAuth(new HttpAuth.OAuth2ClientCredentials(server.baseUrl().resolve("/oauth/token"), "dovetail",
                        "client-secret", "orders.write", null, null, null))
                .withOperation("getAccount", HttpOperationConfig.of("GET", "/api/accounts/{id}"));
        return HttpInvoker.builder(config).clock(clock).build();
    }

    private static OperationCall getAccount() {
        return OperationCall.of("crm", "getAccount").withPathParam("id", 7);
    }

    @Test
    void the_token_is_requested_once_with_client_credentials_and_reused() {
        tokenEndpoint(3600, Duration.ZERO);
        server.on("/api", r -> Reply.json(200, "{\"id\":7}"));
        try (var invoker = invoker()) {
            assertThat(invoker.invoke(getAccount())).isInstanceOf(Delivered.class);
            assertThat(invoker.invoke(getAccount())).isInstanceOf(Delivered.class);
        }
        var tokenRequests = server.requests("/oauth/token");
        assertThat(tokenRequests).hasSize(1);
        var tokenRequest = tokenRequests.getFirst();
        assertThat(tokenRequest.method()).isEqualTo("POST");
        assertThat(tokenRequest.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(tokenRequest.bodyText()).isEqualTo("grant_type=client_credentials&scope=orders.write");
        assertThat(new String(Base64.getDecoder().decode(tokenRequest.header("Authorization").substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("dovetail:client-secret");
        assertThat(server.requests("/api")).extracting(r -> r.header("Authorization")).containsExactly("Bearer t1", "Bearer t1");
    }

    @Test
    void the_token_is_replaced_shortly_before_it_expires() {
        tokenEndpoint(3600, Duration.ZERO);
        server.on("/api", r -> Reply.json(200, "{}"));
        try (var invoker = invoker()) {
            invoker.invoke(getAccount());
            clock.advance(Duration.ofSeconds(3600 - 31)); // still 31 s left: kept
            invoker.invoke(getAccount());
            clock.advance(Duration.ofSeconds(2)); // 29 s left: inside the 30 s margin, replaced
            invoker.invoke(getAccount());
        }
        assertThat(server.requests("/oauth/token")).hasSize(2);
        assertThat(server.requests("/api")).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer t1", "Bearer t1", "Bearer t2");
    }

    @Test
    void a_401_fetches_a_new_token_and_sends_the_request_once_more() {
        tokenEndpoint(3600, Duration.ZERO);
        server.on("/api", r -> "Bearer t1".equals(r.header("Authorization")) ? Reply.json(401, "{\"error\":\"token revoked\"}")
                : Reply.json(200, "{\"id\":7}"));
        try (var invoker = invoker()) {
            var outcome = invoker.invoke(getAccount());
            assertThat(outcome).isInstanceOfSatisfying(Delivered.class, d -> assertThat(d.status()).isEqualTo(200));
        }
        assertThat(server.requests("/oauth/token")).hasSize(2);
        assertThat(server.requests("/api")).extracting(r -> r.header("Authorization")).containsExactly("Bearer t1", "Bearer t2");
    }

    @Test
    void a_second_401_after_renewal_is_rejected_without_further_attempts() {
        tokenEndpoint(3600, Duration.ZERO);
        server.on("/api", r -> Reply.json(401, "{\"error\":\"client lacks scope\"}"));
        try (var invoker = invoker()) {
            assertThat(invoker.invoke(getAccount())).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.status()).isEqualTo(401));
        }
        assertThat(server.requests("/api")).hasSize(2);
        assertThat(server.requests("/oauth/token")).hasSize(2);
    }

    @Test
    void concurrent_callers_share_one_token_request() throws Exception {
        tokenEndpoint(3600, Duration.ofMillis(300));
        server.on("/api", r -> Reply.json(200, "{}"));
        try (var invoker = invoker(); var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var calls = new ArrayList<Future<DeliveryOutcome>>();
            for (int i = 0; i < 20; i++) {
                calls.add(threads.submit((Callable<DeliveryOutcome>) () -> invoker.invoke(getAccount())));
            }
            for (var call : calls) {
                assertThat(call.get()).isInstanceOf(Delivered.class);
            }
        }
        assertThat(server.requests("/oauth/token")).hasSize(1);
        assertThat(server.requests("/api")).hasSize(20).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer t1"));
    }

    @Test
    void a_token_endpoint_that_is_down_means_retry_later_and_the_api_is_not_called() {
        server.on("/oauth/token", r -> Reply.text(503, "maintenance").withHeader("Retry-After", "20"));
        try (var invoker = invoker()) {
            assertThat(invoker.invoke(getAccount())).isInstanceOfSatisfying(RetryLater.class, later -> {
                assertThat(later.reason()).contains("OAuth2 token request failed");
                assertThat(later.after()).isEqualTo(Duration.ofSeconds(20));
            });
        }
        assertThat(server.requests("/api")).isEmpty();
    }

    @Test
    void refused_client_credentials_are_a_permanent_failure() {
        server.on("/oauth/token", r -> Reply.json(401, "{\"error\":\"invalid_client\"}"));
        try (var invoker = invoker()) {
            assertThat(invoker.invoke(getAccount())).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.reason()).contains("OAuth2 token request refused");
                assertThat(rejected.responseExcerpt()).contains("invalid_client");
            });
        }
    }
}
