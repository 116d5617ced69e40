package dev.dovetail.server.hub;

import dev.dovetail.model.Workspace;
import dev.dovetail.runtime.dispatch.Dispatcher;
import dev.dovetail.runtime.dispatch.DispatcherOptions;
import dev.dovetail.runtime.dispatch.EntryHandler;
import dev.dovetail.runtime.dispatch.Outcome;
import dev.dovetail.runtime.dispatch.Routes;
import dev.dovetail.runtime.flow.FlowExecutor;
import dev.dovetail.runtime.hub.DeliveryPolicy;
import dev.dovetail.runtime.hub.HubRoutes;
import dev.dovetail.runtime.hub.RunListener;
import dev.dovetail.runtime.hub.TraceStore;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.JournalRetention;
import dev.dovetail.server.workspace.LiveWorkspace;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The running hub: the dispatcher working the journal with the flows of the serving workspace. Starts after the
 * workspace is loaded and before the web server opens; on every accepted reload it builds the new version's
 * connectors and routes and switches the dispatcher to them (entries under way finish with the version they
 * started with, whose connectors close when the last of them is done). Stops after the web server: the
 * dispatcher finishes what runs (up to {@code dovetail.dispatch.shutdown-timeout}) and gives the rest back to the
 * journal; the journal itself closes with its bean, after this.
 */
public final class Hub implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    /** After {@code WorkspaceLifecycle} (0), long before the web server. */
    static final int PHASE = 10;

    private final LiveWorkspace live;
    private final Journal journal;
    private final ConnectorRegistry connectors;
    private final DispatcherOptions options;
    private final DeliveryPolicy policy;
    private final RunListener listener;
    private final HubMetrics metrics;
    private final TraceStore traces;
    private final DataSource dataSource;
    private final HubProperties.Journal journalSettings;
    private final Clock clock;
    private final Object switching = new Object();
    private volatile Dispatcher dispatcher;
    private volatile ScheduledExecutorService housekeeping;
    private volatile boolean running;

    Hub(LiveWorkspace live, Journal journal, ConnectorRegistry connectors, DispatcherOptions options, DeliveryPolicy policy,
        RunListener listener, HubMetrics metrics, TraceStore traces, DataSource dataSource, HubProperties.Journal journalSettings,
        Clock clock) {
        this.live = live;
        this.journal = journal;
        this.connectors = connectors;
        this.options = options;
        this.policy = policy;
        this.listener = listener;
        this.metrics = metrics;
        this.traces = traces;
        this.dataSource = dataSource;
        this.journalSettings = journalSettings;
        this.clock = clock;
        live.onReload(reload -> {
            if (reload instanceof LiveWorkspace.Reload.Accepted accepted) {
                apply(accepted.active());
            }
        });
    }

    @Override
    public void start() {
        synchronized (switching) {
            dispatcher = Dispatcher.start(journal, Routes.none(), options);
            log.info("Dispatching as {} (up to {} entries at once)", dispatcher.claimant(), options.maxConcurrency());
            running = true;
            live.active().ifPresent(this::apply);
        }
        var cleanup = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("dovetail-retention").daemon(true).factory());
        long every = Math.max(1, journalSettings.cleanupInterval().toSeconds());
        cleanup.scheduleWithFixedDelay(this::purge, every, every, TimeUnit.SECONDS);
        housekeeping = cleanup;
    }

    /** Switches dispatch to a (new) workspace version. */
    void apply(LiveWorkspace.Active active) {
        synchronized (switching) {
            Dispatcher current = dispatcher;
            if (current == null) return; // not started yet: start() applies the version serving then
            Workspace workspace = active.workspace();
            var generation = connectors.prepare(workspace);
            try {
                var executor = FlowExecutor.of(workspace, active.mappings(), generation, clock);
                Routes routes = HubRoutes.of(workspace, executor, journal, policy, listener, handler -> holding(generation, handler));
                current.use(routes);
            } catch (RuntimeException e) {
                connectors.discard(generation);
                log.error("Dispatch could not switch to workspace version {}; the previous version keeps running",
                        workspace.version(), e);
                return;
            }
            connectors.activate(generation);
            generation.systems().forEach(system -> metrics.bindCircuit(system, connectors));
            log.info("Dispatching the flows of workspace '{}' version {}", workspace.settings().name(), abbreviate(workspace.version()));
        }
    }

    /** Holds the connectors of the handler's workspace version open while it runs. */
    private static EntryHandler holding(ConnectorRegistry.Connectors generation, EntryHandler handler) {
        return entry -> {
            if (!generation.acquire()) {
                // claimed just before a reload switched the routes: run it again at once with the new version
                return new Outcome.RetryAfter(Duration.ZERO, "the workspace was reloaded while this entry was being claimed");
            }
            try {
                return handler.handle(entry);
            } finally {
                generation.release();
            }
        };
    }

    private void purge() {
        try {
            int entries = new JournalRetention(dataSource, journalSettings.keepFinished(), 1000, clock).purge(1000);
            int traceRows = traces.purge(journalSettings.keepFinished());
            if (entries > 0 || traceRows > 0) {
                log.info("Retention removed {} finished journal entries and {} traces older than {}", entries, traceRows,
                        journalSettings.keepFinished());
            }
        } catch (RuntimeException e) {
            log.warn("Journal retention failed; it runs again in {}", journalSettings.cleanupInterval(), e);
        }
    }

    /** The dispatcher, while the hub runs. */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void stop() {
        running = false;
        var cleanup = housekeeping;
        if (cleanup != null) cleanup.shutdownNow();
        Dispatcher current;
        synchronized (switching) {
            current = dispatcher;
            dispatcher = null;
        }
        if (current != null) {
            log.info("Stopping dispatch: waiting up to {} for {} running entries", options.shutdownTimeout(), current.running());
            current.close();
        }
        connectors.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private static String abbreviate(String version) {
        return version.length() > 12 ? version.substring(0, 12) : version;
    }
}
