package dev.dovetail.runtime.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dovetail.runtime.journal.EntryStatus;
import dev.dovetail.runtime.journal.EventId;
import dev.dovetail.runtime.journal.EventType;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.JournalEntry;
import dev.dovetail.runtime.journal.JournalOptions;
import dev.dovetail.runtime.journal.MutableClock;
import dev.dovetail.runtime.journal.NewEvent;
import dev.dovetail.runtime.journal.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What dispatch promises, run against each database the journal supports. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DispatcherContract {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestDatabase database;
    private MutableClock clock;
    private Journal journal;
    private final List<Dispatcher> dispatchers = new ArrayList<>();

    protected abstract TestDatabase openDatabase();

    /** Whether this database gets fresh appends claimed in their append transaction (H2: one journal per database). */
    protected boolean claimsAtAppend() {
        return false;
    }

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
        dispatchers.forEach(Dispatcher::close);
        dispatchers.clear();
        journal.close();
    }

    private DispatcherOptions options() {
        return DispatcherOptions.defaults().withNodeName("test-node").withPollInterval(Duration.ofMillis(100))
                .withErrorBackoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50)))
                .withShutdownTimeout(Duration.ofSeconds(5));
    }

    private Dispatcher start(Routes routes, DispatcherOptions options) {
        Dispatcher dispatcher = Dispatcher.start(journal, routes, options);
        dispatchers.add(dispatcher);
        return dispatcher;
    }

    private static Routes orders(int concurrency, EntryHandler handler) {
        return Routes.builder().group("order-relay", concurrency).route("crm", "order-won", "order-relay", handler).build();
    }

    private EventId append(String key, int n) {
        return journal.append(event(key, n)).join().eventId();
    }

    private static NewEvent event(String key, int n) {
        return new NewEvent("crm", "order-won", key, key + ":" + n, "application/json", "{\"n\":" + n + "}");
    }

    private static int n(JournalEntry entry) {
        return Integer.parseInt(entry.payload().replaceAll("\\D", ""));
    }

    private JournalEntry entry(EventId id) {
        return journal.find(id).orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void awaitStatus(EventId id, EntryStatus status) {
        await(id + " is " + status, () -> entry(id).status() == status);
    }

    @Test
    void entries_of_one_key_are_handled_in_append_order_while_different_keys_run_in_parallel() {
        int keys = 16;
        int perKey = 20;
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inFlightByKey = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger overlapsOfOneKey = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        start(orders(16, entry -> {
            if (inFlightByKey.computeIfAbsent(entry.recordKey(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlapsOfOneKey.incrementAndGet();
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            seen.computeIfAbsent(entry.recordKey(), k -> new CopyOnWriteArrayList<>()).add(n(entry));
            inFlight.decrementAndGet();
            inFlightByKey.get(entry.recordKey()).decrementAndGet();
            handled.incrementAndGet();
            return Outcome.done();
        }), options().withMaxConcurrency(16));

        List<NewEvent> all = new ArrayList<>();
        for (int n = 0; n < perKey; n++) {
            List<NewEvent> round = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                round.add(event("K" + k, n));
            }
            Collections.shuffle(round);
            all.addAll(round);
        }
        for (int from = 0; from < all.size(); from += 40) {
            journal.append(all.subList(from, Math.min(all.size(), from + 40))).join();
        }

        await("all entries are handled", () -> handled.get() == keys * perKey);
        List<Integer> inOrder = IntStream.range(0, perKey).boxed().toList();
        assertThat(seen).hasSize(keys).allSatisfy((key, ns) -> assertThat(ns).as(key).isEqualTo(inOrder));
        assertThat(overlapsOfOneKey).hasValue(0);
        assertThat(maxInFlight.get()).isGreaterThan(1).isLessThanOrEqualTo(16);
    }

    @Test
    void two_nodes_share_the_work_without_handling_an_entry_twice_or_breaking_key_order() {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<EventId, AtomicInteger> handledById = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inFlightByKey = new ConcurrentHashMap<>();
        AtomicInteger overlapsOfOneKey = new AtomicInteger();
        Map<String, AtomicInteger> byNode = new ConcurrentHashMap<>();
        EntryHandler handler = entry -> {
            if (inFlightByKey.computeIfAbsent(entry.recordKey(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlapsOfOneKey.incrementAndGet();
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(2));
            seen.computeIfAbsent(entry.recordKey(), k -> new CopyOnWriteArrayList<>()).add(n(entry));
            handledById.computeIfAbsent(entry.eventId(), k -> new AtomicInteger()).incrementAndGet();
            byNode.computeIfAbsent(entry.claimedBy().split("/")[0], k -> new AtomicInteger()).incrementAndGet();
            inFlightByKey.get(entry.recordKey()).decrementAndGet();
            return Outcome.done();
        };
        try (Journal otherNodesJournal = Journal.open(database.dataSource(), JournalOptions.defaults().withClock(clock))) {
            start(orders(8, handler), options().withNodeName("node-a").withMaxConcurrency(8));
            Dispatcher nodeB = start(orders(8, handler), options().withNodeName("node-b").withMaxConcurrency(8));
            journal.onNewWork(nodeB::wake); // as a PostgreSQL NOTIFY would; else node b relies on its poll

            int keys = 12;
            int perKey = 20;
            for (int n = 0; n < perKey; n++) {
                List<NewEvent> round = new ArrayList<>();
                for (int k = 0; k < keys; k++) {
                    round.add(event("K" + k, n));
                }
                (n % 2 == 0 ? journal : otherNodesJournal).append(round).join();
            }

            await("all entries are handled", () -> handledById.size() == keys * perKey);
            List<Integer> inOrder = IntStream.range(0, perKey).boxed().toList();
            assertThat(seen).allSatisfy((key, ns) -> assertThat(ns).as(key).isEqualTo(inOrder));
            assertThat(handledById.values()).allSatisfy(count -> assertThat(count).hasValue(1));
            assertThat(overlapsOfOneKey).hasValue(0);
            assertThat(byNode).containsKeys("node-a", "node-b");
        }
    }

    @Test
    void a_failed_attempt_is_retried_and_then_done() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        start(orders(4, entry -> {
            attempts.add(entry.attempts());
            return entry.attempts() < 3 ? Outcome.retryAfter(Duration.ofMillis(20), "503 Service Unavailable") : Outcome.done();
        }), options());

        EventId id = append("O-1", 1);

        awaitStatus(id, EntryStatus.DONE);
        JournalEntry done = entry(id);
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(done.lastError()).isEqualTo("503 Service Unavailable");
        assertThat(done.finishedAt()).isNotNull();
    }

    @Test
    void the_progress_recorded_with_a_retry_is_handed_to_the_next_attempt() {
        List<String> progressSeen = new CopyOnWriteArrayList<>();
        start(orders(4, entry -> {
            progressSeen.add(String.valueOf(entry.progress()));
            return entry.attempts() == 1
                    ? new Outcome.RetryAfter(Duration.ZERO, "503 from wms", "delivered: erp")
                    : new Outcome.Done("delivered: erp, wms");
        }), options());

        EventId id = append("O-1", 1);

        awaitStatus(id, EntryStatus.DONE);
        assertThat(progressSeen).containsExactly("null", "delivered: erp");
        assertThat(entry(id).progress()).isEqualTo("delivered: erp, wms");
    }

    @Test
    void a_permanent_failure_parks_the_entry_as_dead_and_later_entries_of_its_key_go_on() {
        start(orders(4, entry -> n(entry) == 1
                ? Outcome.dead("400 Bad Request", "{\"error\":\"amount missing\"}")
                : Outcome.done()), options());

        EventId rejected = append("O-1", 1);
        EventId next = append("O-1", 2);

        awaitStatus(next, EntryStatus.DONE);
        JournalEntry dead = entry(rejected);
        assertThat(dead.status()).isEqualTo(EntryStatus.DEAD);
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.lastError()).isEqualTo("400 Bad Request");
        assertThat(dead.lastErrorDetail()).contains("amount missing");
    }

    @Test
    void a_handler_that_keeps_throwing_is_retried_with_backoff_and_parked_after_max_attempts() {
        AtomicInteger calls = new AtomicInteger();
        start(orders(4, entry -> {
            calls.incrementAndGet();
            throw new IllegalStateException("mapping blew up");
        }), options().withMaxAttempts(3));

        EventId id = append("O-1", 1);

        awaitStatus(id, EntryStatus.DEAD);
        assertThat(calls).hasValue(3);
        assertThat(entry(id).lastError()).contains("mapping blew up");
        assertThat(entry(id).lastErrorDetail()).contains("IllegalStateException");
    }

    @Test
    void work_claimed_by_a_crashed_node_is_taken_over_after_its_lease_expires() throws InterruptedException {
        EventId id = append("O-1", 1);
        journal.queue().claim("crashed-node/1", List.of(new EventType("crm", "order-won")), 1, Duration.ofMinutes(1), e -> true);
        List<String> handledBy = new CopyOnWriteArrayList<>();
        Dispatcher survivor = start(orders(4, entry -> {
            handledBy.add(entry.claimedBy());
            return Outcome.done();
        }), options().withNodeName("survivor"));

        // a negative check: five polls go by and the survivor leaves the live lease alone
        Thread.sleep(500);
        assertThat(entry(id).status()).isEqualTo(EntryStatus.IN_PROGRESS);
        assertThat(handledBy).isEmpty();

        clock.advance(Duration.ofMinutes(2));

        awaitStatus(id, EntryStatus.DONE);
        assertThat(handledBy).containsExactly(survivor.claimant());
        assertThat(entry(id).attempts()).isEqualTo(2);
    }

    @Test
    void claims_left_by_an_earlier_run_of_the_same_node_resume_at_once_on_start() {
        EventId id = append("O-1", 1);
        journal.queue().claim("test-node/earlier-run", List.of(new EventType("crm", "order-won")), 1, Duration.ofHours(1), e -> true);

        start(orders(4, entry -> Outcome.done()), options());

        awaitStatus(id, EntryStatus.DONE);
        assertThat(entry(id).attempts()).isEqualTo(2);
    }

    @Test
    void a_group_never_runs_more_entries_at_once_than_its_concurrency() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        EntryHandler slow = entry -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Thread.sleep(20);
            inFlight.decrementAndGet();
            handled.incrementAndGet();
            return Outcome.done();
        };
        AtomicInteger fastHandled = new AtomicInteger();
        Routes routes = Routes.builder().group("erp-deliveries", 2).group("audit", 4)
                .route("crm", "order-won", "erp-deliveries", slow)
                .route("crm", "account-changed", "audit", entry -> {
                    fastHandled.incrementAndGet();
                    return Outcome.done();
                })
                .build();
        start(routes, options().withMaxConcurrency(8));

        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(event("O-" + i, i));
            events.add(new NewEvent("crm", "account-changed", "A-" + i, "A-" + i, "application/json", "{}"));
        }
        journal.append(events).join();

        await("all entries are handled", () -> handled.get() == 12 && fastHandled.get() == 12);
        assertThat(maxInFlight.get()).isEqualTo(2);
    }

    @Test
    void an_append_wakes_the_dispatcher_without_waiting_for_the_poll() {
        AtomicInteger handled = new AtomicInteger();
        start(orders(4, entry -> {
            handled.incrementAndGet();
            return Outcome.done();
        }), options().withPollInterval(Duration.ofMinutes(10)));

        Instant appended = Instant.now();
        EventId id = append("O-1", 1);

        awaitStatus(id, EntryStatus.DONE);
        assertThat(Duration.between(appended, Instant.now())).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void a_fresh_event_is_claimed_in_its_append_transaction_by_a_dispatcher_with_a_free_slot() throws Exception {
        assumeTrue(claimsAtAppend(), "claim at append is for H2");
        CountDownLatch release = new CountDownLatch(1);
        Dispatcher dispatcher = start(orders(4, entry -> {
            release.await();
            return Outcome.done();
        }), options().withPollInterval(Duration.ofMinutes(10)));

        EventId id = append("O-1", 1);

        // committed already claimed: no claim query had a chance to run before the append's answer
        JournalEntry stored = entry(id);
        assertThat(stored.status()).isEqualTo(EntryStatus.IN_PROGRESS);
        assertThat(stored.claimedBy()).isEqualTo(dispatcher.claimant());
        assertThat(stored.attempts()).isEqualTo(1);
        await("the entry is running", () -> dispatcher.running() == 1);
        release.countDown();
        awaitStatus(id, EntryStatus.DONE);
    }

    @Test
    void an_event_whose_key_has_an_unfinished_entry_is_not_claimed_at_append_and_runs_after_it() throws Exception {
        assumeTrue(claimsAtAppend(), "claim at append is for H2");
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        start(orders(4, entry -> {
            if (n(entry) == 1) release.await();
            order.add(n(entry));
            return Outcome.done();
        }), options());

        EventId first = append("O-1", 1);
        EventId second = append("O-1", 2);
        EventId otherKey = append("O-2", 3);

        assertThat(entry(first).status()).isEqualTo(EntryStatus.IN_PROGRESS);
        assertThat(entry(second).status()).as("waits for the first of its key").isEqualTo(EntryStatus.PENDING);
        awaitStatus(otherKey, EntryStatus.DONE);
        assertThat(entry(second).status()).isEqualTo(EntryStatus.PENDING);
        release.countDown();
        awaitStatus(second, EntryStatus.DONE);
        assertThat(order).containsExactly(3, 1, 2);
    }

    @Test
    void events_beyond_the_free_slots_are_left_to_the_claim_loop() throws Exception {
        assumeTrue(claimsAtAppend(), "claim at append is for H2");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        start(orders(4, entry -> {
            release.await();
            handled.incrementAndGet();
            return Outcome.done();
        }), options().withMaxConcurrency(2));

        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) events.add(event("O-" + i, i));
        List<EventId> ids = journal.append(events).join().stream().map(r -> r.eventId()).toList();

        assertThat(ids.stream().map(id -> entry(id).status()).toList()).containsExactly(EntryStatus.IN_PROGRESS,
                EntryStatus.IN_PROGRESS, EntryStatus.PENDING, EntryStatus.PENDING, EntryStatus.PENDING);
        release.countDown();
        await("all entries are handled", () -> handled.get() == 5);
    }

    @Test
    void closing_gives_back_the_claims_of_entries_still_running_and_the_next_start_resumes_them() {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Dispatcher first = start(orders(4, entry -> {
            started.countDown();
            stuck.await();
            return Outcome.done();
        }), options().withShutdownTimeout(Duration.ofMillis(200)));
        EventId id = append("O-1", 1);
        await("the handler is running", () -> started.getCount() == 0);

        first.close();

        JournalEntry released = entry(id);
        assertThat(released.status()).isEqualTo(EntryStatus.RETRY);
        assertThat(released.nextAttemptAt()).isBeforeOrEqualTo(journal.queue().now());

        Dispatcher second = start(orders(4, entry -> Outcome.done()), options());
        awaitStatus(id, EntryStatus.DONE);
        stuck.countDown();
        assertThat(entry(id).claimedBy()).isEqualTo(second.claimant());
        assertThat(entry(id).attempts()).isEqualTo(2);
    }
}
