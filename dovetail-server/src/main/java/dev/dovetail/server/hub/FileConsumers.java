package dev.dovetail.server.hub;

import static java.util.Objects.requireNonNull;

import dev.dovetail.connectors.file.FileBatch;
import dev.dovetail.connectors.file.FileEvent;
import dev.dovetail.connectors.file.FileSource;
import dev.dovetail.connectors.file.FileStore;
import dev.dovetail.connectors.file.PickedFile;
import dev.dovetail.connectors.file.RefusedFile;
import dev.dovetail.model.SystemDef;
import dev.dovetail.model.Workspace;
import dev.dovetail.runtime.dedup.DedupKeys;
import dev.dovetail.runtime.journal.AppendResult;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.NewEvent;
import dev.dovetail.server.workspace.LiveWorkspace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The file events of the serving workspace: every {@code consume:} event of a {@code file} or {@code sftp} system
 * is polled every {@code dovetail.files.poll-interval} (2 s) through a {@link FileSource} on the system's store
 * (the one its invoker writes through, from the {@link ConnectorRegistry}).
 *
 * <p>A picked file's events go into the {@link Journal} in one append, each with the dedup key
 * {@link FileEvent#dedupKey()} ({@code <name>@<content hash>#<line>}) and the event's {@code key} as record key.
 * Only once the append is durable is the file acknowledged (moved to {@code processed/} or deleted). A crash in
 * between leaves the file in place; the next poll reads it again and the journal answers its events as
 * duplicates, so each row is journaled once. A refused file is already in {@code error/}; it is logged and
 * counted. A poll that cannot reach the store (SFTP down) is logged and tried again at the next tick.
 *
 * <p>Every node polls; two nodes picking the same file journal it once (same keys) and the second move finds
 * it gone, which is fine.
 */
final class FileConsumers implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FileConsumers.class);
    private static final String CONTENT_TYPE = "application/json";

    /** One file source, valid while its system keeps the same store (a reload with changes builds a new one). */
    private record Source(String system, String event, String key, FileStore store, FileSource source) {}

    private final LiveWorkspace live;
    private final ConnectorRegistry connectors;
    private final Journal journal;
    private final MeterRegistry metrics;
    private final Duration interval;
    private final Map<String, Source> sources = new HashMap<>();
    private final Map<String, String> lastFailure = new HashMap<>();
    private volatile ScheduledExecutorService poller;

    FileConsumers(LiveWorkspace live, ConnectorRegistry connectors, Journal journal, MeterRegistry metrics, Duration interval) {
        this.live = requireNonNull(live, "live");
        this.connectors = requireNonNull(connectors, "connectors");
        this.journal = requireNonNull(journal, "journal");
        this.metrics = requireNonNull(metrics, "metrics");
        this.interval = interval.isPositive() ? interval : Duration.ofSeconds(2);
    }

    @Override
    public synchronized void start() {
        if (poller != null) return;
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("dovetail-files").daemon(true).factory());
        poller.scheduleWithFixedDelay(this::pollAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = poller;
            poller = null;
        }
        if (running == null) return;
        running.shutdown();
        try {
            if (!running.awaitTermination(30, TimeUnit.SECONDS)) running.shutdownNow();
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    /** After the hub dispatches (so picked files are worked at once), stopped before it. */
    @Override
    public int getPhase() {
        return Hub.PHASE + 2;
    }

    /** One tick: every consume event of the serving workspace, one after the other. */
    void pollAll() {
        try {
            Optional<LiveWorkspace.Active> active = live.active();
            if (active.isEmpty()) return;
            Workspace workspace = active.get().workspace();
            connectors.withCurrent(generation -> {
                var seen = new ArrayList<String>();
                for (SystemDef system : workspace.systems().values()) {
                    for (SystemDef.Event event : system.events().values()) {
                        if (!(event.source() instanceof SystemDef.Consume)) continue;
                        var files = generation.files(system.name());
                        if (files.isEmpty()) continue; // not a file system, or its connector could not be built
                        String id = system.name() + "." + event.name();
                        seen.add(id);
                        Source source = sources.get(id);
                        if (source == null || source.store() != files.get().store() || !source.key().equals(event.key())) {
                            source = new Source(system.name(), event.name(), event.key(), files.get().store(),
                                    FileSource.of(files.get().config(), event.name(), files.get().store()));
                            sources.put(id, source);
                        }
                        if (Thread.currentThread().isInterrupted()) return null;
                        poll(source);
                    }
                }
                sources.keySet().retainAll(seen);
                return null;
            });
        } catch (RuntimeException e) {
            log.error("Polling the file sources failed; trying again in {}", interval, e);
        }
    }

    private void poll(Source source) {
        String id = source.system() + "." + source.event();
        List<PickedFile> picked;
        try {
            picked = source.source().poll();
        } catch (IOException | RuntimeException e) {
            failed(id, "cannot list or read the files of " + id + ": " + e.getMessage());
            return;
        }
        for (PickedFile file : picked) {
            switch (file) {
                case FileBatch batch -> take(source, batch);
                case RefusedFile refused -> {
                    counter("dovetail.files.refused", "Files refused by file sources (moved to their error folder)", id).increment();
                    log.warn("{}: file {} was refused and moved to {}: {}", id, refused.file().name(), refused.movedTo(),
                            String.join("; ", refused.problems()));
                }
            }
        }
        if (lastFailure.remove(id) != null) log.info("{}: the file source works again", id);
    }

    /** Journals a file's events (durably), then lets the file go. */
    private void take(Source source, FileBatch batch) {
        String id = source.system() + "." + source.event();
        var events = new ArrayList<NewEvent>();
        for (FileEvent event : batch.events()) {
            events.add(new NewEvent(source.system(), source.event(), recordKey(source.key(), event.payload()), event.dedupKey(),
                    CONTENT_TYPE, DedupKeys.json(event.payload())));
        }
        List<AppendResult> results;
        try {
            results = events.isEmpty() ? List.of() : journal.appendAll(events);
        } catch (RuntimeException e) {
            failed(id, "cannot journal file " + batch.file().name() + " (it stays for the next poll): " + e.getMessage());
            return;
        }
        long duplicates = results.stream().filter(AppendResult.Duplicate.class::isInstance).count();
        counter("dovetail.files.events", "File events journaled, by outcome", id, "appended").increment(results.size() - duplicates);
        counter("dovetail.files.events", "File events journaled, by outcome", id, "duplicate").increment(duplicates);
        try {
            source.source().acknowledge(batch);
        } catch (IOException | RuntimeException e) {
            // journaled: a later poll reads it again, finds its events as duplicates and moves it then
            failed(id, "cannot move file " + batch.file().name() + " after journaling it: " + e.getMessage());
            return;
        }
        log.debug("{}: file {} journaled ({} events, {} duplicates)", id, batch.file().name(), results.size(), duplicates);
    }

    /** The event's key read from a row: a field name or a dotted path; {@code null} (no order kept) when absent. */
    static String recordKey(String path, Object payload) {
        Object current = payload;
        for (String name : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) return null;
            current = map.get(name);
        }
        if (current == null) return null;
        String text = current.toString();
        return text.isBlank() || text.length() > 500 ? null : text;
    }

    /** Logs a failure once while it repeats, so a source that is down for an hour does not flood the log. */
    private void failed(String id, String reason) {
        counter("dovetail.files.failures", "Failed polls of file sources", id).increment();
        if (!reason.equals(lastFailure.put(id, reason))) log.warn("{} (retrying every {})", reason, interval);
    }

    private Counter counter(String name, String description, String source, String... outcome) {
        var builder = Counter.builder(name).description(description).tag("source", source);
        if (outcome.length > 0) builder.tag("outcome", outcome[0]);
        return builder.register(metrics);
    }
}
