package dev.dovetail.server.workspace;

import static java.util.Objects.requireNonNull;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.Problem;
import dev.dovetail.model.ValidationReport;
import dev.dovetail.model.Workspace;
import dev.dovetail.model.WorkspaceLoad;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace the hub serves right now. The workspace and the mapping engine built from it are
 * swapped together, atomically: a reader sees either the old pair or the new pair, never a mix.
 * A folder that does not load is rejected: the old pair keeps serving and the rejection is kept
 * for the API until a valid version loads.
 */
public final class LiveWorkspace {

    /** A loaded workspace and the engine that evaluates its mappings. */
    public record Active(Workspace workspace, MappingEngine mappings, ValidationReport report, Instant loadedAt) {
        public Active {
            requireNonNull(workspace, "workspace");
            requireNonNull(mappings, "mappings");
            requireNonNull(report, "report");
            requireNonNull(loadedAt, "loadedAt");
        }
    }

    /** An attempt that failed: when, which folder, the content it saw (a hash of the files), and every problem. */
    public record Rejection(Instant at, Path folder, String version, ValidationReport report) {}

    public enum Status {
        OK("ok"), REJECTED_EDIT("rejected-edit"), NOT_LOADED("not-loaded");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Everything the API shows, read in one go. */
    public record Snapshot(Optional<Path> root, Optional<Active> active, Optional<Rejection> lastRejected) {
        public Status status() {
            if (active.isEmpty()) return Status.NOT_LOADED;
            return lastRejected.isPresent() ? Status.REJECTED_EDIT : Status.OK;
        }
    }

    /** What one reload did. */
    public sealed interface Reload {
        /** A new version replaced the old one (or became the first). */
        record Accepted(Active active, Optional<Active> previous) implements Reload {}

        /** The folder loaded and holds exactly the version already serving. */
        record Unchanged(Active active) implements Reload {}

        /** The folder did not load; {@code serving} is what keeps running. */
        record Rejected(Rejection rejection, Optional<Active> serving) implements Reload {}

        /** No workspace folder is configured. */
        record NotConfigured() implements Reload {}
    }

    private static final Logger log = LoggerFactory.getLogger(LiveWorkspace.class);

    private final Optional<Path> root;
    private final Function<Path, WorkspaceLoad> loader;
    private final Function<Workspace, MappingEngine> engines;
    private final Clock clock;
    private final AtomicReference<Snapshot> snapshot;
    private final List<Consumer<Reload>> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock loading = new ReentrantLock();

    public LiveWorkspace(Optional<Path> root, Function<Path, WorkspaceLoad> loader,
                         Function<Workspace, MappingEngine> engines, Clock clock) {
        this.root = root;
        this.loader = loader;
        this.engines = engines;
        this.clock = clock;
        this.snapshot = new AtomicReference<>(new Snapshot(root, Optional.empty(), Optional.empty()));
    }

    public Snapshot snapshot() {
        return snapshot.get();
    }

    /** The workspace and mapping engine serving now, if any. */
    public Optional<Active> active() {
        return snapshot.get().active();
    }

    public Optional<Path> root() {
        return root;
    }

    /** Called after every reload, on the thread that reloaded. */
    public void onReload(Consumer<Reload> listener) {
        listeners.add(listener);
    }

    /**
     * Loads the folder now and keeps the serving version when the files are unchanged. Loads are
     * serialized; readers are never blocked.
     */
    public Reload reload() {
        return reload(false);
    }

    /**
     * Loads the folder now. With {@code force}, a valid folder replaces the serving version even when its
     * files are unchanged, so changed environment variables and secrets (which are not part of the
     * version) take effect.
     */
    public Reload reload(boolean force) {
        // a lock rather than synchronized: callers may be virtual threads, and a load reads many files
        loading.lock();
        try {
            return load(force);
        } finally {
            loading.unlock();
        }
    }

    private Reload load(boolean force) {
        if (root.isEmpty()) return notify(new Reload.NotConfigured());
        var folder = root.get();
        var current = snapshot.get();
        WorkspaceLoad load;
        try {
            load = loader.apply(folder);
        } catch (RuntimeException e) {
            // the loader reports bad content as problems; an exception is a bug, which must not stop the hub
            log.error("Loading the workspace failed unexpectedly", e);
            return notify(reject(folder, new ValidationReport(List.of(Problem.error(".", 0, 0, "load-failed",
                    "loading the workspace failed unexpectedly: " + e, "this is a bug in Dovetail; please report it"))),
                    current));
        }
        Reload outcome;
        if (load.workspace().isPresent()) {
            var workspace = load.workspace().get();
            var serving = current.active();
            if (!force && serving.isPresent() && serving.get().workspace().version().equals(workspace.version())) {
                snapshot.set(new Snapshot(root, serving, Optional.empty()));
                outcome = new Reload.Unchanged(serving.get());
            } else {
                outcome = activate(workspace, load.report(), current);
            }
        } else {
            outcome = reject(folder, load.report(), current);
        }
        return notify(outcome);
    }

    private Reload activate(Workspace workspace, ValidationReport report, Snapshot current) {
        MappingEngine engine;
        try {
            engine = engines.apply(workspace);
        } catch (RuntimeException e) {
            var problem = Problem.error("", 0, 0, "mapping-engine-failed",
                    "the mapping engine could not be built: " + e.getMessage(), "");
            return reject(workspace.root(), new ValidationReport(List.of(problem)), current);
        }
        var active = new Active(workspace, engine, report, clock.instant());
        snapshot.set(new Snapshot(root, Optional.of(active), Optional.empty()));
        return new Reload.Accepted(active, current.active());
    }

    private Reload reject(Path folder, ValidationReport report, Snapshot current) {
        var rejection = new Rejection(clock.instant(), folder, ContentHash.of(folder), report);
        snapshot.set(new Snapshot(root, current.active(), Optional.of(rejection)));
        return new Reload.Rejected(rejection, current.active());
    }

    private Reload notify(Reload outcome) {
        for (var listener : listeners) {
            try {
                listener.accept(outcome);
            } catch (RuntimeException e) {
                log.error("A workspace reload listener failed; the reload itself stands", e);
            }
        }
        return outcome;
    }
}
