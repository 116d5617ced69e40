package dev.dovetail.sandbox.wms;

import dev.dovetail.sandbox.common.Stats;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks up shipment order files from {@code inbox/}. A file is taken when its name is final (not
 * {@code .*} or {@code *.tmp}) and its size and modification time did not change since the previous
 * scan, so a writer that uploads under the final name is not read half-way either. Accepted files
 * move to {@code inbox/processed/}, rejected ones to {@code inbox/error/} with a {@code <name>.err}
 * beside them listing every problem.
 */
final class Inbox {

    static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

    private final WmsFolders folders;
    private final FileCharset charset;
    private final WmsStore store;
    private final Clock clock;
    private final Duration shipDelay;
    private final Stats stats;
    private final Map<String, String> lastSeen = new HashMap<>();

    Inbox(WmsFolders folders, FileCharset charset, WmsStore store, Clock clock, Duration shipDelay, Stats stats) {
        this.folders = folders;
        this.charset = charset;
        this.store = store;
        this.clock = clock;
        this.shipDelay = shipDelay;
        this.stats = stats;
    }

    /** One pass over the inbox. */
    void scan() throws IOException {
        Map<String, String> seenNow = new HashMap<>();
        for (Path file : WmsFolders.files(folders.inbox())) {
            String name = file.getFileName().toString();
            if (WmsFolders.isInProgress(name)) {
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException e) {
                continue; // renamed or deleted meanwhile
            }
            String signature = attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
            if (signature.equals(lastSeen.get(name))) {
                take(file);
            } else {
                seenNow.put(name, signature);
            }
        }
        lastSeen.clear();
        lastSeen.putAll(seenNow);
    }

    /** Forgets what the previous scans saw (after a reset). */
    void forget() {
        lastSeen.clear();
    }

    private void take(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (Files.size(file) > MAX_FILE_BYTES) {
            reject(file, List.of("the file is larger than " + MAX_FILE_BYTES + " bytes"));
            return;
        }
        String text;
        try {
            text = charset.decode(Files.readAllBytes(file));
        } catch (CharacterCodingException e) {
            reject(file, List.of("the file is not valid " + charset.optionValue() + " text"
                    + " (this WMS reads " + charset.optionValue() + "; a file starting with a UTF-8 byte order mark is read as UTF-8)"));
            return;
        }
        switch (OrderFile.read(text)) {
            case OrderFile.Result.Rejected rejected -> reject(file, rejected.problems());
            case OrderFile.Result.Orders accepted -> {
                Instant now = clock.instant();
                var received = store.receive(name, accepted.orders(), now, now.plus(shipDelay));
                move(file, folders.processed());
                stats.increment("wms.files.processed");
                stats.add("wms.orders.received", received.batch() == null ? 0 : received.batch().shipments().size());
                stats.add("wms.orders.duplicate", received.duplicateOrderNos().size());
            }
        }
    }

    private void reject(Path file, List<String> problems) throws IOException {
        String name = file.getFileName().toString();
        StringBuilder report = new StringBuilder()
                .append("file: ").append(name).append("\r\n")
                .append("rejected at: ").append(Timestamps.text(clock.instant())).append("\r\n")
                .append("problems: ").append(problems.size()).append("\r\n");
        for (String problem : problems) {
            report.append(problem).append("\r\n");
        }
        Path target = move(file, folders.error());
        WmsFolders.writeAtomically(folders.error(), target.getFileName() + ".err", charset.encode(report.toString()));
        stats.increment("wms.files.rejected");
    }

    private static Path move(Path file, Path dir) throws IOException {
        Path target = WmsFolders.freeName(dir, file.getFileName().toString());
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target);
        }
        return target;
    }
}
