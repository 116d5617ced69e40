package dev.dovetail.runtime.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.runtime.dispatch.Dispatcher;
import dev.dovetail.runtime.dispatch.DispatcherOptions;
import dev.dovetail.runtime.dispatch.Outcome;
import dev.dovetail.runtime.dispatch.Routes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Prints how fast the journal takes appends from 32 concurrent callers (each waiting for durability
 * before its next append, as webhook threads do), and how fast dispatch drains them through a no-op
 * handler. Reports, does not assert on speed.
 */
class JournalThroughputIT {

    private static final int APPENDERS = 32;
    private static final int EVENTS = 16_000;

    @Test
    void h2_file_with_fsync_per_batch() throws Exception {
        measure("H2 file, the server's options + CHECKPOINT SYNC per batch", TestDatabase::h2, JournalOptions.defaults());
    }

    @Test
    void h2_file_without_fsync() throws Exception {
        measure("H2 file, the server's options, no fsync", TestDatabase::h2, JournalOptions.defaults().withSyncEachBatch(false));
    }

    @Test
    void h2_file_with_the_default_write_delay() throws Exception {
        measure("H2 file, default WRITE_DELAY, CHECKPOINT (SYNC) per batch", () -> TestDatabase.h2(";DB_CLOSE_ON_EXIT=FALSE"),
                JournalOptions.defaults());
    }

    @Test
    void postgresql() throws Exception {
        measure("PostgreSQL 15, synchronous_commit=on", TestDatabase::postgres, JournalOptions.defaults());
    }

    private static void measure(String name, Supplier<TestDatabase> databases, JournalOptions options) throws Exception {
        try (TestDatabase database = databases.get(); Journal journal = Journal.open(database.dataSource(), options)) {
            appendFromThreads(journal, 2_000, "warm-up"); // JIT, pool, statement caches
            database.clear();

            long start = System.nanoTime();
            appendFromThreads(journal, EVENTS, "run");
            double appendSeconds = (System.nanoTime() - start) / 1e9;

            AtomicInteger handled = new AtomicInteger();
            long drainStart = System.nanoTime();
            try (Dispatcher dispatcher = Dispatcher.start(journal,
                    Routes.builder().group("relay", 64).route("crm", "order-won", "relay", e -> {
                        handled.incrementAndGet();
                        return Outcome.done();
                    }).build(), DispatcherOptions.defaults().withNodeName("bench").withMaxConcurrency(64))) {
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (handled.get() < EVENTS && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            assertThat(handled.get()).isGreaterThanOrEqualTo(EVENTS);
            System.out.printf("THROUGHPUT %-55s append: %,8.0f events/s (%d appenders, %,d events)   dispatch drain: %,8.0f entries/s%n",
                    name, EVENTS / appendSeconds, APPENDERS, EVENTS, EVENTS / drainSeconds);
        }
    }

    private static void appendFromThreads(Journal journal, int events, String prefix) throws Exception {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(APPENDERS)) {
            for (int t = 0; t < APPENDERS; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                        String key = prefix + "-" + i;
                        journal.append(new NewEvent("crm", "order-won", "O-" + (i % 500), key, "application/json",
                                "{\"id\":\"" + key + "\",\"stage\":\"Closed Won\",\"amount\":\"1299.00\",\"currency\":\"CNY\","
                                        + "\"customer\":{\"name\":\"上海示例贸易有限公司\",\"taxId\":\"91310000MA1FL0XXXX\"}}")).join();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }
}
