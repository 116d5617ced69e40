package dev.dovetail.runtime.poll;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.EventRef;
import dev.dovetail.model.Poll;
import dev.dovetail.model.SystemDef;
import dev.dovetail.runtime.journal.AppendResult;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.Page;
import dev.dovetail.spi.PageOutcome;
import dev.dovetail.spi.PageReader;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One tick of a poll source, on the node holding its lease: reads the operation's pages from the stored
 * watermark, journals each page's records and, only once that append is durable, stores the page's highest
 * watermark value. A crash between the two re-reads the page on the next tick, which the journal's dedup
 * keys make harmless. Transient failures are retried with backoff; a rejected page stops the run with the
 * watermark where it was.
 */
final class PollRun implements SourceLoop.Work {
    private static final System.Logger LOG = System.getLogger(PollRun.class.getName());

    private final EventRef source;
    private final Poll poll;
    private final SystemDef.Operation operation;
    private final PolledRecords records;
    private final MappingEngine mappings;
    private final PageReaders readers;
    private final Journal journal;
    private final Watermarks watermarks;
    private final Leases leases;
    private final PollingOptions options;
    private final PollObserver observer;
    private final StopSignal stop;
    /** Only the loop's thread runs this source. */
    private String lastFailure;

    PollRun(EventRef source, SystemDef.Event event, Poll poll, SystemDef.Operation operation, MappingEngine mappings,
            PageReaders readers, Journal journal, Watermarks watermarks, Leases leases, PollingOptions options,
            PollObserver observer, StopSignal stop) {
        this.source = source;
        this.poll = poll;
        this.operation = operation;
        this.records = new PolledRecords(source, event, poll.watermark(), mappings);
        this.mappings = mappings;
        this.readers = readers;
        this.journal = journal;
        this.watermarks = watermarks;
        this.leases = leases;
        this.options = options;
        this.observer = observer;
        this.stop = stop;
    }

    static String leaseName(EventRef source) {
        return "poll:" + source;
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
            poll(lease.get());
        } catch (RuntimeException e) {
            // e.g. the database is unreachable; nothing was stored past what is durable
            fail("the run failed: " + e);
        } finally {
            lease.get().release();
        }
    }

    private void poll(Leases.Lease lease) {
        Optional<PageReader> reader = readers.forSystem(poll.system());
        if (reader.isEmpty()) {
            fail("no connector reads pages of system '" + poll.system() + "'");
            return;
        }
        String stored = watermarks.find(source).orElse(null);
        String from = stored != null ? stored : poll.watermark().flatMap(Poll.Watermark::initial).orElse(null);
        // one pass reads from one watermark; a pass cut short by the operation's page limit is followed by
        // another from the watermark it reached, as long as that moved
        while (true) {
            var built = PollCall.build(poll, operation, poll.watermark().isPresent() ? from : null, mappings);
            if (built instanceof PollCall.Impossible impossible) {
                fail(impossible.reason());
                return;
            }
            var pass = pass(reader.get(), ((PollCall.Ready) built).call(), from, stored, lease);
            if (pass == null) {
                return;
            }
            lastFailure = null;
            stored = pass.stored();
            if (!pass.limitReached() || stored == null || stored.equals(from)) {
                return;
            }
            from = stored;
        }
    }

    private record Pass(String stored, boolean limitReached) {}

    /** Reads every page of one call; null when the run must stop. */
    private Pass pass(PageReader reader, OperationCall call, String from, String stored, Leases.Lease lease) {
        String cursor = null;
        String highest = from;
        do {
            if (stop.stopped()) {
                return null;
            }
            Page page = read(reader, call, cursor, lease);
            if (page == null) {
                return null;
            }
            var prepared = records.prepare(page.items());
            prepared.skipped().forEach(reason -> {
                LOG.log(Level.WARNING, "Polling {0}: skipped a record: {1}", source, reason);
                observer.recordSkipped(source, reason);
            });
            if (!append(prepared)) {
                return null;
            }
            // only now, with the page durable, may the watermark move past it
            String candidate = WatermarkOrder.max(highest, prepared.highestWatermark());
            if (candidate != null && !candidate.equals(stored)) {
                try {
                    watermarks.save(source, candidate);
                } catch (RuntimeException e) {
                    fail("the watermark could not be stored (the page is re-read next time; its records are not journaled twice): "
                            + e.getMessage());
                    return null;
                }
                stored = candidate;
                observer.watermarkAdvanced(source, candidate);
            }
            highest = candidate;
            if (page.limitReached()) {
                return new Pass(stored, true);
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return new Pass(stored, false);
    }

    /** One page, with retries; null when the run must stop. */
    private Page read(PageReader reader, OperationCall call, String cursor, Leases.Lease lease) {
        for (int attempt = 1; ; attempt++) {
            if (!lease.renewIfDue()) {
                fail("the lease on " + source + " expired during the run; another node may poll it now");
                return null;
            }
            PageOutcome outcome;
            try {
                outcome = reader.readPage(call, cursor);
            } catch (RuntimeException e) {
                // a connector bug; treated as a transient failure so a poll never dies of it
                LOG.log(Level.ERROR, "Reading a page of " + call.target() + " threw", e);
                outcome = DeliveryOutcome.RetryLater.because("the connector failed: " + e);
            }
            switch (outcome) {
                case Page page -> {
                    return page;
                }
                case DeliveryOutcome.Rejected rejected -> {
                    String reason = "the page request to " + call.target() + " was rejected: " + rejected.reason();
                    LOG.log(Level.WARNING, "Polling {0}: {1}; the watermark stays", source, reason);
                    observer.pageRejected(source, reason);
                    return null;
                }
                case DeliveryOutcome.RetryLater later -> {
                    if (!retry(attempt, later.after(), "reading a page of " + call.target() + " failed: " + later.reason())) {
                        return null;
                    }
                }
            }
        }
    }

    private boolean append(PolledRecords.Prepared prepared) {
        if (prepared.events().isEmpty()) {
            return true;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                List<AppendResult> results = journal.appendAll(prepared.events());
                int appended = (int) results.stream().filter(AppendResult.Appended.class::isInstance).count();
                observer.pageJournaled(source, appended, results.size() - appended);
                return true;
            } catch (RuntimeException e) {
                if (!retry(attempt, null, "journaling a page failed: " + e.getMessage())) {
                    return false;
                }
            }
        }
    }

    /** Waits before another attempt; false when attempts are used up or polling stops. */
    private boolean retry(int attempt, Duration after, String reason) {
        if (attempt >= options.pageAttempts()) {
            fail(reason + " (" + attempt + " attempts; the next tick tries again)");
            return false;
        }
        Duration wait = options.pageBackoff().delayAfter(attempt);
        if (after != null && after.compareTo(wait) > 0) {
            wait = after;
        }
        if (wait.compareTo(options.leaseFor().dividedBy(2)) > 0) {
            fail(reason + " (the system asks to wait " + wait + "; the next tick tries again)");
            return false;
        }
        observer.pageRetrying(source, reason, wait);
        return stop.sleep(wait);
    }

    private void fail(String reason) {
        // the same failure on every tick (a system that is down for hours) is logged once, then at debug level
        Level level = reason.equals(lastFailure) ? Level.DEBUG : Level.WARNING;
        lastFailure = reason;
        LOG.log(level, "Polling {0} stopped: {1}", source, reason);
        observer.runFailed(source, reason);
    }
}
