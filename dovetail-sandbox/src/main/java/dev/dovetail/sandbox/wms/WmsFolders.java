package dev.dovetail.sandbox.wms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder tree served over SFTP: {@code inbox/} (shipment orders in; {@code processed/} and
 * {@code error/} below it) and {@code outbox/} (confirmations and stock counts out).
 */
record WmsFolders(Path root, Path inbox, Path processed, Path error, Path outbox) {

    static WmsFolders under(Path root) {
        Path inbox = root.resolve("inbox");
        var folders = new WmsFolders(root, inbox, inbox.resolve("processed"), inbox.resolve("error"),
                root.resolve("outbox"));
        folders.create();
        return folders;
    }

    void create() {
        try {
            for (Path dir : List.of(root, inbox, processed, error, outbox)) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes every file and folder in the tree, then recreates the empty folders. */
    void empty() {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(root)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        create();
    }

    /** Writers upload under a temporary name and rename when done; such names are not picked up. */
    static boolean isInProgress(String name) {
        return name.startsWith(".") || name.toLowerCase(java.util.Locale.ROOT).endsWith(".tmp");
    }

    /** Regular files directly in a folder, by name. */
    static List<Path> files(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    /**
     * Writes a file so that a reader never sees part of it: first under {@code .<name>.tmp}, then
     * renamed atomically to its name.
     */
    static void writeAtomically(Path dir, String name, byte[] content) throws IOException {
        Path temp = dir.resolve("." + name + ".tmp");
        Files.write(temp, content);
        try {
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A name in {@code dir} not yet taken: the name itself, else {@code base-1.ext}, {@code base-2.ext}... */
    static Path freeName(Path dir, String name) {
        Path candidate = dir.resolve(name);
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 1; Files.exists(candidate); i++) {
            candidate = dir.resolve(base + "-" + i + ext);
        }
        return candidate;
    }
}
