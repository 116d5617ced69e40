package dev.dovetail.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The hub started in this JVM on a free port, with its own data folder under the build folder.
 * Close it to stop it.
 */
final class TestServer implements AutoCloseable {
    static final String ADMIN_PASSWORD = "test-admin-password-1";

    private final ConfigurableApplicationContext context;
    private final Path dataDir;

    private TestServer(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
    }

    /** Starts with the preset admin password and the given extra properties (name → value). */
    static TestServer start(Map<String, String> properties) {
        var dataDir = newFolder("data");
        var all = new LinkedHashMap<String, String>();
        all.put("server.port", "0");
        all.put("dovetail.data-dir", dataDir.toString());
        all.put("dovetail.admin.password", ADMIN_PASSWORD);
        all.putAll(properties);
        var args = new ArrayList<String>();
        all.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new TestServer(DovetailServer.start(args.toArray(String[]::new)), dataDir);
    }

    static TestServer start() {
        return start(Map.of());
    }

    /** A new empty folder below the build folder's {@code it/} (or the temp folder outside Maven). */
    static Path newFolder(String prefix) {
        try {
            var base = Path.of(System.getProperty("dovetail.it.dir", System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            return Files.createDirectory(base.resolve(prefix + "-" + UUID.randomUUID().toString().substring(0, 8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    Http anonymous() {
        return Http.to(port());
    }

    Http admin() {
        return Http.to(port()).basic("admin", ADMIN_PASSWORD);
    }

    Path dataDir() {
        return dataDir;
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
