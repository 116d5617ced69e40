package dev.dovetail.runtime.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.mapping.JsonataSyntax;
import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.Environment;
import dev.dovetail.model.Workspace;
import dev.dovetail.model.WorkspaceLoader;
import dev.dovetail.runtime.dispatch.Backoff;
import dev.dovetail.runtime.dispatch.Outcome;
import dev.dovetail.runtime.dispatch.Routes;
import dev.dovetail.runtime.flow.FlowExecutor;
import dev.dovetail.runtime.journal.AppendResult;
import dev.dovetail.runtime.journal.EventType;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.JournalEntry;
import dev.dovetail.runtime.journal.NewEvent;
import dev.dovetail.runtime.journal.TestDatabase;
import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.OperationInvoker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a journal entry becomes flow runs and a dispatch outcome: deliveries kept, splits, fan-out, retries, dead letters. */
class FlowEntryHandlerTest {

    private static final Map<String, String> FILES = Map.of(
            "dovetail.yaml", "name: hub-unit\n",
            "systems/crm.yaml", """
                    connector: http
                    connection: {baseUrl: http://127.0.0.1:9}
                    events:
                      order-won: {key: id, webhook: {}}
                      order-updated: {key: id, webhook: {}}
                      basket: {key: id, webhook: {}}
                    """,
            "systems/erp.yaml", """
                    connector: http
                    connection: {baseUrl: http://127.0.0.1:9}
                    operations:
                      createOrder: {method: POST, path: /orders, idempotencyHeader: Idempotency-Key}
                      notify: {method: POST, path: /notify}
                      createLine: {method: POST, path: /lines}
                    """,
            "flows/relay.yaml", """
                    trigger: {event: crm.order-won}
                    concurrency: 3
                    steps:
                      - deliver: [erp.createOrder, erp.notify]
                    """,
            "flows/mirror.yaml", """
                    trigger: {event: crm.order-updated}
                    concurrency: 2
                    steps:
                      - deliver: erp.createOrder
                    """,
            "flows/notify-on-update.yaml", """
                    trigger: {event: crm.order-updated}
                    concurrency: 5
                    steps:
                      - deliver: erp.notify
                    """,
            "flows/lines.yaml", """
                    trigger: {event: crm.basket}
                    steps:
                      - split: lines
                      - deliver: erp.createLine
                    """);

    @TempDir
    static Path root;

    private static TestDatabase database;
    private static Journal journal;
    private static Workspace workspace;
    private static MappingEngine mappings;

    private final Erp erp = new Erp();
    private final List<RunReport> reports = new ArrayList<>();
    private final DeliveryPolicy policy = new DeliveryPolicy(4, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 2, 0));
    private Routes routes;
    private Map<EventType, FlowEntryHandler> handlers;

    /** The ERP: records calls, answers what a test scripted per operation, else 201. */
    static final class Erp implements OperationInvoker {
        final List<OperationCall> calls = new ArrayList<>();
        final Map<String, Deque<DeliveryOutcome>> script = new HashMap<>();

        Erp answer(String operation, DeliveryOutcome... outcomes) {
            script.computeIfAbsent(operation, o -> new ArrayDeque<>()).addAll(List.of(outcomes));
            return this;
        }

        @Override
        public synchronized DeliveryOutcome invoke(OperationCall call) {
            calls.add(call);
            var queue = script.get(call.operation());
            return queue == null || queue.isEmpty() ? new DeliveryOutcome.Delivered(201, Map.of("ok", true), Map.of()) : queue.poll();
        }

        List<String> operations() {
            return calls.stream().map(OperationCall::operation).toList();
        }
    }

    @BeforeAll
    static void open() throws IOException {
        for (var file : FILES.entrySet()) {
            var path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        var load = new WorkspaceLoader(Environment.of(Map.of()), new JsonataSyntax()).load(root);
        assertThat(load.report().errors()).isEmpty();
        workspace = load.workspace().orElseThrow();
        mappings = MappingEngine.of(workspace);
        database = TestDatabase.h2();
        journal = Journal.open(database.dataSource());
    }

    @AfterAll
    static void close() throws Exception {
        journal.close();
        database.close();
    }

    @BeforeEach
    void clear() throws SQLException {
        database.clear();
        var executor = FlowExecutor.of(workspace, mappings, system -> Optional.of(erp), Clock.systemUTC());
        handlers = new HashMap<>();
        Subscriptions.of(workspace).forEach((type, flows) ->
                handlers.put(type, new FlowEntryHandler(flows, workspace.flows(), executor, journal, policy, reports::add)));
        routes = HubRoutes.of(workspace, executor, journal, policy, reports::add, handler -> handler);
    }

    @Test
    void a_completed_run_is_done_and_keeps_the_keys_of_its_deliveries() {
        var entry = append("order-won", "SO-1", "{\"id\": \"SO-1\"}");

        var outcome = handle(entry);

        assertThat(outcome).isInstanceOf(Outcome.Done.class);
        var progress = Progress.parse(outcome.progress());
        assertThat(progress.flow()).contains("relay");
        assertThat(progress.delivered()).containsExactly(entry.eventId() + ":0:erp.createOrder", entry.eventId() + ":0:erp.notify");
        assertThat(erp.calls.getFirst().idempotencyKey()).isEqualTo(entry.eventId() + ":0:erp.createOrder");
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.flow().name()).isEqualTo("relay"));
    }

    @Test
    void a_retry_resends_only_what_was_not_accepted_and_waits_at_least_as_long_as_the_target_asked() {
        erp.answer("notify", new DeliveryOutcome.RetryLater(Duration.ofSeconds(30), "HTTP 503", 503, "busy"));
        var entry = append("order-won", "SO-2", "{\"id\": \"SO-2\"}");

        var first = handle(entry);

        assertThat(first).isInstanceOfSatisfying(Outcome.RetryAfter.class, retry -> {
            assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(30));
            assertThat(retry.reason()).contains("erp.notify").contains("HTTP 503");
        });
        assertThat(Progress.parse(first.progress()).delivered()).containsExactly(entry.eventId() + ":0:erp.createOrder");

        var second = handle(attempt(withProgress(entry, first.progress()), 2));

        assertThat(second).isInstanceOf(Outcome.Done.class);
        assertThat(erp.operations()).containsExactly("createOrder", "notify", "notify");
        assertThat(Progress.parse(second.progress()).delivered()).hasSize(2);
    }

    @Test
    void without_a_retry_after_the_backoff_decides_the_wait() {
        erp.answer("createOrder", DeliveryOutcome.RetryLater.because("connection refused"));
        var entry = attempt(append("order-won", "SO-3", "{\"id\": \"SO-3\"}"), 3);

        assertThat(handle(entry)).isInstanceOfSatisfying(Outcome.RetryAfter.class,
                retry -> assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(4)));
    }

    @Test
    void the_last_allowed_attempt_that_must_retry_becomes_a_dead_letter_with_the_last_answer() {
        erp.answer("createOrder", new DeliveryOutcome.RetryLater(null, "HTTP 503", 503, "{\"error\":\"down\"}"));
        var entry = attempt(append("order-won", "SO-4", "{\"id\": \"SO-4\"}"), 4);

        var outcome = handle(entry);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Dead.class, dead -> {
            assertThat(dead.reason()).startsWith("gave up after 4 attempts: erp.createOrder: HTTP 503");
            assertThat(dead.detail()).contains("status 503").contains("{\"error\":\"down\"}");
        });
        assertThat(Progress.parse(outcome.progress()).failed()).contains(new Progress.FailedStep("0", "deliver", 4));
    }

    @Test
    void a_rejected_delivery_is_a_dead_letter_with_reason_step_and_answer() {
        erp.answer("createOrder", new DeliveryOutcome.Rejected("HTTP 400", 400, "{\"error\":\"bad customer\"}"));
        var entry = append("order-won", "SO-5", "{\"id\": \"SO-5\"}");

        var outcome = handle(entry);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Dead.class, dead -> {
            assertThat(dead.reason()).isEqualTo("erp.createOrder rejected the call (status 400): HTTP 400");
            assertThat(dead.detail()).isEqualTo("{\"error\":\"bad customer\"}");
        });
        var progress = Progress.parse(outcome.progress());
        assertThat(progress.failed()).contains(new Progress.FailedStep("0", "deliver", 4));
        assertThat(progress.delivered()).containsExactly(entry.eventId() + ":0:erp.notify"); // the other target still got it
    }

    @Test
    void a_split_appends_one_entry_per_item_that_resumes_after_the_split_and_appends_nothing_twice() {
        var entry = append("basket", "B-1", "{\"id\": \"B-1\", \"lines\": [{\"sku\": \"A\"}, {\"sku\": \"B\"}]}");

        assertThat(handle(entry)).isInstanceOf(Outcome.Done.class);
        assertThat(handle(attempt(entry, 2))).isInstanceOf(Outcome.Done.class); // a run again after a crash

        var items = List.of(find("split:" + entry.eventId() + ":0"), find("split:" + entry.eventId() + ":1"));
        assertThat(items).allSatisfy(item -> {
            assertThat(item.causedBy()).isEqualTo(entry.eventId());
            assertThat(item.recordKey()).isEqualTo("B-1");
            assertThat(Progress.parse(item.progress())).isEqualTo(new Progress(Optional.of("lines"), Optional.of("1"), Set.of(),
                    Optional.empty()));
        });
        assertThat(items.get(1).payload()).isEqualTo("{\"sku\":\"B\"}");
        assertThat(count("caused_by IS NOT NULL")).isEqualTo(2);
        assertThat(erp.calls).isEmpty();

        assertThat(handle(items.get(1))).isInstanceOf(Outcome.Done.class);
        assertThat(erp.calls).singleElement().satisfies(call -> {
            assertThat(call.operation()).isEqualTo("createLine");
            assertThat(call.idempotencyKey()).isEqualTo(items.get(1).eventId() + ":1:erp.createLine");
        });
    }

    @Test
    void an_event_several_flows_subscribe_to_becomes_one_entry_per_flow() {
        var entry = append("order-updated", "SO-6", "{\"id\": \"SO-6\"}");

        assertThat(handle(entry)).isInstanceOf(Outcome.Done.class);

        var mirror = find("flow:" + entry.eventId() + ":mirror");
        var notify = find("flow:" + entry.eventId() + ":notify-on-update");
        assertThat(erp.calls).isEmpty();
        handle(mirror);
        handle(notify);
        assertThat(erp.operations()).containsExactly("createOrder", "notify");
        assertThat(reports).extracting(r -> r.flow().name()).containsExactly("mirror", "notify-on-update");
    }

    @Test
    void an_entry_of_a_flow_that_is_gone_is_a_dead_letter() {
        var entry = withProgress(append("order-won", "SO-7", "{\"id\": \"SO-7\"}"), Progress.of("deleted-flow", null).toJson());

        assertThat(handle(entry)).isInstanceOfSatisfying(Outcome.Dead.class,
                dead -> assertThat(dead.reason()).contains("flow 'deleted-flow' is not in the workspace"));
        assertThat(erp.calls).isEmpty();
    }

    @Test
    void a_payload_that_is_not_json_is_a_dead_letter() {
        var entry = append("order-won", "SO-8", "{\"id\": ");

        assertThat(handle(entry)).isInstanceOfSatisfying(Outcome.Dead.class,
                dead -> assertThat(dead.reason()).startsWith("the payload is not valid JSON"));
    }

    @Test
    void each_route_is_a_group_with_its_flow_s_concurrency() {
        assertThat(routes.types()).containsExactlyInAnyOrder(new EventType("crm", "order-won"), new EventType("crm", "order-updated"),
                new EventType("crm", "basket"));
        assertThat(HubRoutes.groupOf(new EventType("crm", "order-won"), List.of(workspace.flows().get("relay")))).isEqualTo("flow:relay");
        assertThat(HubRoutes.groupOf(new EventType("crm", "order-updated"),
                Subscriptions.of(workspace).get(new EventType("crm", "order-updated"))))
                .isEqualTo("event:crm.order-updated (mirror, notify-on-update)");
    }

    @Test
    void replies_go_to_the_request_waiting_for_the_event() {
        var replies = new Replies();
        var waiter = replies.expect(new EventType("crm", "order-won"), "dedup-9").orElseThrow();
        assertThat(replies.expect(new EventType("crm", "order-won"), "dedup-9")).isEmpty();
        var entry = append("order-won", "SO-9", "{\"id\": \"SO-9\"}", "dedup-9");

        new FlowEntryHandler(List.of(workspace.flows().get("relay")), workspace.flows(),
                FlowExecutor.of(workspace, mappings, system -> Optional.of(erp), Clock.systemUTC()), journal, policy, replies)
                .handle(entry);

        assertThat(waiter.reply()).isCompletedWithValue(Optional.empty()); // the flow has no reply step
        waiter.close();
        assertThat(replies.waiting()).isZero();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private Outcome handle(JournalEntry entry) {
        return handlers.get(entry.type()).handle(entry);
    }

    private static JournalEntry append(String event, String key, String payload) {
        return append(event, key, payload, UUID.randomUUID().toString());
    }

    private static JournalEntry append(String event, String key, String payload, String dedupKey) {
        var result = journal.appendAll(List.of(new NewEvent("crm", event, key, dedupKey, "application/json", payload))).getFirst();
        assertThat(result).isInstanceOf(AppendResult.Appended.class);
        return attempt(journal.find(result.eventId()).orElseThrow(), 1);
    }

    private static JournalEntry find(String dedupKey) {
        var id = database.dataSource();
        try (var connection = id.getConnection();
             var ps = connection.prepareStatement("SELECT event_id FROM journal_entry WHERE dedup_key = ?")) {
            ps.setString(1, dedupKey);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).as("an entry with dedup key " + dedupKey).isTrue();
                return attempt(journal.find(new dev.dovetail.runtime.journal.EventId(rs.getObject(1, UUID.class))).orElseThrow(), 1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String where) {
        try (var connection = database.dataSource().getConnection();
             var rs = connection.createStatement().executeQuery("SELECT COUNT(*) FROM journal_entry WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entry as the dispatcher hands it over for attempt {@code n}. */
    private static JournalEntry attempt(JournalEntry e, int n) {
        return new JournalEntry(e.seq(), e.eventId(), e.system(), e.event(), e.recordKey(), e.dedupKey(), e.causedBy(), e.contentType(),
                e.payload(), e.receivedAt(), e.status(), n, e.nextAttemptAt(), e.claimedBy(), e.claimExpiresAt(), e.lastError(),
                e.lastErrorDetail(), e.progress(), e.finishedAt());
    }

    private static JournalEntry withProgress(JournalEntry e, String progress) {
        return new JournalEntry(e.seq(), e.eventId(), e.system(), e.event(), e.recordKey(), e.dedupKey(), e.causedBy(), e.contentType(),
                e.payload(), e.receivedAt(), e.status(), e.attempts(), e.nextAttemptAt(), e.claimedBy(), e.claimExpiresAt(), e.lastError(),
                e.lastErrorDetail(), progress, e.finishedAt());
    }
}
