package dev.dovetail.runtime.poll;

import static dev.dovetail.runtime.poll.PollTesting.OPTIONS;
import static dev.dovetail.runtime.poll.PollTesting.await;
import static dev.dovetail.runtime.poll.PollTesting.entries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.EventRef;
import dev.dovetail.model.Workspace;
import dev.dovetail.runtime.dedup.DedupKeys;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Polling a real HTTP endpoint (JDK server on loopback) into a journal; run on H2 and on PostgreSQL. */
abstract class PollingContract {
    private static final EventRef SOURCE = new EventRef("crm", "record-changed");
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path folder;

    private TestDatabase db;
    private Journal journal;
    private PageServer server;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        db = openDatabase();
        journal = PollTesting.journal(db.dataSource());
        server = new PageServer(3);
    }

    protected abstract TestDatabase openDatabase();

    @AfterEach
    void close() throws Exception {
        for (var c : closing.reversed()) c.close();
        server.close();
        journal.close();
        db.close();
    }

    private Workspace workspace(String every) {
        return PollTesting.workspace(folder.resolve("ws-" + System.nanoTime()), Map.of("systems/crm.yaml", PollTesting.crm(server.baseUrl(), every)));
    }

    private Polling polling(Journal journal, javax.sql.DataSource dataSource, Watermarks watermarks, Timetables timetables,
                            PollingOptions options, RecordingObserver observer) {
        var polling = new Polling(dataSource, journal, watermarks, timetables, options, observer);
        closing.add(polling);
        return polling;
    }

    private Polling start(Watermarks watermarks, Timetables timetables, PollingOptions options, RecordingObserver observer) {
        var polling = polling(journal, db.dataSource(), watermarks, timetables, options, observer);
        var workspace = workspace("200ms");
        polling.use(workspace, PollTesting.mappings(workspace), readers());
        return polling;
    }

    private PageReaders readers() {
        var reader = new HttpPageReader(server.baseUrl(), "/records");
        return system -> system.equals("crm") ? Optional.of(reader) : Optional.empty();
    }

    private JdbcWatermarks watermarks() {
        return new JdbcWatermarks(db.dataSource());
    }

    /**
     * One tick shortly after the start, then none: a single run. Late enough for a lease an earlier node of
     * the test kept after its last tick (half of 200 ms) to have ended.
     */
    private static Timetables once() {
        return (schedule, zone) -> {
            var at = Instant.now().plusMillis(250);
            return after -> after.isBefore(at) ? at : null;
        };
    }

    private static Timetables every200ms() {
        return Timetables.intervalsOnly();
    }

    private List<String> keys() {
        return entries(db.dataSource(), "crm", "record-changed").stream().map(PollTesting.Entry::recordKey).toList();
    }

    @Test
    void every_record_of_every_page_is_journaled_once_with_its_key_and_dedup_key() {
        server.records(7, T0);
        var observer = new RecordingObserver();
        start(watermarks(), every200ms(), OPTIONS, observer);

        await("7 journaled records", WAIT, () -> keys().size() == 7);
        int runs = observer.runs.size();
        await("two more polls", WAIT, () -> observer.runs.size() >= runs + 2 && observer.pages.size() >= 5);

        var rows = entries(db.dataSource(), "crm", "record-changed");
        assertThat(rows).extracting(PollTesting.Entry::recordKey).containsExactly("R001", "R002", "R003", "R004", "R005", "R006", "R007");
        var first = rows.getFirst();
        assertThat(first.dedupKey()).isEqualTo(DedupKeys.ofVersion("crm", "record-changed", "R001", T0.toString()));
        assertThat(HttpPageReader.parse(first.payload()))
                .isEqualTo(Map.of("id", "R001", "name", "record 1", "updatedAt", T0.toString()));
        assertThat(observer.duplicatesJournaled()).as("later polls re-read the last record, a duplicate").isPositive();
        assertThat(watermarks().find(SOURCE)).contains(T0.plusSeconds(6 * 60).toString());
    }

    @Test
    void the_next_poll_asks_only_for_records_changed_since_the_stored_watermark() {
        server.records(7, T0);
        var observer = new RecordingObserver();
        start(watermarks(), every200ms(), OPTIONS, observer);
        await("7 journaled records", WAIT, () -> keys().size() == 7);
        await("the watermark", WAIT, () -> watermarks().find(SOURCE).isPresent());

        server.record("R008", "late", T0.plusSeconds(3600).toString());
        await("the late record", WAIT, () -> keys().size() == 8);

        var firstPages = server.requests().stream().filter(r -> r.param("cursor") == null).toList();
        assertThat(firstPages.getFirst().param("updatedSince")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(firstPages.getLast().param("updatedSince")).isIn(T0.plusSeconds(6 * 60).toString(), T0.plusSeconds(3600).toString());
        assertThat(keys()).containsExactly("R001", "R002", "R003", "R004", "R005", "R006", "R007", "R008");
    }

    @Test
    void the_watermark_is_stored_only_once_the_records_up_to_it_are_in_the_journal() {
        server.records(7, T0);
        var checks = new CopyOnWriteArrayList<Boolean>();
        var real = watermarks();
        Watermarks checking = new Watermarks() {
            @Override
            public Optional<String> find(EventRef source) {
                return real.find(source);
            }

            @Override
            public void save(EventRef source, String value) {
                var journaled = new HashSet<>(keys());
                long upTo = Instant.parse(value).getEpochSecond();
                var expected = new HashSet<String>();
                for (int i = 0; i < 7; i++) {
                    if (T0.getEpochSecond() + 60L * i <= upTo) expected.add(String.format("R%03d", i + 1));
                }
                checks.add(journaled.containsAll(expected));
                real.save(source, value);
            }
        };
        start(checking, once(), OPTIONS, new RecordingObserver());

        await("the last page's watermark", WAIT, () -> real.find(SOURCE).equals(Optional.of(T0.plusSeconds(6 * 60).toString())));
        assertThat(checks).hasSize(3).containsOnly(true);
    }

    @Test
    void a_page_that_cannot_be_journaled_leaves_the_watermark_where_it_was() {
        server.records(7, T0);
        journal.close(); // every append now fails
        var observer = new RecordingObserver();
        start(watermarks(), once(), OPTIONS.withPageAttempts(2), observer);

        await("the run to give up", WAIT, () -> !observer.failures.isEmpty());
        assertThat(observer.failures.getFirst()).contains("journaling a page failed");
        assertThat(watermarks().find(SOURCE)).isEmpty();
        assertThat(observer.watermarks).isEmpty();
    }

    @Test
    void a_crash_between_the_append_and_the_watermark_update_rereads_the_page_without_duplicating_it() {
        server.records(7, T0);
        var real = watermarks();
        Watermarks crashing = new Watermarks() {
            @Override
            public Optional<String> find(EventRef source) {
                return real.find(source);
            }

            @Override
            public void save(EventRef source, String value) {
                throw new IllegalStateException("the node died before storing the watermark");
            }
        };
        var before = new RecordingObserver();
        var first = start(crashing, every200ms(), OPTIONS, before);
        await("page 1 read again on a later tick", WAIT, () -> before.duplicatesJournaled() >= 3);
        first.close();
        assertThat(keys()).containsExactly("R001", "R002", "R003");
        assertThat(real.find(SOURCE)).isEmpty();

        // the restarted node re-reads page 1 from the old watermark, then goes on
        var after = new RecordingObserver();
        start(real, once(), OPTIONS, after);
        await("the rest of the records and the watermark", WAIT,
                () -> real.find(SOURCE).equals(Optional.of(T0.plusSeconds(6 * 60).toString())));

        assertThat(keys()).containsExactly("R001", "R002", "R003", "R004", "R005", "R006", "R007");
        assertThat(after.pages.getFirst()).isEqualTo(new RecordingObserver.Journaled(0, 3));
        assertThat(after.appended()).isEqualTo(4);
    }

    @Test
    void a_transient_page_failure_is_retried_with_backoff_in_the_same_run() {
        server.records(7, T0);
        server.failNext(2, 503);
        var observer = new RecordingObserver();
        start(watermarks(), once(), OPTIONS, observer);

        await("7 journaled records", WAIT, () -> keys().size() == 7);
        assertThat(observer.retries).hasSize(2).allSatisfy(reason -> assertThat(reason).contains("status 503"));
        assertThat(observer.failures).isEmpty();
        assertThat(observer.runs).hasSize(1);
    }

    @Test
    void when_the_retries_are_used_up_the_run_ends_and_the_next_tick_starts_again() {
        server.records(7, T0);
        server.failNext(3, 429);
        var observer = new RecordingObserver();
        start(watermarks(), every200ms(), OPTIONS.withPageAttempts(3), observer);

        await("7 journaled records", WAIT, () -> keys().size() == 7);
        assertThat(observer.failures).hasSize(1).first().asString().contains("3 attempts");
        assertThat(observer.runs.size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_rejected_page_stops_the_run_and_keeps_the_watermark_of_the_pages_before_it() {
        server.records(7, T0);
        server.rejectCursorPages(true);
        var observer = new RecordingObserver();
        start(watermarks(), once(), OPTIONS, observer);

        await("the rejection", WAIT, () -> !observer.rejections.isEmpty());
        assertThat(observer.rejections.getFirst()).contains("status 400");
        assertThat(keys()).containsExactly("R001", "R002", "R003");
        assertThat(watermarks().find(SOURCE)).contains(T0.plusSeconds(2 * 60).toString());
        assertThat(observer.retries).isEmpty();
    }

    @Test
    void a_record_without_a_key_is_skipped_and_reported_and_the_others_are_journaled() {
        server.records(2, T0);
        server.record("", "no key", T0.plusSeconds(600).toString());
        var observer = new RecordingObserver();
        start(watermarks(), once(), OPTIONS, observer);

        await("the watermark past the keyless record", WAIT,
                () -> watermarks().find(SOURCE).equals(Optional.of(T0.plusSeconds(600).toString())));
        assertThat(keys()).containsExactly("R001", "R002");
        assertThat(observer.skippedRecords).singleElement().asString().contains("no value at the key path 'id'");
    }

    @Test
    void two_nodes_sharing_the_database_never_poll_the_same_tick() {
        server.records(7, T0);
        server.latency(Duration.ofMillis(30));
        // two nodes: each its own journal, leases and watermarks on the shared database
        try (var secondJournal = PollTesting.journal(db.dataSource())) {
            var a = new RecordingObserver();
            var b = new RecordingObserver();
            var workspace = workspace("250ms");
            var nodeA = polling(journal, db.dataSource(), watermarks(), every200ms(), OPTIONS, a);
            var nodeB = polling(secondJournal, db.dataSource(), watermarks(), every200ms(), OPTIONS, b);
            nodeA.use(workspace, PollTesting.mappings(workspace), readers());
            nodeB.use(workspace, PollTesting.mappings(workspace), readers());

            await("8 ticks polled", WAIT, () -> a.runs.size() + b.runs.size() >= 8);
            nodeA.close();
            nodeB.close();

            var both = new HashSet<>(a.runs);
            both.retainAll(b.runs);
            assertThat(both).as("ticks polled by both nodes").isEmpty();
            assertThat(a.skippedTicks.size() + b.skippedTicks.size())
                    .as("ticks the other node skipped because of the lease").isGreaterThanOrEqualTo(a.runs.size() + b.runs.size() - 2);
            assertThat(server.maxInFlight()).as("requests in flight at once").isEqualTo(1);
            assertThat(keys()).hasSize(7);
        }
    }

    @Test
    void a_lease_held_by_a_node_that_died_is_taken_over_after_it_expires() {
        server.records(3, T0);
        var leases = new Leases(db.dataSource());
        var dead = leases.acquire(PollRun.leaseName(SOURCE), Duration.ofMillis(700), Instant.now());
        assertThat(dead).isPresent(); // never released: the node holding it died

        var observer = new RecordingObserver();
        var started = Instant.now();
        start(watermarks(), every200ms(), OPTIONS, observer);
        await("3 journaled records", WAIT, () -> keys().size() == 3);

        assertThat(observer.skippedTicks).as("ticks while the dead node's lease held").isNotEmpty();
        assertThat(observer.runs.getFirst()).isAfterOrEqualTo(started.plusMillis(600));
    }

    @Test
    void a_workspace_change_stops_the_old_sources_and_starts_the_new_ones() {
        server.records(3, T0);
        var observer = new RecordingObserver();
        var polling = start(watermarks(), every200ms(), OPTIONS, observer);
        assertThat(polling.sources()).containsExactly(SOURCE);
        await("3 journaled records", WAIT, () -> keys().size() == 3);

        var ticking = PollTesting.workspace(folder.resolve("ticking"), Map.of("flows/tick.yaml", """
                trigger: {schedule: {every: 200ms}}
                steps: [{filter: "true"}]
                """));
        assertThat(polling.use(ticking, PollTesting.mappings(ticking), readers()))
                .containsExactly(new EventRef(Polling.SCHEDULE_SYSTEM, "tick"));
        int requests = server.requests().size();
        await("two ticks of the new workspace", WAIT, () -> entries(db.dataSource(), "schedule", "tick").size() >= 2);
        assertThat(server.requests()).as("requests after the change").hasSize(requests);
    }
}
