package dev.dovetail.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.runtime.intake.HostileRequests;
import dev.dovetail.runtime.intake.HostileRequests.HostileRequest;
import dev.dovetail.runtime.intake.IntakeFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * RELIABILITY S2 over HTTP: the intake's corpus of malformed and hostile webhook requests (HostileRequests from
 * dovetail-runtime's tests) sent to the running hub. Every one gets a 4xx problem+json, nothing reaches the
 * journal, the XXE canary sees no connection, and the hub stays healthy.
 */
class HostileWebhooksIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestServer server;
    private static ServerSocketChannel canary;

    @BeforeAll
    static void start() throws IOException {
        var workspace = TestServer.newFolder("workspace-intake");
        IntakeFixture.write(workspace);
        IntakeFixture.environment().forEach(System::setProperty);
        canary = ServerSocketChannel.open();
        canary.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        canary.configureBlocking(false);
        server = TestServer.start(Map.of("dovetail.workspace", workspace.toString()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) server.close();
        IntakeFixture.environment().keySet().forEach(System::clearProperty);
        if (canary != null) canary.close();
    }

    @Test
    void every_hostile_request_gets_a_4xx_problem_and_nothing_is_journaled() throws Exception {
        int canaryPort = ((InetSocketAddress) canary.getLocalAddress()).getPort();
        var corpusNow = Instant.now();
        var corpus = HostileRequests.corpus(corpusNow, canaryPort);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        long before = journalCount();
        var mismatches = new ArrayList<String>();
        int sent = 0;

        for (HostileRequest listed : corpus) {
            var hostile = listed.code().equals("stale") ? resigned(listed, corpusNow) : listed;
            var path = "/hooks/" + segment(hostile.request().system()) + "/" + segment(hostile.request().event());
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(hostile.request().body()));
            if (hostile.request().contentType() != null) request.header("Content-Type", hostile.request().contentType());
            hostile.request().headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type")) values.forEach(value -> request.header(name, value));
            });
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            sent++;
            // every path reaches the intake itself (docs/adr/0015-webhook-fast-lane.md): an encoded '%' or ';' in a
            // segment is just an unknown system or event name
            int expected = hostile.status();
            String code = response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                    ? Http.JSON.readTree(response.body()).get("code").asString() : "(no problem+json)";
            String expectedCode = hostile.code();
            if (response.statusCode() != expected || !code.equals(expectedCode)) {
                mismatches.add(hostile.name() + ": expected " + expected + " " + expectedCode + ", got " + response.statusCode() + " "
                        + code + " " + abbreviate(response.body()));
            }
        }

        assertThat(sent).isEqualTo(corpus.size());
        assertThat(mismatches).isEmpty();
        assertThat(journalCount()).isEqualTo(before);
        assertThat(canary.accept()).as("connections to the XXE canary").isNull();
        assertThat(server.anonymous().get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void a_legitimate_request_still_gets_through_after_the_corpus() {
        var body = HostileRequests.ORDER.replace("SO-1001", "SO-OK-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        var headers = IntakeFixture.signedHeaders(Instant.now(), body);
        var args = new ArrayList<String>();
        headers.forEach((name, values) -> {
            args.add(name);
            args.add(values.getFirst());
        });

        var answer = server.anonymous().post("/hooks/shop/order-placed", new String(body, StandardCharsets.UTF_8),
                args.toArray(String[]::new));

        assertThat(answer.status()).as("%s", answer).isEqualTo(202);
    }

    /**
     * Cases one second outside the replay window were signed for the corpus's "now", which has passed by the time
     * they are sent: the same offset from the hub's clock, signed again just before sending.
     */
    private static HostileRequest resigned(HostileRequest hostile, Instant corpusNow) {
        var request = hostile.request();
        var timestamp = request.header(IntakeFixture.TIMESTAMP_HEADER).orElse("");
        long value;
        try {
            value = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return hostile;
        }
        boolean millis = timestamp.length() == 13;
        long offset = value - (millis ? corpusNow.toEpochMilli() : corpusNow.getEpochSecond());
        if (Math.abs(offset) > (millis ? 86_400_000L : 86_400L)) return hostile; // not relative to now
        var now = Instant.now();
        var fresh = Long.toString((millis ? now.toEpochMilli() : now.getEpochSecond()) + offset);
        var headers = new java.util.LinkedHashMap<>(request.headers());
        headers.put(IntakeFixture.TIMESTAMP_HEADER, List.of(fresh));
        headers.put(IntakeFixture.SIGNATURE_HEADER, List.of("sha256=" + IntakeFixture.hmacHex(IntakeFixture.SHOP_SECRET, fresh, request.body())));
        return new HostileRequest(hostile.name(), new dev.dovetail.runtime.intake.WebhookRequest(request.system(), request.event(),
                request.contentType(), headers, request.body(), request.remoteAddress(), now), hostile.status(), hostile.code());
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static long journalCount() {
        return server.context().getBean(JdbcClient.class).sql("select count(*) from journal_entry").query(Long.class).single();
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

}
