package dev.dovetail.server.workspace;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import dev.dovetail.server.DovetailProperties.Reload.Mode;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the workspace when its files change. File-system events (recursive: folders created later
 * are watched too) trigger a reload after a quiet {@code debounce}, so an editor's burst of writes
 * loads once. If the watch service fails (no inotify watches left, a folder that cannot be watched, the
 * root replaced under it), the watcher falls back to comparing a content hash every {@code pollInterval}.
 */
final class WorkspaceWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceWatcher.class);
    /** However long the edits go on, a reload happens at least this often. */
    private static final Duration MAX_DELAY = Duration.ofSeconds(2);

    private final Path root;
    private final Runnable reload;
    private final Duration debounce;
    private final Duration pollInterval;
    private final ScheduledExecutorService scheduler;
    private final Map<WatchKey, Path> watched = new ConcurrentHashMap<>();

    private volatile WatchService watchService;
    private volatile Thread eventThread;
    private volatile boolean closed;
    private ScheduledFuture<?> pending;
    private long firstPendingNanos;
    private volatile String lastHash;

    WorkspaceWatcher(Path root, Runnable reload, Duration debounce, Duration pollInterval) {
        this.root = root;
        this.reload = reload;
        this.debounce = debounce;
        this.pollInterval = pollInterval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("dovetail-workspace-reload").daemon(true).factory());
    }

    void start(Mode mode) {
        switch (mode) {
            case OFF -> log.info("Workspace hot reload is off (dovetail.reload.mode=off)");
            case POLL -> startPolling("dovetail.reload.mode=poll");
            case WATCH -> {
                try {
                    startWatching();
                } catch (IOException | RuntimeException e) {
                    startPolling("the file-system watch service failed: " + e.getMessage());
                }
            }
        }
    }

    /** True while file-system events drive reloads (false when polling or off). */
    boolean watching() {
        return watchService != null && !closed;
    }

    private void startWatching() throws IOException {
        if (!Files.isDirectory(root)) throw new IOException("the folder does not exist (yet)");
        watchService = root.getFileSystem().newWatchService();
        registerTree(root);
        eventThread = Thread.ofPlatform().name("dovetail-workspace-watch").daemon(true).start(this::takeEvents);
        log.info("Watching {} for changes ({} folders)", root, watched.size());
    }

    private void registerTree(Path folder) throws IOException {
        if (!Files.isDirectory(folder) || ContentHash.isHidden(root, folder)) return;
        // register before listing: a sub-folder created meanwhile then either shows up in the listing or
        // raises an event here; listing first would miss one created between the listing and the register
        watched.put(folder.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), folder);
        List<Path> children;
        try (Stream<Path> entries = Files.list(folder)) {
            children = entries.filter(Files::isDirectory).toList();
        } catch (NoSuchFileException gone) {
            return;
        }
        for (var child : children) registerTree(child);
    }

    private void takeEvents() {
        try {
            while (!closed) {
                var key = watchService.take();
                var dir = watched.get(key);
                var relevant = false;
                for (var event : key.pollEvents()) {
                    if (event.kind() == OVERFLOW) {
                        relevant = true;
                        continue;
                    }
                    var changed = dir == null ? root : dir.resolve((Path) event.context());
                    if (ContentHash.isHidden(root, changed)) continue;
                    relevant = true;
                    if (event.kind() == ENTRY_CREATE && Files.isDirectory(changed)) registerTree(changed);
                }
                if (!key.reset()) {
                    watched.remove(key);
                    if (root.equals(dir)) throw new IOException("the workspace folder itself went away or was replaced");
                }
                if (relevant) changed();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            if (closed) return;
            closeWatchService();
            startPolling("the file-system watch service failed: " + e.getMessage());
            changed();
        }
    }

    /** Schedules a reload after the debounce, postponing a pending one, but by no more than MAX_DELAY in all. */
    synchronized void changed() {
        if (closed) return;
        var now = System.nanoTime();
        if (pending != null && !pending.isDone()) {
            if (now - firstPendingNanos > MAX_DELAY.toNanos()) return; // let the pending one run
            pending.cancel(false);
        } else {
            firstPendingNanos = now;
        }
        pending = scheduler.schedule(this::reloadQuietly, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void startPolling(String why) {
        if (closed) return;
        log.warn("Workspace hot reload polls {} every {} ms ({})", root, pollInterval.toMillis(), why);
        lastHash = ContentHash.of(root);
        scheduler.scheduleWithFixedDelay(this::poll, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            var hash = ContentHash.of(root);
            if (!hash.equals(lastHash)) {
                lastHash = hash;
                reloadQuietly();
            }
        } catch (RuntimeException e) {
            log.warn("Polling the workspace folder failed: {}", e.toString());
        }
    }

    private void reloadQuietly() {
        try {
            reload.run();
        } catch (RuntimeException e) {
            log.error("Reloading the workspace failed unexpectedly", e);
        }
    }

    private void closeWatchService() {
        var service = watchService;
        watchService = null;
        watched.clear();
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeWatchService();
        scheduler.shutdownNow();
        var thread = eventThread;
        if (thread != null) thread.interrupt();
    }
}
