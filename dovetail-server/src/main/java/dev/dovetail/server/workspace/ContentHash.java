package dev.dovetail.server.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A hash of every file below a folder (names and contents), skipping hidden entries such as
 * {@code .git}. Used to notice changes when file-system events are not available, and to name the
 * content of an edit that was rejected.
 */
final class ContentHash {
    private ContentHash() {}

    static String of(Path root) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!Files.isDirectory(root)) return "missing";
        try (Stream<Path> files = Files.walk(root)) {
            var sorted = files.filter(p -> !isHidden(root, p)).filter(Files::isRegularFile).sorted().toList();
            for (var file : sorted) {
                digest.update(root.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try {
                    digest.update(Files.readAllBytes(file));
                } catch (NoSuchFileException deletedMeanwhile) {
                    // the next event or poll sees the deletion
                }
                digest.update((byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            // a folder vanished during the walk; hash what there was, the next change triggers again
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** True for anything under a name starting with a dot (.git, .idea, editor swap files). */
    static boolean isHidden(Path root, Path path) {
        for (var part : root.relativize(path)) {
            if (part.toString().startsWith(".")) return true;
        }
        return false;
    }
}
