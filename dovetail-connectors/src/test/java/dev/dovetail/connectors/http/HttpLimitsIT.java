package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.connectors.http.RecordingHttpServer.Reply;
import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import dev.dovetail.spi.OperationCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpLimitsIT {

    private final RecordingHttpServer server = RecordingHttpServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpInvoker wms(HttpLimits limits) {
        return HttpInvoker.create(HttpSystemConfig.of("wms", server.baseUrl()).withLimits(limits)
                .withOperation("ping", HttpOperationConfig.of("GET", "/ping")));
    }

    private static java.util.List<DeliveryOutcome> inParallel(HttpInvoker invoker, int calls) throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<DeliveryOutcome>>();
            for (int i = 0; i < calls; i++) {
                futures.add(threads.submit((Callable<DeliveryOutcome>) () -> invoker.invoke(OperationCall.of("wms", "ping"))));
            }
            var outcomes = new ArrayList<DeliveryOutcome>();
            for (var future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        }
    }

    @Test
    void the_rate_limit_spreads_requests_over_time() throws Exception {
        server.on("/ping", r -> Reply.status(204));
        var started = System.nanoTime();
        try (var invoker = wms(HttpLimits.defaults().withRatePerSecond(20))) {
            assertThat(inParallel(invoker, 11)).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(Delivered.class));
        }
        // 11 requests at 20/s need at least 10 gaps of 50 ms; allow for the first period being partly used
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void no_more_requests_are_in_flight_than_the_concurrency_limit() throws Exception {
        server.on("/ping", r -> Reply.status(204).after(Duration.ofMillis(150)));
        try (var invoker = wms(HttpLimits.defaults().withConcurrency(3))) {
            assertThat(inParallel(invoker, 12)).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(Delivered.class));
        }
        assertThat(server.requests()).hasSize(12);
        assertThat(server.maxInFlight()).isLessThanOrEqualTo(3).isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_call_that_finds_no_free_connection_within_its_timeout_is_retried_later() throws Exception {
        server.on("/ping", r -> Reply.status(204).after(Duration.ofMillis(1500)));
        try (var invoker = wms(HttpLimits.defaults().withConcurrency(1).withTimeout(Duration.ofSeconds(5)));
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var holding = threads.submit(() -> invoker.invoke(OperationCall.of("wms", "ping")));
            var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.requests().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10); // poll until the first call holds the only connection slot
            }
            var waiting = invoker.invoke(OperationCall.of("wms", "ping").withTimeout(Duration.ofMillis(200)));
            assertThat(waiting).isInstanceOfSatisfying(RetryLater.class,
                    later -> assertThat(later.reason()).contains("stayed busy for 200 ms"));
            assertThat(holding.get()).isInstanceOf(Delivered.class);
        }
        assertThat(server.requests()).hasSize(1);
    }
}
