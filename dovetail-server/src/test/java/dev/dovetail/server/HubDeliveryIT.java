package dev.dovetail.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.runtime.intake.IntakeFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The running hub end to end: signed webhooks into the journal, flows delivering to a real HTTP target (a
 * counting sink standing in for the ERP), retries, dead letters, replay, discard, traces, metrics and the
 * messages API. Workspace: {@code src/test/resources/workspaces/hub}; the ERP's address comes from the
 * {@code ERP_URL} placeholder and the webhook secret from {@code DOVETAIL_SECRET_CRM_WEBHOOK}, both given as
 * system properties.
 */
class HubDeliveryIT {
    private static final String SECRET = "test-only-crm-webhook-secret-0123456789";
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final AtomicInteger SENT = new AtomicInteger();

    private static CountingSink sink;
    private static TestServer server;
    private static java.nio.file.Path workspace;

    @BeforeAll
    static void start() {
        sink = CountingSink.start();
        System.setProperty("ERP_URL", sink.url());
        System.setProperty("DOVETAIL_SECRET_CRM_WEBHOOK", SECRET);
        workspace = Workspaces.copyOf("hub");
        server = TestServer.start(Map.of(
                "dovetail.workspace", workspace.toString(),
                "dovetail.delivery.backoff.initial", "100ms",
                "dovetail.delivery.backoff.max", "300ms",
                "dovetail.delivery.max-attempts", "5"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (sink != null) sink.close();
        System.clearProperty("ERP_URL");
        System.clearProperty("DOVETAIL_SECRET_CRM_WEBHOOK");
    }

    // ---- intake -------------------------------------------------------------------------------------

    @Test
    void a_signed_webhook_is_acknowledged_with_202_and_delivered_once_with_an_idempotency_key() {
        var order = unique("SO");
        var answer = send("order-won", order(order, 1));

        assertThat(answer.status()).as("%s", answer).isEqualTo(202);
        var eventId = answer.json().get("eventId").asString();
        assertThat(UUID.fromString(eventId)).isNotNull();
        assertThat(answer.header("Dovetail-Event-Id")).isEqualTo(eventId);

        var delivered = Eventually.poll(WITHIN, () -> sink.accepted(order), list -> !list.isEmpty());
        assertThat(delivered).hasSize(1);
        assertThat(delivered.getFirst().path()).isEqualTo("/erp/orders");
        assertThat(delivered.getFirst().idempotencyKey()).isEqualTo(eventId + ":1:erp.createSalesOrder");
        assertThat(delivered.getFirst().body().get("customer").asString()).isEqualTo("ACME");
        assertThat(status(eventId)).isEqualTo("done");
    }

    @Test
    void a_repeated_webhook_gets_200_duplicate_and_is_not_delivered_again() {
        var order = unique("SO");
        var first = send("order-won", order(order, 1));
        assertThat(first.status()).isEqualTo(202);
        Eventually.poll(WITHIN, () -> sink.accepted(order), list -> !list.isEmpty());

        var repeat = send("order-won", order(order, 1)); // signed again with another timestamp: not a byte-identical replay

        assertThat(repeat.status()).as("%s", repeat).isEqualTo(200);
        assertThat(repeat.json().get("eventId").asString()).isEqualTo(first.json().get("eventId").asString());
        assertThat(repeat.json().get("duplicate").asBoolean()).isTrue();
        assertThat(status(first.json().get("eventId").asString())).isEqualTo("done");
        assertThat(sink.requests(order)).hasSize(1);
        assertThat(journalCount("record_key = '" + order + "'")).isEqualTo(1);
    }

    @Test
    void a_byte_identical_replay_of_a_signed_request_gets_401() {
        var body = order(unique("SO"), 1).getBytes(StandardCharsets.UTF_8);
        var timestamp = Long.toString(Instant.now().getEpochSecond() - 100);
        var signature = "sha256=" + IntakeFixture.hmacHex(SECRET, timestamp, body);

        assertThat(post("order-won", body, signature, timestamp).status()).isEqualTo(202);
        var replayed = post("order-won", body, signature, timestamp);

        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.json().get("code").asString()).isEqualTo("replayed");
    }

    @Test
    void a_forged_signature_gets_401_problem_json_and_nothing_is_journaled() {
        var order = unique("SO");
        var before = journalCount("1 = 1");
        var body = order(order, 1).getBytes(StandardCharsets.UTF_8);
        var timestamp = Long.toString(Instant.now().getEpochSecond());

        var forged = post("order-won", body, "sha256=" + IntakeFixture.hmacHex("not-the-secret", timestamp, body), timestamp);

        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.contentType()).startsWith("application/problem+json");
        assertThat(forged.json().get("code").asString()).isEqualTo("signature-invalid");
        assertThat(journalCount("1 = 1")).isEqualTo(before);
        assertThat(journalCount("record_key = '" + order + "'")).isZero();
    }

    @Test
    void an_unknown_event_gets_404_problem_json() {
        var answer = server.anonymous().post("/hooks/crm/no-such-event", "{\"id\": \"x\"}");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("code").asString()).isEqualTo("unknown-event");
    }

    @Test
    void a_flow_with_a_reply_step_answers_the_webhook_with_its_reply() {
        var quote = unique("Q");
        var answer = send("quote-requested", "{\"id\": \"" + quote + "\"}");

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.json().get("quote").asString()).isEqualTo(quote);
        assertThat(answer.json().get("price").asInt()).isEqualTo(42);
        assertThat(answer.header("Dovetail-Event-Id")).isNotBlank();
    }

    // ---- delivery -----------------------------------------------------------------------------------

    @Test
    void a_target_answering_503_is_retried_until_it_accepts() {
        var order = unique("SO");
        sink.answerNext(order, 503, 503);

        var eventId = send("order-won", order(order, 1)).json().get("eventId").asString();

        var requests = Eventually.poll(WITHIN, () -> sink.requests(order), list -> list.size() >= 3);
        assertThat(requests).extracting(CountingSink.Received::answered).containsExactly(503, 503, 201);
        assertThat(requests).extracting(CountingSink.Received::idempotencyKey).containsOnly(eventId + ":1:erp.createSalesOrder");
        assertThat(Eventually.poll(WITHIN, () -> status(eventId), "done"::equals)).isEqualTo("done");
        var detail = server.admin().get("/api/v1/messages/" + eventId).json();
        assertThat(detail.get("message").get("attempts").asInt()).isEqualTo(3);
        assertThat(detail.get("traces").values()).hasSize(3);
    }

    @Test
    void a_split_delivers_once_per_item_each_as_its_own_message() {
        var basket = unique("B");
        var answer = send("basket-checked-out", "{\"id\": \"" + basket + "\", \"lines\": [{\"sku\": \"A-1\", \"qty\": 2},"
                + " {\"sku\": \"B-2\", \"qty\": 1}, {\"sku\": \"C-3\", \"qty\": 5}]}");
        var eventId = answer.json().get("eventId").asString();

        var detail = Eventually.poll(WITHIN, () -> server.admin().get("/api/v1/messages/" + eventId).json(),
                d -> d.get("derived").size() == 3);
        assertThat(detail.get("derived").values()).hasSize(3);
        detail.get("derived").values().forEach(item ->
                assertThat(Eventually.poll(WITHIN, () -> status(item.asString()), "done"::equals)).isEqualTo("done"));

        var lines = sink.received().stream().filter(r -> r.record() != null && r.record().startsWith(basket + "/")).toList();
        assertThat(lines).extracting(CountingSink.Received::record)
                .containsExactlyInAnyOrder(basket + "/A-1", basket + "/B-2", basket + "/C-3");
        assertThat(lines).extracting(CountingSink.Received::idempotencyKey).doesNotHaveDuplicates();
        var item = server.admin().get("/api/v1/messages/" + detail.get("derived").get(0).asString()).json();
        assertThat(item.get("message").get("causedBy").asString()).isEqualTo(eventId);
        assertThat(item.get("message").get("flow").asString()).isEqualTo("basket-split");
        assertThat(item.get("message").get("resumeAt").asString()).isEqualTo("1");
    }

    @Test
    void events_of_one_key_are_delivered_in_the_order_they_arrived() {
        var order = unique("SO");
        for (int version = 1; version <= 8; version++) {
            assertThat(send("order-won", order(order, version)).status()).isEqualTo(202);
        }

        var delivered = Eventually.poll(WITHIN, () -> sink.accepted(order), list -> list.size() >= 8);

        assertThat(delivered).extracting(r -> r.body().get("version").asInt()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    // ---- dead letters, replay, discard ---------------------------------------------------------------

    @Test
    void a_rejected_delivery_becomes_a_dead_letter_that_replays_once_the_target_is_fixed() {
        var order = unique("SO");
        sink.reject(order, 400);
        var eventId = send("order-won", order(order, 1)).json().get("eventId").asString();

        assertThat(Eventually.poll(WITHIN, () -> status(eventId), "dead"::equals)).isEqualTo("dead");
        var deadLetters = server.admin().get("/api/v1/dead-letters?system=crm&key=" + order).json().get("items");
        assertThat(deadLetters.values()).hasSize(1);
        var deadLetter = deadLetters.get(0);
        assertThat(deadLetter.get("eventId").asString()).isEqualTo(eventId);
        assertThat(deadLetter.get("reason").asString()).contains("erp.createSalesOrder rejected the call (status 400)");
        assertThat(deadLetter.get("step").get("kind").asString()).isEqualTo("deliver");
        assertThat(deadLetter.get("step").get("step").asString()).isEqualTo("1");
        assertThat(deadLetter.get("flow").asString()).isEqualTo("order-relay");
        assertThat(deadLetter.get("lastAnswer").asString()).contains("refused by the test sink").contains("****5678")
                .doesNotContain("13812345678");
        assertThat(sink.requests(order)).hasSize(1); // a 4xx is not retried

        sink.accept(order);
        var replay = server.admin().post("/api/v1/messages/" + eventId + "/replay", "");
        assertThat(replay.status()).as("%s", replay).isEqualTo(202);

        assertThat(Eventually.poll(WITHIN, () -> status(eventId), "done"::equals)).isEqualTo("done");
        assertThat(sink.accepted(order)).hasSize(1);
        assertThat(audit("message.replayed")).anySatisfy(e -> {
            assertThat(e.get("actor").asString()).isEqualTo("admin");
            assertThat(e.get("target").asString()).isEqualTo("message:" + eventId);
        });
    }

    @Test
    void a_dead_letter_replayed_with_a_corrected_payload_delivers_the_correction() {
        var order = unique("SO");
        var fixed = unique("SO");
        sink.reject(order, 422);
        var eventId = send("order-won", order(order, 1)).json().get("eventId").asString();
        Eventually.poll(WITHIN, () -> status(eventId), "dead"::equals);

        var replay = server.admin().post("/api/v1/messages/" + eventId + "/replay",
                "{\"id\": \"" + fixed + "\", \"version\": 1, \"customer\": \"ACME Ltd\"}");

        assertThat(replay.status()).as("%s", replay).isEqualTo(202);
        var delivered = Eventually.poll(WITHIN, () -> sink.accepted(fixed), list -> !list.isEmpty());
        assertThat(delivered.getFirst().body().get("customer").asString()).isEqualTo("ACME Ltd");
        assertThat(audit("message.replayed")).anySatisfy(e -> assertThat(e.get("detail").asString()).contains("corrected payload"));
    }

    @Test
    void dead_letters_are_replayed_in_bulk_by_filter() {
        var first = unique("SO");
        var second = unique("SO");
        sink.reject(first, 400);
        sink.reject(second, 400);
        var ids = List.of(send("order-won", order(first, 1)).json().get("eventId").asString(),
                send("order-won", order(second, 1)).json().get("eventId").asString());
        ids.forEach(id -> Eventually.poll(WITHIN, () -> status(id), "dead"::equals));
        sink.accept(first);
        sink.accept(second);

        var replayed = server.admin().post("/api/v1/dead-letters/replay",
                "{\"eventIds\": [\"" + ids.get(0) + "\", \"" + ids.get(1) + "\", \"" + UUID.randomUUID() + "\"]}");

        assertThat(replayed.status()).as("%s", replayed).isEqualTo(200);
        assertThat(replayed.json().get("replayed").values()).extracting(JsonNode::asString).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(replayed.json().get("skipped").values()).hasSize(1);
        ids.forEach(id -> assertThat(Eventually.poll(WITHIN, () -> status(id), "done"::equals)).isEqualTo("done"));
        assertThat(sink.accepted(first)).hasSize(1);
        assertThat(sink.accepted(second)).hasSize(1);
    }

    @Test
    void discarding_a_dead_letter_needs_a_reason_and_is_audited() {
        var order = unique("SO");
        sink.reject(order, 400);
        var eventId = send("order-won", order(order, 1)).json().get("eventId").asString();
        Eventually.poll(WITHIN, () -> status(eventId), "dead"::equals);

        var withoutReason = server.admin().post("/api/v1/messages/" + eventId + "/discard", "{}");
        assertThat(withoutReason.status()).isEqualTo(400);
        assertThat(withoutReason.contentType()).startsWith("application/problem+json");
        assertThat(withoutReason.json().get("code").asString()).isEqualTo("reason-required");
        assertThat(status(eventId)).isEqualTo("dead");

        var discarded = server.admin().post("/api/v1/messages/" + eventId + "/discard", "{\"reason\": \"test order, not real\"}");
        assertThat(discarded.status()).as("%s", discarded).isEqualTo(200);
        assertThat(status(eventId)).isEqualTo("discarded");
        assertThat(audit("message.discarded")).anySatisfy(e -> {
            assertThat(e.get("target").asString()).isEqualTo("message:" + eventId);
            assertThat(e.get("detail").asString()).isEqualTo("test order, not real");
            assertThat(e.get("actor").asString()).isEqualTo("admin");
        });

        var again = server.admin().post("/api/v1/messages/" + eventId + "/discard", "{\"reason\": \"twice\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asString()).isEqualTo("not-dead");
    }

    @Test
    void a_flow_added_while_the_hub_runs_is_dispatched_after_the_reload() {
        var lead = unique("L");
        assertThat(send("lead-created", "{\"id\": \"" + lead + "\"}").status()).isEqualTo(404);

        var crm = workspace.resolve("systems/crm.yaml");
        Workspaces.write(crm, read(crm) + """
                  lead-created:
                    key: id
                    webhook:
                      signature:
                        secret: ${secret:crm-webhook}
                        header: X-Crm-Signature
                        timestampHeader: X-Crm-Timestamp
                        prefix: "sha256="
                """);
        Workspaces.write(workspace.resolve("flows/lead-relay.yaml"), """
                trigger: {event: crm.lead-created}
                steps:
                  - map: {expression: '{"orderNo": id, "version": 0, "customer": "lead"}'}
                  - deliver: erp.createSalesOrder
                """);
        var accepted = Eventually.poll(WITHIN, () -> send("lead-created", "{\"id\": \"" + lead + "\"}"), r -> r.status() != 404);

        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        var delivered = Eventually.poll(WITHIN, () -> sink.accepted(lead), list -> !list.isEmpty());
        assertThat(delivered.getFirst().body().get("customer").asString()).isEqualTo("lead");
    }

    // ---- API, traces, metrics ---------------------------------------------------------------------

    @Test
    void the_messages_api_filters_by_system_event_status_and_key_and_pages_with_a_cursor() {
        var order = unique("SO");
        for (int version = 1; version <= 3; version++) send("order-won", order(order, version));
        Eventually.poll(WITHIN, () -> sink.accepted(order), list -> list.size() >= 3);
        Eventually.poll(WITHIN, () -> server.admin().get("/api/v1/messages?key=" + order + "&status=done").json().get("items").size(),
                n -> n == 3);

        var firstPage = server.admin().get("/api/v1/messages?system=crm&event=order-won&status=done&key=" + order + "&limit=2").json();
        assertThat(firstPage.get("items").values()).hasSize(2);
        assertThat(firstPage.get("items").get(0).get("key").asString()).isEqualTo(order);
        assertThat(firstPage.get("items").get(0).get("status").asString()).isEqualTo("done");
        assertThat(Instant.parse(firstPage.get("items").get(0).get("receivedAt").asString())).isBefore(Instant.now().plusSeconds(1));
        var cursor = firstPage.get("nextCursor").asString();
        var secondPage = server.admin().get("/api/v1/messages?key=" + order + "&limit=2&cursor=" + cursor).json();
        assertThat(secondPage.get("items").values()).hasSize(1);
        assertThat(secondPage.get("nextCursor").isNull()).isTrue();
        var all = new ArrayList<String>();
        firstPage.get("items").values().forEach(i -> all.add(i.get("eventId").asString()));
        secondPage.get("items").values().forEach(i -> all.add(i.get("eventId").asString()));
        assertThat(all).doesNotHaveDuplicates().hasSize(3);

        assertThat(server.admin().get("/api/v1/messages?status=nonsense").status()).isEqualTo(400);
        assertThat(server.admin().get("/api/v1/messages?from=yesterday").json().get("code").asString()).isEqualTo("bad-from");
        assertThat(server.anonymous().get("/api/v1/messages").status()).isEqualTo(401);
        assertThat(server.admin().get("/api/v1/messages/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void a_message_shows_its_payload_masked_and_the_trace_of_each_run() {
        var order = unique("SO");
        var eventId = send("order-won", "{\"id\": \"" + order + "\", \"version\": 1, \"customer\": \"ACME\", \"phone\": \"13812345678\"}")
                .json().get("eventId").asString();
        Eventually.poll(WITHIN, () -> status(eventId), "done"::equals);

        var detail = Eventually.poll(WITHIN, () -> server.admin().get("/api/v1/messages/" + eventId).json(),
                d -> d.get("traces").size() > 0);

        assertThat(detail.get("payload").get("phone").asString()).isEqualTo("****5678");
        assertThat(detail.get("payloadMasked").asBoolean()).isTrue();
        assertThat(detail.get("delivered").values()).extracting(JsonNode::asString).containsExactly(eventId + ":1:erp.createSalesOrder");
        var trace = detail.get("traces").get(0);
        assertThat(trace.get("attempt").asInt()).isEqualTo(1);
        assertThat(trace.get("flow").asString()).isEqualTo("order-relay");
        assertThat(trace.get("outcome").asString()).isEqualTo("completed");
        var steps = trace.get("trace").get("steps");
        assertThat(steps.get(0).get("kind").asString()).isEqualTo("map");
        assertThat(steps.get(0).get("after").get("phone").asString()).isEqualTo("****5678");
        assertThat(steps.get(1).get("calls").get(0).get("status").asInt()).isEqualTo(201);
        assertThat(detail.toString()).doesNotContain("13812345678");

        var revealed = server.admin().get("/api/v1/messages/" + eventId + "?reveal=true").json();
        assertThat(revealed.get("payload").get("phone").asString()).isEqualTo("13812345678");
        assertThat(audit("message.payload-revealed")).anySatisfy(e -> assertThat(e.get("target").asString()).isEqualTo("message:" + eventId));
    }

    @Test
    void prometheus_shows_events_deliveries_dead_letters_latency_backlog_and_circuit_breakers() {
        var order = unique("SO");
        send("order-won", order(order, 1));
        Eventually.poll(WITHIN, () -> sink.accepted(order), list -> !list.isEmpty());

        var metrics = Eventually.poll(WITHIN, () -> server.anonymous().get("/actuator/prometheus").body(),
                body -> body.contains("dovetail_deliveries_total{"));

        assertThat(metrics)
                .contains("dovetail_events_received_total{")
                .containsPattern("dovetail_events_received_total\\{[^}]*event=\"order-won\"[^}]*system=\"crm\"")
                .containsPattern("dovetail_deliveries_total\\{[^}]*flow=\"order-relay\"[^}]*operation=\"createSalesOrder\""
                        + "[^}]*outcome=\"delivered\"[^}]*system=\"erp\"")
                .contains("dovetail_delivery_latency_seconds_bucket{")
                .containsPattern("dovetail_journal_backlog\\{[^}]*status=\"pending\"")
                .containsPattern("dovetail_circuit_breaker_state\\{[^}]*system=\"erp\"[^}]*} 0")
                .contains("dovetail_webhooks_refused_total");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String order(String id, int version) {
        return "{\"id\": \"" + id + "\", \"version\": " + version + ", \"customer\": \"ACME\"}";
    }

    /** The second the test class started; each send signs with a timestamp counted down from it. */
    private static final long FIRST_SECOND = Instant.now().getEpochSecond();

    /**
     * Signs with a timestamp unique to this send (for the first 200 sends; well within the 300 s tolerance), so no
     * two sends are byte-identical replays. Counting from the current second instead let a send one second after
     * the previous one repeat its timestamp.
     */
    private static Http.Response send(String event, String json) {
        var body = json.getBytes(StandardCharsets.UTF_8);
        var timestamp = Long.toString(FIRST_SECOND - SENT.getAndIncrement() % 200);
        return post(event, body, "sha256=" + IntakeFixture.hmacHex(SECRET, timestamp, body), timestamp);
    }

    private static Http.Response post(String event, byte[] body, String signature, String timestamp) {
        return server.anonymous().post("/hooks/crm/" + event, new String(body, StandardCharsets.UTF_8),
                "X-Crm-Signature", signature, "X-Crm-Timestamp", timestamp);
    }

    private static String read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String status(String eventId) {
        return server.admin().get("/api/v1/messages/" + eventId).json().get("message").get("status").asString();
    }

    private static long journalCount(String where) {
        return server.context().getBean(JdbcClient.class).sql("select count(*) from journal_entry where " + where)
                .query(Long.class).single();
    }

    private static List<JsonNode> audit(String action) {
        return server.admin().get("/api/v1/audit?limit=1000").json().values().stream()
                .filter(e -> e.get("action").asString().equals(action)).toList();
    }
}
