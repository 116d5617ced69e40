package dev.dovetail.runtime.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.runtime.flow.StepPath;
import dev.dovetail.runtime.flow.Trace;
import dev.dovetail.runtime.journal.EventId;
import dev.dovetail.runtime.journal.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TraceStoreTest {
    private static TestDatabase database;

    @BeforeAll
    static void open() {
        database = TestDatabase.h2();
    }

    @AfterAll
    static void close() throws Exception {
        database.close();
    }

    @Test
    void traces_are_written_behind_the_run_and_read_back_by_event_in_order() {
        var store = new TraceStore(database.dataSource(), 100, Clock.systemUTC());
        var id = new EventId(UUID.randomUUID());

        assertThat(store.offer(id, 1, "relay", trace(id, "retry later: HTTP 503"))).isTrue();
        assertThat(store.offer(id, 2, "relay", trace(id, "completed"))).isTrue();
        store.close(Duration.ofSeconds(10));

        var traces = store.traces(id);
        assertThat(traces).extracting(TraceStore.StoredTrace::attempt).containsExactly(1, 2);
        assertThat(traces.get(1).outcome()).isEqualTo("completed");
        assertThat(traces.get(1).trace()).startsWith("{\"flow\":\"relay\"");
        assertThat(store.offer(id, 3, "relay", trace(id, "late"))).as("refused after close").isFalse();
        assertThat(store.dropped()).isEqualTo(1);
    }

    @Test
    void retention_removes_old_traces_of_events_no_longer_in_the_journal() {
        var store = new TraceStore(database.dataSource(), 100, Clock.systemUTC());
        var gone = new EventId(UUID.randomUUID());
        store.offer(gone, 1, "relay", trace(gone, "completed"));
        store.close(Duration.ofSeconds(10));

        var later = new TraceStore(database.dataSource(), 10, Clock.offset(Clock.systemUTC(), Duration.ofDays(8)));
        assertThat(later.purge(Duration.ofDays(7))).isGreaterThanOrEqualTo(1);
        assertThat(later.traces(gone)).isEmpty();
        later.close();
    }

    private static Trace trace(EventId id, String outcome) {
        return new Trace("relay", id.toString(), StepPath.first(), Instant.now(), Duration.ofMillis(3), outcome, List.of());
    }
}
