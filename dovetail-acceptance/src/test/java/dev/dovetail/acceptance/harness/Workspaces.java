package dev.dovetail.acceptance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Test workspaces from {@code src/test/resources/workspaces/}, copied into a run's folder. */
public final class Workspaces {
    /** The secret the relay workspace's CRM signs with (test only). */
    public static final String CRM_SECRET = "acceptance-crm-webhook-secret-4f1c2a9be07d";
    /** The secret's name in {@code systems/crm.yaml}. */
    public static final String CRM_SECRET_NAME = "crm-webhook-secret";

    private Workspaces() {}

    /** Copies workspace {@code name} to {@code target} (replacing what is there) and returns {@code target}. */
    public static Path copy(String name, Path target) {
        try {
            var source = Path.of(Workspaces.class.getResource("/workspaces/" + name + "/dovetail.yaml").toURI()).getParent();
            if (Files.exists(target)) {
                try (var old = Files.walk(target)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            try (var files = Files.walk(source)) {
                for (var file : (Iterable<Path>) files::iterator) {
                    var to = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) Files.createDirectories(to);
                    else Files.copy(file, to);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
