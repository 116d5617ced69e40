package dev.dovetail.runtime.poll;

import dev.dovetail.model.EventRef;
import dev.dovetail.runtime.dedup.DedupKeys;
import dev.dovetail.runtime.journal.AppendResult;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.NewEvent;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;

/**
 * One tick of a schedule, made durable as a journal entry so the normal dispatcher runs what it triggers:
 * system, event and record key as the source says, dedup key {@code <key>@<tick instant>}. Every node
 * computes the same ticks, so a tick is journaled once even if two nodes fire it (the lease makes that
 * rare, the dedup key harmless).
 */
final class ScheduleTick implements SourceLoop.Work {
    private static final System.Logger LOG = System.getLogger(ScheduleTick.class.getName());

    private final EventRef source;
    private final String recordKey;
    private final Journal journal;
    private final Leases leases;
    private final PollingOptions options;
    private final PollObserver observer;
    private final StopSignal stop;

    ScheduleTick(EventRef source, String recordKey, Journal journal, Leases leases, PollingOptions options,
                 PollObserver observer, StopSignal stop) {
        this.source = source;
        this.recordKey = recordKey;
        this.journal = journal;
        this.leases = leases;
        this.options = options;
        this.observer = observer;
        this.stop = stop;
    }

    static String leaseName(EventRef source) {
        return "tick:" + source;
    }

    /** The tick's journal entry. */
    NewEvent entry(Tick tick) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("schedule", recordKey);
        payload.put("tick", tick.at().toString());
        return new NewEvent(source.system(), source.event(), recordKey, recordKey + "@" + tick.at(),
                PolledRecords.CONTENT_TYPE, DedupKeys.json(payload));
    }

    @Override
    public void run(Tick tick) {
        var lease = leases.acquire(leaseName(source), options.leaseFor(), tick.keepLeaseUntil());
        if (lease.isEmpty()) {
            observer.leaseHeldElsewhere(source, tick.at());
            return;
        }
        try {
            observer.runStarted(source, tick.at());
            journal(tick);
        } finally {
            lease.get().release();
        }
    }

    private void journal(Tick tick) {
        var entry = entry(tick);
        for (int attempt = 1; ; attempt++) {
            try {
                var result = journal.appendAll(java.util.List.of(entry)).getFirst();
                observer.tickJournaled(source, tick.at(), result instanceof AppendResult.Duplicate);
                return;
            } catch (RuntimeException e) {
                String reason = "journaling the tick " + tick.at() + " failed: " + e.getMessage();
                if (attempt >= options.pageAttempts()) {
                    LOG.log(Level.WARNING, "Schedule {0}: {1}; this tick is lost", source, reason);
                    observer.runFailed(source, reason);
                    return;
                }
                Duration wait = options.pageBackoff().delayAfter(attempt);
                observer.pageRetrying(source, reason, wait);
                if (!stop.sleep(wait)) {
                    return;
                }
            }
        }
    }
}
