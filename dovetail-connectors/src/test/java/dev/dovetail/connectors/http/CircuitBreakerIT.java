package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.connectors.http.RecordingHttpServer.Reply;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import dev.dovetail.spi.OperationCall;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CircuitBreakerIT {

    private final RecordingHttpServer server = RecordingHttpServer.start();
    private final AtomicBoolean down = new AtomicBoolean(true);

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpInvoker erp() {
        var breaker = new CircuitBreakerSettings(true, 50, 4, 4, Duration.ofMillis(300), 2);
        return HttpInvoker.create(HttpSystemConfig.of("erp", server.baseUrl())
                .withLimits(HttpLimits.defaults().withCircuitBreaker(breaker))
                .withOperation("createOrder", HttpOperationConfig.of("POST", "/orders")));
    }

    private static OperationCall createOrder() {
        return OperationCall.of("erp", "createOrder");
    }

    @Test
    void the_breaker_opens_after_repeated_503s_stops_calling_and_closes_after_recovery() throws Exception {
        server.on("/orders", r -> down.get() ? Reply.text(503, "down") : Reply.json(201, "{}"));
        var transitions = new CopyOnWriteArrayList<CircuitTransition>();
        try (var invoker = erp()) {
            invoker.onCircuitTransition(transitions::add);
            for (int i = 0; i < 4; i++) {
                assertThat(invoker.invoke(createOrder())).isInstanceOf(RetryLater.class);
            }
            assertThat(invoker.circuitState()).isEqualTo(CircuitState.OPEN);

            var refused = invoker.invoke(createOrder());
            assertThat(refused).isInstanceOfSatisfying(RetryLater.class, later -> {
                assertThat(later.reason()).contains("circuit breaker").contains("open");
                assertThat(later.after()).isLessThanOrEqualTo(Duration.ofMillis(300));
            });
            assertThat(server.requests()).hasSize(4); // the open breaker did not call the system

            down.set(false);
            var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (invoker.circuitState() != CircuitState.CLOSED && System.nanoTime() < deadline) {
                invoker.invoke(createOrder()); // refused while open, then the half-open probes go through
                Thread.sleep(20); // poll interval
            }
            assertThat(invoker.circuitState()).isEqualTo(CircuitState.CLOSED);
            assertThat(invoker.invoke(createOrder())).isInstanceOf(Delivered.class);
        }
        assertThat(transitions).extracting(CircuitTransition::to)
                .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
        assertThat(transitions).allSatisfy(t -> assertThat(t.system()).isEqualTo("erp"));
    }

    @Test
    void a_failing_probe_reopens_the_breaker() throws Exception {
        server.on("/orders", r -> Reply.text(503, "still down"));
        var transitions = new CopyOnWriteArrayList<CircuitState>();
        try (var invoker = erp()) {
            invoker.onCircuitTransition(t -> transitions.add(t.to()));
            var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (transitions.size() < 3 && System.nanoTime() < deadline) {
                invoker.invoke(createOrder());
                Thread.sleep(20); // poll interval
            }
        }
        assertThat(transitions).startsWith(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.OPEN);
    }

    @Test
    void rejections_do_not_open_the_breaker_because_the_system_is_answering() {
        server.on("/orders", r -> Reply.json(400, "{\"error\":\"invalid\"}"));
        try (var invoker = erp()) {
            for (int i = 0; i < 10; i++) {
                assertThat(invoker.invoke(createOrder())).isInstanceOf(Rejected.class);
            }
            assertThat(invoker.circuitState()).isEqualTo(CircuitState.CLOSED);
        }
        assertThat(server.requests()).hasSize(10);
    }

    @Test
    void a_disabled_breaker_never_opens() {
        server.on("/orders", r -> Reply.text(503, "down"));
        try (var invoker = HttpInvoker.create(HttpSystemConfig.of("erp", server.baseUrl())
                .withLimits(HttpLimits.defaults().withCircuitBreaker(CircuitBreakerSettings.disabled()))
                .withOperation("createOrder", HttpOperationConfig.of("POST", "/orders")))) {
            for (int i = 0; i < 30; i++) {
                invoker.invoke(createOrder());
            }
            assertThat(invoker.circuitState()).isEqualTo(CircuitState.DISABLED);
        }
        assertThat(server.requests()).hasSize(30);
    }
}
