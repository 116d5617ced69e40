package dev.dovetail.acceptance.harness;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's own network pieces on loopback, without a hub: sink, sender, raw client. */
class HarnessIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void the_sink_applies_a_key_once_answers_503_during_an_outage_and_400_for_rejected_orders() throws Exception {
        try (var sink = CountingSink.start(dir.resolve("sink.jsonl"))) {
            var a = OrderEvents.expectedErp(1);
            var b = OrderEvents.expectedErp(2);
            assertThat(post(sink, a, "evt-1:1:erp.createSalesOrder")).isEqualTo(201);
            assertThat(post(sink, a, "evt-1:1:erp.createSalesOrder")).isEqualTo(200);
            sink.reject(List.of("OPP-000002"));
            assertThat(post(sink, b, "evt-2:1:erp.createSalesOrder")).isEqualTo(400);
            sink.accept("OPP-000002");
            sink.unavailableFor(Duration.ofSeconds(30));
            assertThat(post(sink, b, "evt-2:1:erp.createSalesOrder")).isEqualTo(503);
            sink.available();
            assertThat(post(sink, b, "evt-2:1:erp.createSalesOrder")).isEqualTo(201);

            var ledger = sink.ledger();
            assertThat(ledger.requests()).isEqualTo(5);
            assertThat(ledger.effects()).isEqualTo(2);
            assertThat(ledger.rawDuplicates()).isEqualTo(1);
            assertThat(ledger.requests("OPP-000002")).isEqualTo(3);
            assertThat(Files.readAllLines(sink.recordFile())).hasSize(5)
                    .allSatisfy(line -> assertThat(Json.object(line).orElseThrow()).containsKeys("seq", "at", "orderId", "idempotencyKey", "status"));
        }
    }

    @Test
    void the_sink_delays_its_answers_by_the_latency_it_is_given() throws Exception {
        try (var sink = CountingSink.start(dir.resolve("sink.jsonl"))) {
            sink.latency(Duration.ofMillis(300));
            long began = System.nanoTime();
            post(sink, OrderEvents.expectedErp(3), "k");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void the_sender_retries_until_acknowledged_and_signs_every_attempt_afresh() throws Exception {
        var signer = WebhookSigner.crm("harness-secret");
        var attempts = new ConcurrentHashMap<String, AtomicInteger>();
        var signatures = ConcurrentHashMap.<String>newKeySet();
        try (var hub = fakeHub(exchange -> {
            byte[] body = readBody(exchange);
            String ts = exchange.getRequestHeaders().getFirst("X-Crm-Timestamp");
            String sig = exchange.getRequestHeaders().getFirst("X-Crm-Signature");
            if (!("sha256=" + signer.signature(ts, body)).equals(sig)) return new Reply(401, "{}");
            if (!signatures.add(sig)) return new Reply(401, "{\"code\":\"replayed\"}");
            String id = (String) Json.object(new String(body, UTF_8)).orElseThrow().get("id");
            int n = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (id.equals("OPP-000004")) return new Reply(422, "{\"code\":\"key-missing\"}");
            if (n == 1) return new Reply(503, "{}");
            if (n == 2) return null; // drop the connection without an answer
            return new Reply(202, "{\"eventId\":\"evt-" + id + "\"}");
        })) {
            var sender = new WebhookSender(WebhookSender.Options.to(hub.uri(), signer).concurrency(4)
                    .retry(Duration.ofMillis(10), Duration.ofMillis(50)).deadline(Duration.ofSeconds(30)));
            var report = sender.send(OrderEvents.events(5));

            assertThat(report.acked()).containsOnlyKeys("OPP-000001", "OPP-000002", "OPP-000003", "OPP-000005");
            assertThat(report.acked().get("OPP-000001").eventId()).isEqualTo("evt-OPP-000001");
            assertThat(report.acked().values()).allSatisfy(ack -> assertThat(ack.attempts()).isEqualTo(3));
            assertThat(report.refused()).containsOnlyKeys("OPP-000004");
            assertThat(report.refused().get("OPP-000004").status()).isEqualTo(422);
            assertThat(report.unacked()).isEmpty();
            assertThat(report.retries()).containsEntry("503", 4L).containsKey("io");
        }
    }

    @Test
    void the_sender_gives_up_at_its_deadline_and_reports_what_was_not_acknowledged() {
        var sender = new WebhookSender(WebhookSender.Options.to(URI.create("http://127.0.0.1:" + Ports.free() + "/hooks/crm/order-won"),
                WebhookSigner.crm("s")).concurrency(2).retry(Duration.ofMillis(10), Duration.ofMillis(20)).deadline(Duration.ofMillis(500)));
        var report = sender.send(OrderEvents.events(3));
        assertThat(report.unacked()).containsExactlyInAnyOrder("OPP-000001", "OPP-000002", "OPP-000003");
        assertThat(report.retries()).containsKey("connect");
    }

    @Test
    void the_raw_client_hears_an_early_answer_to_a_body_the_server_does_not_read() throws Exception {
        try (var hub = fakeHub(exchange -> new Reply(413, "{\"code\":\"body-too-large\"}"))) {
            var answer = RawHttp.send(hub.port(), "POST", "/hooks/x/y", null, Map.of("X-A", List.of("")), new byte[10 * 1024 * 1024],
                    Duration.ofSeconds(10));
            assertThat(answer.error()).isNull();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.text()).contains("body-too-large");
        }
    }

    private static int post(CountingSink sink, Map<String, Object> order, String key) throws Exception {
        var request = HttpRequest.newBuilder(sink.baseUri().resolve("/erp/orders")).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(Json.compact(order))).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static byte[] readBody(HttpExchange exchange) {
        try {
            return exchange.getRequestBody().readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Reply(int status, String body) {}

    /** A stand-in for the hub's webhook endpoint; a null reply drops the connection. */
    private static FakeHub fakeHub(Function<HttpExchange, Reply> handler) throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            var reply = handler.apply(exchange);
            if (reply == null) throw new IllegalStateException("dropping the connection"); // the server closes it unanswered
            byte[] bytes = reply.body().getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return new FakeHub(server, executor);
    }

    private record FakeHub(HttpServer server, java.util.concurrent.ExecutorService executor) implements AutoCloseable {
        int port() {
            return server.getAddress().getPort();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + port() + "/hooks/crm/order-won");
        }

        @Override
        public void close() {
            server.stop(0);
            executor.close();
        }
    }

}
