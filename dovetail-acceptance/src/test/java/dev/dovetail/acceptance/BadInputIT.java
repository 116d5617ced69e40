package dev.dovetail.acceptance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.acceptance.harness.HubApi;
import dev.dovetail.acceptance.harness.HubProcess;
import dev.dovetail.acceptance.harness.Json;
import dev.dovetail.acceptance.harness.Poll;
import dev.dovetail.acceptance.harness.RawHttp;
import dev.dovetail.acceptance.harness.RunResult;
import dev.dovetail.runtime.intake.HostileRequests;
import dev.dovetail.runtime.intake.HostileRequests.HostileRequest;
import dev.dovetail.runtime.intake.IntakeFixture;
import dev.dovetail.runtime.intake.WebhookRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 3 "Bad input" / S2 (docs/reliability.md): intake's hostile corpus ({@link HostileRequests}: broken JSON and
 * XML, wrong content types, oversize and gzip bombs, deep nesting, XXE and billion laughs, bad signatures, unknown
 * systems and events), replayed over HTTP against the packaged hub. Every request gets its 4xx as
 * {@code application/problem+json} with its stable code and a message; nothing is journaled; the XXE canary port is
 * never called; the hub stays up and still takes a good event afterwards.
 *
 * <p>Two routing cases name a system with {@code %} or {@code ;} in it, percent-encoded in the path; they reach the
 * intake like every other webhook (docs/adr/0015-webhook-fast-lane.md) and get its 404 {@code unknown-system}.
 */
class BadInputIT {

    @Test
    void every_hostile_request_gets_its_4xx_problem_and_nothing_is_journaled() throws Exception {
        RunResult.of("BadInputIT", 0).run(result -> {
            var dir = result.dir();
            clean(dir);
            var workspace = dir.resolve("workspace");
            IntakeFixture.write(workspace);
            var builder = HubProcess.builder("hub", dir).workspace(workspace).dataDir(dir.resolve("hub/data"));
            IntakeFixture.environment().forEach(builder::env);
            try (var canary = new Canary(); var hub = builder.start()) {
                var api = HubApi.of(hub);
                var corpus = HostileRequests.corpus(Instant.now(), canary.port());
                double receivedBefore = received(api);
                result.parameter("cases", corpus.size()).timing("startup", hub.startups().getFirst());

                var failures = new ArrayList<String>();
                var byStatus = new TreeMap<Integer, Integer>();
                long slowestMicros = 0;
                String slowest = "";
                long began = System.nanoTime();
                for (var listed : corpus) {
                    // a timestamp in the future must be that far ahead when it arrives, not when the corpus was built
                    var hostile = listed.name().matches("timestamp \\+\\d+ s") ? restamped(listed) : listed;
                    var answer = send(hub, hostile);
                    byStatus.merge(answer.status(), 1, Integer::sum);
                    if (answer.micros() > slowestMicros) {
                        slowestMicros = answer.micros();
                        slowest = hostile.name();
                    }
                    check(hostile, answer).ifPresent(failures::add);
                    if (!hub.isAlive()) {
                        failures.add(hostile.name() + ": the hub died; log:\n" + hub.logTail(40));
                        break;
                    }
                }
                long corpusMillis = (System.nanoTime() - began) / 1_000_000;

                // Billion Laughs must be refused fast (S2: < 100 ms); the best of three, so one scheduling hiccup does not count
                var laughs = corpus.stream().filter(c -> c.name().equals("XML billion laughs")).findFirst().orElseThrow();
                long laughsMicros = Long.MAX_VALUE;
                for (int i = 0; i < 3; i++) laughsMicros = Math.min(laughsMicros, send(hub, laughs).micros());

                Poll.pause(Duration.ofMillis(500)); // a write the refusals might have caused would show by now
                double receivedAfter = received(api);
                var health = api.get("/actuator/health");

                // the positive control: a good event is still accepted and counted, so the unchanged count above means something
                var good = IntakeFixture.signedOrder("{\"order\":{\"id\":\"SO-CONTROL-1\"}}", Instant.now());
                var control = RawHttp.send(hub.port(), "POST", "/hooks/shop/order-placed", good.contentType(), good.headers(), good.body(),
                        Duration.ofSeconds(30));
                boolean counted = Poll.within(Duration.ofSeconds(5), Duration.ofMillis(100), () -> received(api) == receivedAfter + 1);

                result.count("failures", failures.size()).count("journaledByHostile", (long) (receivedAfter - receivedBefore))
                        .count("canaryConnections", canary.connections()).note("byStatus", byStatus)
                        .timingMillis("corpus", corpusMillis).timingMillis("slowestCase", slowestMicros / 1000.0).note("slowestCase", slowest)
                        .timingMillis("billionLaughsBestOf3", laughsMicros / 1000.0)
                        .count("controlStatus", control.status());
                if (!failures.isEmpty()) result.note("failureList", failures);

                assertThat(failures).as("cases without their 4xx problem").isEmpty();
                assertThat(hub.isAlive()).as("hub alive").isTrue();
                assertThat(health.status()).as("health after the corpus").isEqualTo(200);
                assertThat(receivedAfter - receivedBefore).as("events journaled by the hostile corpus (dovetail_events_received_total)").isZero();
                assertThat(canary.connections()).as("connections to the XXE canary port").isZero();
                assertThat(laughsMicros).as("microseconds to refuse Billion Laughs").isLessThan(100_000);
                assertThat(control.status()).as("a good event after the corpus: %s", control.text()).isEqualTo(202);
                assertThat(counted).as("the good event is counted as received").isTrue();
            }
        });
    }

    private static RawHttp.Answer send(HubProcess hub, HostileRequest hostile) {
        var request = hostile.request();
        return RawHttp.send(hub.port(), "POST", target(hostile), request.contentType(), request.headers(), request.body(), Duration.ofSeconds(30));
    }

    /**
     * A "timestamp +N s" case signed again for N seconds after the present moment, early in a second so that the
     * hub's clock reads the same second when the request arrives (N = 301 is one second past the tolerance).
     */
    private static HostileRequest restamped(HostileRequest hostile) {
        long offset = Long.parseLong(hostile.name().replaceAll("\\D", ""));
        long millis = System.currentTimeMillis() % 1000;
        if (millis > 200) Poll.pause(Duration.ofMillis(1000 - millis));
        var request = hostile.request();
        String timestamp = Long.toString(Instant.now().getEpochSecond() + offset);
        var headers = new java.util.LinkedHashMap<>(request.headers());
        headers.put(IntakeFixture.TIMESTAMP_HEADER, List.of(timestamp));
        headers.put(IntakeFixture.SIGNATURE_HEADER, List.of("sha256=" + IntakeFixture.hmacHex(IntakeFixture.SHOP_SECRET, timestamp, request.body())));
        return new HostileRequest(hostile.name(), new WebhookRequest(request.system(), request.event(), request.contentType(), headers,
                request.body(), request.remoteAddress(), Instant.now()), hostile.status(), hostile.code());
    }

    private static String target(HostileRequest hostile) {
        return "/hooks/" + segment(hostile.request().system()) + "/" + segment(hostile.request().event());
    }

    private static java.util.Optional<String> check(HostileRequest hostile, RawHttp.Answer answer) {
        String name = hostile.name();
        if (answer.status() == 0) return java.util.Optional.of(name + ": no answer (" + answer.error() + ")");
        var problem = Json.object(answer.text());
        String code = problem.flatMap(p -> Json.text(p, "code")).orElse(null);
        String detail = problem.flatMap(p -> Json.text(p, "detail")).orElse("");
        var wrong = new ArrayList<String>();
        if (answer.status() != hostile.status()) wrong.add("status " + answer.status() + " (expected " + hostile.status() + ")");
        if (!answer.header("Content-Type").startsWith("application/problem+json")) wrong.add("Content-Type '" + answer.header("Content-Type") + "'");
        if (!hostile.code().equals(code)) wrong.add("code " + code + " (expected " + hostile.code() + ")");
        if (detail.isBlank()) wrong.add("no detail message");
        if (wrong.isEmpty()) return java.util.Optional.empty();
        String body = answer.text();
        return java.util.Optional.of(name + ": " + String.join(", ", wrong) + "; body: " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, UTF_8).replace("+", "%20");
    }

    private static double received(HubApi api) {
        return api.metrics().sum("dovetail_events_received_total");
    }

    private static void clean(java.nio.file.Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A loopback port that counts every connection made to it (the XXE cases point their entities here). */
    private static final class Canary implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        Canary() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (var client = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
