package dev.dovetail.runtime.poll;

import static dev.dovetail.runtime.poll.PollTesting.OPTIONS;
import static dev.dovetail.runtime.poll.PollTesting.await;
import static dev.dovetail.runtime.poll.PollTesting.entries;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.dovetail.model.EventRef;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedules become journal entries, one per tick, whichever node fires them. */
class ScheduleTicksTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NIGHTLY = """
            description: runs on a timer
            trigger: {schedule: {every: 200ms}}
            steps: [{filter: "true"}]
            """;

    @TempDir
    Path folder;

    private TestDatabase.H2 db;
    private Journal journal;

    @BeforeEach
    void open() {
        db = (TestDatabase.H2) TestDatabase.h2();
        journal = PollTesting.journal(db.dataSource());
    }

    @AfterEach
    void close() throws Exception {
        journal.close();
        db.close();
    }

    private static PageReaders noReaders() {
        return system -> Optional.empty();
    }

    @Test
    void a_flow_schedule_is_journaled_once_per_tick_across_two_schedulers() {
        var workspace = PollTesting.workspace(folder, Map.of("flows/nightly-report.yaml", NIGHTLY));
        try (var secondPool = new HikariDataSource()) {
            secondPool.setJdbcUrl(TestDatabase.H2.url(db.folder()));
            secondPool.setUsername("sa");
            secondPool.setPassword("");
            secondPool.setMaximumPoolSize(4);
            try (var secondJournal = PollTesting.journal(secondPool)) {
                var a = new RecordingObserver();
                var b = new RecordingObserver();
                var nodeA = new Polling(db.dataSource(), journal, new JdbcWatermarks(db.dataSource()), Timetables.intervalsOnly(), OPTIONS, a);
                var nodeB = new Polling(secondPool, secondJournal, new JdbcWatermarks(secondPool), Timetables.intervalsOnly(), OPTIONS, b);
                try (nodeA; nodeB) {
                    nodeA.use(workspace, PollTesting.mappings(workspace), noReaders());
                    nodeB.use(workspace, PollTesting.mappings(workspace), noReaders());
                    await("6 ticks", WAIT, () -> entries(db.dataSource(), "schedule", "nightly-report").size() >= 6);
                }
                var rows = entries(db.dataSource(), "schedule", "nightly-report");
                var ticks = rows.stream().map(row -> Instant.parse((String) ((Map<?, ?>) HttpPageReader.parse(row.payload())).get("tick"))).toList();
                assertThat(new HashSet<>(ticks)).as("one entry per tick").hasSize(rows.size());
                assertThat(ticks).allSatisfy(tick -> assertThat(tick.toEpochMilli() % 200).isZero());
                assertThat(rows).allSatisfy(row -> {
                    assertThat(row.recordKey()).isEqualTo("nightly-report");
                    assertThat(row.dedupKey()).startsWith("nightly-report@");
                });
                assertThat(a.ticks.size() + b.ticks.size()).as("ticks journaled by either node").isEqualTo(rows.size());
                var both = new HashSet<>(a.runs);
                both.retainAll(b.runs);
                assertThat(both).as("ticks fired by both nodes").isEmpty();
            }
        }
    }

    @Test
    void a_tick_journaled_twice_is_recognised_as_a_duplicate() {
        var source = new EventRef(Polling.SCHEDULE_SYSTEM, "nightly-report");
        var tick = new ScheduleTick(source, "nightly-report", journal, new Leases(db.dataSource()), OPTIONS, PollObserver.NONE,
                new StopSignal());
        var at = new Tick(Instant.parse("2026-03-01T02:00:00Z"), Instant.parse("2026-03-02T02:00:00Z"));

        var results = journal.appendAll(java.util.List.of(tick.entry(at), tick.entry(at)));

        assertThat(results.get(1).eventId()).isEqualTo(results.get(0).eventId());
        assertThat(entries(db.dataSource(), "schedule", "nightly-report")).singleElement()
                .satisfies(row -> assertThat(row.dedupKey()).isEqualTo("nightly-report@2026-03-01T02:00:00Z"));
    }

    @Test
    void a_schedule_event_of_a_system_is_journaled_under_the_system_and_event() {
        var workspace = PollTesting.workspace(folder, Map.of("systems/erp.yaml", """
                connector: http
                connection: {baseUrl: "http://erp.invalid"}
                events:
                  stock-check:
                    key: id
                    schedule: {every: 200ms}
                """));
        var observer = new RecordingObserver();
        try (var polling = new Polling(db.dataSource(), journal, new JdbcWatermarks(db.dataSource()), Timetables.intervalsOnly(), OPTIONS,
                observer)) {
            assertThat(polling.use(workspace, PollTesting.mappings(workspace), noReaders())).containsExactly(new EventRef("erp", "stock-check"));
            await("2 ticks", WAIT, () -> entries(db.dataSource(), "erp", "stock-check").size() >= 2);
        }
        assertThat(entries(db.dataSource(), "erp", "stock-check")).allSatisfy(row -> assertThat(row.recordKey()).isEqualTo("stock-check"));
    }

    @Test
    void a_cron_schedule_without_a_cron_evaluator_is_reported_and_not_started() {
        var workspace = PollTesting.workspace(folder, Map.of("flows/nightly-report.yaml", """
                trigger: {schedule: {cron: "0 0 2 * * *"}}
                steps: [{filter: "true"}]
                """));
        var observer = new RecordingObserver();
        try (var polling = new Polling(db.dataSource(), journal, new JdbcWatermarks(db.dataSource()), Timetables.intervalsOnly(), OPTIONS,
                observer)) {
            assertThat(polling.use(workspace, PollTesting.mappings(workspace), noReaders())).isEmpty();
        }
        assertThat(observer.sourceFailures).singleElement().asString()
                .startsWith("schedule.nightly-report: its schedule cannot be evaluated").contains("0 0 2 * * *");
    }

    @Test
    void a_cron_schedule_ticks_as_the_evaluator_says() {
        var workspace = PollTesting.workspace(folder, Map.of("flows/nightly-report.yaml", """
                trigger: {schedule: {cron: "* * * * * *"}}
                steps: [{filter: "true"}]
                """));
        // an evaluator that reads every cron expression as "every 100 ms", to see that it is the one used
        var timetables = Timetables.withCron((expression, zone) -> Timetable.every(Duration.ofMillis(100)));
        try (var polling = new Polling(db.dataSource(), journal, new JdbcWatermarks(db.dataSource()), timetables, OPTIONS,
                PollObserver.NONE)) {
            polling.use(workspace, PollTesting.mappings(workspace), noReaders());
            await("3 ticks", WAIT, () -> entries(db.dataSource(), "schedule", "nightly-report").size() >= 3);
        }
    }
}
