package dev.dovetail.connectors.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Puts a complete file into a folder so that no reader ever sees part of it, and so that a delivery repeated
 * with the same idempotency key leaves one file.
 *
 * <p>The content is written under a temporary name ({@code .<name>.<id>.tmp}, which readers skip), then renamed
 * to its name in one step. With an idempotency key, a marker named after the key is written between the two: it
 * records the final and temporary names. A repeat finds the marker and writes nothing; if the earlier attempt
 * stopped between the marker and the rename, the temporary file is still there and the repeat finishes the
 * rename. Markers older than the retention are pruned, at most once an hour.
 */
final class FileDrop {

    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final FileStore store;
    private final String markerFolder;
    private final Duration retention;
    private final Clock clock;
    private volatile Instant lastPruned = Instant.MIN;

    FileDrop(FileStore store, String markerFolder, Duration retention, Clock clock) {
        this.store = store;
        this.markerFolder = markerFolder;
        this.retention = retention;
        this.clock = clock;
    }

    /** What a drop did. */
    sealed interface Dropped {
        /** The file is now at {@code path}. */
        record Written(String path) implements Dropped {}

        /** A file was written for this key before (at {@code path}); nothing was written now. */
        record AlreadyWritten(String path) implements Dropped {}

        /** {@code ifExists: fail} and the name was taken. */
        record NameTaken(String path) implements Dropped {}
    }

    Dropped drop(String folder, String name, byte[] content, String scope, String idempotencyKey,
                 FileWriteOptions.IfExists ifExists) throws IOException {
        FileNameTemplate.check(name);
        var target = FileStore.join(folder, name);
        var replace = ifExists == FileWriteOptions.IfExists.OVERWRITE;
        if (idempotencyKey == null) {
            var temp = FileStore.join(folder, "." + name + "." + randomId() + ".tmp");
            return publish(temp, target, content, replace, null);
        }
        pruneMarkers();
        var digest = sha256(scope + "\n" + idempotencyKey);
        var marker = FileStore.join(markerFolder, digest);
        var earlier = readMarker(marker);
        if (earlier.isPresent()) {
            var done = earlier.get();
            if (store.stat(done.temp()).isPresent()) {
                store.rename(done.temp(), done.target(), true); // the earlier attempt stopped before its rename
            }
            return new Dropped.AlreadyWritten(done.target());
        }
        // unique per attempt: two attempts that overlap (a claim taken over too early) never share a temporary file
        var temp = FileStore.join(folder, "." + name + "." + digest.substring(0, 8) + "-" + randomId() + ".tmp");
        return publish(temp, target, content, replace, new Marker(marker, target, temp));
    }

    private Dropped publish(String temp, String target, byte[] content, boolean replace, Marker marker) throws IOException {
        if (!replace && store.stat(target).isPresent()) {
            return new Dropped.NameTaken(target);
        }
        store.write(temp, content);
        if (marker != null) {
            writeMarker(marker);
        }
        try {
            store.rename(temp, target, replace);
        } catch (FileAlreadyExistsException e) {
            store.delete(temp);
            if (marker != null) {
                store.delete(marker.path());
            }
            return new Dropped.NameTaken(target);
        }
        return new Dropped.Written(target);
    }

    private record Marker(String path, String target, String temp) {}

    private Optional<Marker> readMarker(String path) throws IOException {
        if (store.stat(path).isEmpty()) {
            return Optional.empty();
        }
        var lines = new String(store.read(path, 64 * 1024), StandardCharsets.UTF_8).split("\n");
        if (lines.length < 2 || lines[0].isBlank() || lines[1].isBlank()) {
            return Optional.empty(); // unreadable marker: write again rather than lose the file
        }
        return Optional.of(new Marker(path, lines[0], lines[1]));
    }

    private void writeMarker(Marker marker) throws IOException {
        var temp = FileStore.join(markerFolder, "." + marker.path().substring(marker.path().lastIndexOf('/') + 1) + "-" + randomId() + ".tmp");
        store.write(temp, (marker.target() + "\n" + marker.temp() + "\n").getBytes(StandardCharsets.UTF_8));
        store.rename(temp, marker.path(), true);
    }

    private void pruneMarkers() {
        var now = clock.instant();
        if (lastPruned.plus(PRUNE_EVERY).isAfter(now)) {
            return;
        }
        lastPruned = now;
        try {
            var oldest = now.minus(retention);
            for (var marker : store.list(markerFolder)) {
                if (marker.modified().isBefore(oldest)) {
                    store.delete(marker.path());
                }
            }
        } catch (IOException | RuntimeException e) {
            // pruning is housekeeping: try again next hour
        }
    }

    private static String randomId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
