package dev.dovetail.runtime.poll;

import static java.util.Objects.requireNonNull;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.EventRef;
import dev.dovetail.model.FlowDef;
import dev.dovetail.model.Poll;
import dev.dovetail.model.Schedule;
import dev.dovetail.model.SystemDef;
import dev.dovetail.model.Workspace;
import dev.dovetail.runtime.journal.Journal;
import java.lang.System.Logger.Level;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs a workspace's polls and schedules: each event with a {@code poll:} source, each event with a
 * {@code schedule:} source and each flow triggered by a {@code schedule:} gets a loop on its own virtual
 * thread that waits for the schedule's ticks. On a tick, the node that takes the source's lease (one node
 * of a cluster sharing the database) polls the operation into the journal or journals the tick.
 *
 * <p>Journal entries: a polled record as {@code <system>.<event>} with the event's key and dedup key (as
 * webhook intake makes them); a schedule tick of a system event as {@code <system>.<event>} with the event
 * name as key; a schedule tick of a flow as {@code schedule.<flow>} with the flow name as key. The dedup key
 * of a tick is {@code <key>@<tick instant>}.
 *
 * <p>Needs the tables of Flyway {@code V150__polling.sql}. Hand a new workspace to {@link #use}; close
 * before the journal.
 */
public final class Polling implements AutoCloseable {
    /** The system name under which ticks of schedule-triggered flows are journaled. */
    public static final String SCHEDULE_SYSTEM = "schedule";

    private static final System.Logger LOG = System.getLogger(Polling.class.getName());

    private final Journal journal;
    private final Leases leases;
    private final Watermarks watermarks;
    private final Timetables timetables;
    private final PollingOptions options;
    private final PollObserver observer;
    private final ReentrantLock changing = new ReentrantLock();
    private Running running;
    private boolean closed;

    /**
     * @param dataSource the hub's database (leases)
     * @param journal    where records and ticks go
     * @param watermarks where watermarks are kept (usually {@link JdbcWatermarks} on the same database)
     * @param timetables how schedules become ticks (cron needs an evaluator from outside)
     */
    public Polling(DataSource dataSource, Journal journal, Watermarks watermarks, Timetables timetables,
                   PollingOptions options, PollObserver observer) {
        this.leases = new Leases(requireNonNull(dataSource, "dataSource"));
        this.journal = requireNonNull(journal, "journal");
        this.watermarks = requireNonNull(watermarks, "watermarks");
        this.timetables = requireNonNull(timetables, "timetables");
        this.options = requireNonNull(options, "options");
        this.observer = requireNonNull(observer, "observer");
    }

    /** What runs for one workspace version. */
    private record Running(StopSignal stop, List<Thread> threads, List<EventRef> sources) {}

    /**
     * Stops the sources of the previous workspace (letting a run finish its current page, up to
     * {@link PollingOptions#stopTimeout()}) and starts those of {@code workspace}.
     *
     * @param mappings the workspace's engine, for key, version and watermark paths and the operations' query expressions
     * @param readers  the connectors that read pages
     * @return the sources started
     */
    public List<EventRef> use(Workspace workspace, MappingEngine mappings, PageReaders readers) {
        requireNonNull(workspace, "workspace");
        requireNonNull(mappings, "mappings");
        requireNonNull(readers, "readers");
        changing.lock();
        try {
            if (closed) {
                throw new IllegalStateException("polling is closed");
            }
            stopRunning();
            running = start(workspace, mappings, readers);
            return running.sources();
        } finally {
            changing.unlock();
        }
    }

    /** The sources running now. */
    public List<EventRef> sources() {
        changing.lock();
        try {
            return running == null ? List.of() : running.sources();
        } finally {
            changing.unlock();
        }
    }

    /** Stops every source (see {@link #use}); nothing starts again. */
    @Override
    public void close() {
        changing.lock();
        try {
            closed = true;
            stopRunning();
        } finally {
            changing.unlock();
        }
    }

    private Running start(Workspace workspace, MappingEngine mappings, PageReaders readers) {
        ZoneId zone = workspace.settings() == null || workspace.settings().timezone() == null
                ? ZoneOffset.UTC : workspace.settings().timezone();
        var stop = new StopSignal();
        var loops = new ArrayList<Loop>();
        for (SystemDef system : workspace.systems().values()) {
            for (SystemDef.Event event : system.events().values()) {
                var source = new EventRef(system.name(), event.name());
                switch (event.source()) {
                    case Poll poll -> {
                        var operation = workspace.systems().containsKey(poll.system())
                                ? workspace.systems().get(poll.system()).operation(poll.operation()).orElse(null) : null;
                        if (operation == null) {
                            failed(source, "system '" + poll.system() + "' has no operation '" + poll.operation() + "'");
                            continue;
                        }
                        var work = new PollRun(source, event, poll, operation, mappings, readers, journal, watermarks, leases,
                                options, observer, stop);
                        loop(loops, source, poll.schedule(), zone, work);
                    }
                    case Schedule schedule -> loop(loops, source, schedule, zone,
                            new ScheduleTick(source, event.name(), journal, leases, options, observer, stop));
                    default -> {
                        // webhooks and connector consumers are not polled
                    }
                }
            }
        }
        for (FlowDef flow : workspace.flows().values()) {
            if (flow.trigger() instanceof Schedule schedule) {
                var source = new EventRef(SCHEDULE_SYSTEM, flow.name());
                loop(loops, source, schedule, zone, new ScheduleTick(source, flow.name(), journal, leases, options, observer, stop));
            }
        }
        var threads = new ArrayList<Thread>();
        var sources = new ArrayList<EventRef>();
        for (Loop loop : loops) {
            var runner = new SourceLoop(loop.source(), loop.timetable(), loop.work(), stop, options.clock());
            threads.add(Thread.ofVirtual().name("poll-" + loop.source()).start(runner));
            sources.add(loop.source());
        }
        if (!sources.isEmpty()) {
            LOG.log(Level.INFO, "Polling and schedules: {0}", sources);
        }
        return new Running(stop, List.copyOf(threads), List.copyOf(sources));
    }

    private record Loop(EventRef source, Timetable timetable, SourceLoop.Work work) {}

    private void loop(List<Loop> loops, EventRef source, Schedule schedule, ZoneId zone, SourceLoop.Work work) {
        Timetable timetable;
        try {
            timetable = timetables.of(schedule, zone);
        } catch (RuntimeException e) {
            failed(source, "its schedule cannot be evaluated: " + e.getMessage());
            return;
        }
        loops.add(new Loop(source, timetable, work));
    }

    private void failed(EventRef source, String reason) {
        LOG.log(Level.ERROR, "{0} is not polled: {1}", source, reason);
        observer.sourceFailed(source, reason);
    }

    private void stopRunning() {
        if (running == null) {
            return;
        }
        running.stop().stop();
        long deadline = System.nanoTime() + options.stopTimeout().toNanos();
        for (Thread thread : running.threads()) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(java.time.Duration.ofNanos(left))) {
                    LOG.log(Level.WARNING, "{0} did not stop in time; interrupting it", thread.getName());
                    thread.interrupt();
                    thread.join(java.time.Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = null;
    }
}
