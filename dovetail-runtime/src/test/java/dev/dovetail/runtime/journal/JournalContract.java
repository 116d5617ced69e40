package dev.dovetail.runtime.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What the journal promises, run against each database it supports. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JournalContract {

    protected TestDatabase database;
    protected MutableClock clock;
    protected Journal journal;

    protected abstract TestDatabase openDatabase();

    @BeforeAll
    void openDatabaseOnce() {
        database = openDatabase();
    }

    @AfterAll
    void closeDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void openJournal() throws SQLException {
        database.clear();
        clock = new MutableClock();
        journal = Journal.open(database.dataSource(), JournalOptions.defaults().withClock(clock));
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    static NewEvent orderWon(String key, String dedupKey) {
        return new NewEvent("crm", "order-won", key, dedupKey, "application/json", "{\"id\":\"" + key + "\"}");
    }

    @Test
    void an_appended_event_is_stored_pending_with_its_payload() {
        AppendResult result = journal.append(orderWon("O-1", "O-1:v1")).join();

        assertThat(result).isInstanceOf(AppendResult.Appended.class);
        JournalEntry entry = journal.find(result.eventId()).orElseThrow();
        assertThat(entry.status()).isEqualTo(EntryStatus.PENDING);
        assertThat(entry.type()).isEqualTo(new EventType("crm", "order-won"));
        assertThat(entry.recordKey()).isEqualTo("O-1");
        assertThat(entry.dedupKey()).isEqualTo("O-1:v1");
        assertThat(entry.payload()).isEqualTo("{\"id\":\"O-1\"}");
        assertThat(entry.contentType()).isEqualTo("application/json");
        assertThat(entry.attempts()).isZero();
        assertThat(entry.receivedAt()).isEqualTo(entry.nextAttemptAt());
        assertThat(entry.finishedAt()).isNull();
    }

    @Test
    void a_derived_entry_keeps_the_entry_it_came_from_and_its_initial_progress() {
        EventId parent = journal.append(orderWon("O-1", "O-1:v1")).join().eventId();
        NewEvent item = new NewEvent("flow:order-relay", "item", "O-1", parent + ":split:0", "application/json", "{\"line\":1}")
                .derived(parent, "{\"resumeAt\":\"steps[2]\"}");

        JournalEntry entry = journal.find(journal.append(item).join().eventId()).orElseThrow();

        assertThat(entry.causedBy()).isEqualTo(parent);
        assertThat(entry.progress()).isEqualTo("{\"resumeAt\":\"steps[2]\"}");
    }

    @Test
    void a_repeated_dedup_key_is_recognised_and_not_stored_again() {
        EventId first = journal.append(orderWon("O-1", "O-1:v1")).join().eventId();

        AppendResult again = journal.append(orderWon("O-1", "O-1:v1")).join();

        assertThat(again).isEqualTo(new AppendResult.Duplicate(first));
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void a_repeated_dedup_key_within_one_append_is_a_duplicate_of_the_first() {
        List<AppendResult> results = journal.appendAll(List.of(
                orderWon("O-1", "O-1:v1"), orderWon("O-2", "O-2:v1"), orderWon("O-1", "O-1:v1")));

        assertThat(results.get(0)).isInstanceOf(AppendResult.Appended.class);
        assertThat(results.get(1)).isInstanceOf(AppendResult.Appended.class);
        assertThat(results.get(2)).isEqualTo(new AppendResult.Duplicate(results.get(0).eventId()));
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void the_same_dedup_key_of_another_event_type_is_a_different_event() {
        EventId won = journal.append(orderWon("O-1", "O-1")).join().eventId();
        AppendResult lost = journal.append(new NewEvent("crm", "order-lost", "O-1", "O-1", "application/json", "{}")).join();

        assertThat(lost).isInstanceOf(AppendResult.Appended.class);
        assertThat(lost.eventId()).isNotEqualTo(won);
    }

    @Test
    void sixty_four_concurrent_appenders_all_complete_and_every_event_is_stored_once() throws Exception {
        int threads = 64;
        int perThread = 40;
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Set<EventId>> idsByDedupKey = new ConcurrentHashMap<>();
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        // every other event repeats one another thread also sends, as a retrying source would
                        String dedupKey = i % 2 == 0 ? "T" + thread + "-" + i : "shared-" + i;
                        EventId id = journal.append(orderWon("K" + (i % 7), dedupKey)).join().eventId();
                        idsByDedupKey.computeIfAbsent(dedupKey, k -> ConcurrentHashMap.newKeySet()).add(id);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }

        int uniqueKeys = threads * perThread / 2 + perThread / 2;
        assertThat(idsByDedupKey).hasSize(uniqueKeys);
        assertThat(idsByDedupKey.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertThat(count()).isEqualTo(uniqueKeys);
    }

    @Test
    void event_ids_sort_in_append_order() {
        List<EventId> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(journal.append(orderWon("O-" + i, "O-" + i)).join().eventId());
        }
        assertThat(ids).isSorted();
    }

    @Test
    void an_append_fails_with_overloaded_when_too_much_waits_for_the_committer() throws Exception {
        var gate = new GatedDataSource(database.dataSource());
        try (Journal small = Journal.open(gate, JournalOptions.defaults().withMaxQueuedEvents(10))) {
            gate.hold();
            CompletableFuture<List<AppendResult>> first = small.append(List.of(orderWon("A", "A")));
            List<CompletableFuture<List<AppendResult>>> more = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                more.add(small.append(List.of(orderWon("B" + i, "B" + i))));
            }

            assertThat(small.append(List.of(orderWon("C", "C")))).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(JournalOverloaded.class);
            gate.release();
            assertThat(first).succeedsWithin(Duration.ofSeconds(10));
            more.forEach(f -> assertThat(f).succeedsWithin(Duration.ofSeconds(10)));
        }
    }

    @Test
    void appending_to_a_closed_journal_fails_and_stores_nothing() {
        journal.close();

        assertThatThrownBy(() -> journal.appendAll(List.of(orderWon("O-1", "O-1"))))
                .isInstanceOf(JournalUnavailable.class);
        assertThat(count()).isZero();
    }

    @Test
    void finishing_is_refused_to_a_claim_whose_lease_was_taken_over() {
        journal.append(orderWon("O-1", "O-1")).join();
        Claim stale = claimOne("node-a/1", Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(31));
        Claim current = claimOne("node-b/1", Duration.ofSeconds(30));

        assertThat(journal.queue().markDone(stale).join()).isFalse();
        assertThat(journal.queue().markDone(current).join()).isTrue();
        JournalEntry entry = journal.find(current.eventId()).orElseThrow();
        assertThat(entry.status()).isEqualTo(EntryStatus.DONE);
        assertThat(entry.attempts()).isEqualTo(2);
        assertThat(entry.claimedBy()).isEqualTo("node-b/1");
    }

    @Test
    void a_later_entry_of_a_key_is_not_claimed_while_an_earlier_one_is_unfinished() {
        EventId first = journal.append(orderWon("O-1", "O-1:v1")).join().eventId();
        EventId second = journal.append(orderWon("O-1", "O-1:v2")).join().eventId();
        EventId other = journal.append(orderWon("O-2", "O-2:v1")).join().eventId();

        List<Claim> claims = journal.queue().claim("node/1", types(), 10, Duration.ofSeconds(30), e -> true);
        assertThat(claims).extracting(Claim::eventId).containsExactly(first, other);

        journal.queue().scheduleRetry(claims.getFirst(), Duration.ZERO, "503").join();
        assertThat(journal.queue().claim("node/1", types(), 10, Duration.ofSeconds(30), e -> true))
                .extracting(Claim::eventId).containsExactly(first);
    }

    @Test
    void a_dead_entry_does_not_block_later_entries_of_its_key() {
        journal.append(orderWon("O-1", "O-1:v1")).join();
        EventId second = journal.append(orderWon("O-1", "O-1:v2")).join().eventId();

        journal.queue().markDead(claimOne("node/1", Duration.ofSeconds(30)), "400 Bad Request", "{\"error\":\"x\"}").join();

        assertThat(claimOne("node/1", Duration.ofSeconds(30)).eventId()).isEqualTo(second);
    }

    @Test
    void a_retry_is_not_claimed_before_it_is_due() {
        journal.append(orderWon("O-1", "O-1")).join();
        journal.queue().scheduleRetry(claimOne("node/1", Duration.ofSeconds(30)), Duration.ofMinutes(5), "503").join();

        assertThat(journal.queue().claim("node/1", types(), 10, Duration.ofSeconds(30), e -> true)).isEmpty();
        assertThat(journal.queue().nextDue(types(), journal.queue().now())).isPresent();
        clock.advance(Duration.ofMinutes(6));
        assertThat(claimOne("node/1", Duration.ofSeconds(30)).attempt()).isEqualTo(2);
    }

    @Test
    void a_dead_entry_is_replayed_with_a_corrected_payload_or_discarded() {
        EventId id = journal.append(orderWon("O-1", "O-1")).join().eventId();
        journal.queue().markDead(claimOne("node/1", Duration.ofSeconds(30)), "mapping failed", null).join();

        assertThat(journal.replay(id, Optional.of("{\"id\":\"O-1\",\"fixed\":true}")).join()).isTrue();
        JournalEntry replayed = journal.find(id).orElseThrow();
        assertThat(replayed.status()).isEqualTo(EntryStatus.PENDING);
        assertThat(replayed.attempts()).isZero();
        assertThat(replayed.payload()).contains("fixed");
        assertThat(replayed.finishedAt()).isNull();

        journal.queue().markDead(claimOne("node/1", Duration.ofSeconds(30)), "mapping failed again", null).join();
        assertThat(journal.discard(id).join()).isTrue();
        assertThat(journal.find(id).orElseThrow().status()).isEqualTo(EntryStatus.DISCARDED);
        assertThat(journal.discard(id).join()).isFalse();
    }

    @Test
    void retention_deletes_only_done_and_discarded_entries_older_than_the_limit() {
        EventId oldDone = finish("old-done", c -> journal.queue().markDone(c));
        EventId oldDead = finish("old-dead", c -> journal.queue().markDead(c, "400", null));
        EventId oldDiscarded = finish("old-discarded", c -> journal.queue().markDead(c, "400", null));
        journal.discard(oldDiscarded).join();
        EventId oldUnfinished = journal.append(orderWon("old-unfinished", "old-unfinished")).join().eventId();
        clock.advance(Duration.ofDays(8));
        EventId recentDone = finish("recent-done", c -> journal.queue().markDone(c));

        int deleted = new JournalRetention(database.dataSource(), Duration.ofDays(7), 1, clock).purge();

        assertThat(deleted).isEqualTo(2);
        assertThat(journal.find(oldDone)).isEmpty();
        assertThat(journal.find(oldDiscarded)).isEmpty();
        assertThat(journal.find(oldDead)).isPresent();
        assertThat(journal.find(oldUnfinished)).isPresent();
        assertThat(journal.find(recentDone)).isPresent();
    }

    @Test
    void the_backlog_counts_unfinished_entries_by_status() {
        journal.append(orderWon("O-1", "O-1")).join();
        journal.append(orderWon("O-2", "O-2")).join();
        journal.append(orderWon("O-3", "O-3")).join();
        journal.queue().markDone(claimOne("node/1", Duration.ofSeconds(30))).join();
        claimOne("node/1", Duration.ofSeconds(30));

        assertThat(journal.backlog()).containsEntry(EntryStatus.PENDING, 1L)
                .containsEntry(EntryStatus.IN_PROGRESS, 1L).containsEntry(EntryStatus.RETRY, 0L)
                .doesNotContainKey(EntryStatus.DONE);
    }

    private EventId finish(String key, Function<Claim, CompletableFuture<Boolean>> how) {
        EventId id = journal.append(orderWon(key, key)).join().eventId();
        Claim claim = journal.queue().claim("node/1", types(), 10, Duration.ofSeconds(30), type -> true).stream()
                .filter(c -> c.eventId().equals(id)).findFirst().orElseThrow();
        assertThat(how.apply(claim).join()).isTrue();
        return id;
    }

    private Claim claimOne(String claimant, Duration lease) {
        List<Claim> claims = journal.queue().claim(claimant, types(), 1, lease, e -> true);
        assertThat(claims).hasSize(1);
        return claims.getFirst();
    }

    private static Collection<EventType> types() {
        return List.of(new EventType("crm", "order-won"));
    }

    protected long count() {
        try (Connection c = database.dataSource().getConnection();
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM journal_entry")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A data source whose connections can be held back, to make the committer wait. */
    static final class GatedDataSource extends DelegatingDataSource {
        private volatile CountDownLatch gate = new CountDownLatch(0);

        GatedDataSource(DataSource delegate) {
            super(delegate);
        }

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException(e);
            }
            return super.getConnection();
        }
    }
}
