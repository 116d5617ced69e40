package dev.dovetail.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Test workspaces from {@code src/test/resources/workspaces/}, copied so a test may edit them. */
final class Workspaces {
    private Workspaces() {}

    static Path copyOf(String name) {
        try {
            var source = Path.of(Workspaces.class.getResource("/workspaces/" + name).toURI());
            var target = TestServer.newFolder("workspace-" + name);
            try (Stream<Path> files = Files.walk(source)) {
                for (var from : files.toList()) {
                    var to = target.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) Files.createDirectories(to);
                    else Files.copy(from, to);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
