package dev.dovetail.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged {@code dovetail-server.jar} started as its own process, the way the launcher starts it.
 * Ready means the log line {@code Dovetail ready on http://localhost:PORT}.
 */
final class ServerProcess implements AutoCloseable {
    static final Pattern READY = Pattern.compile("Dovetail ready on http://localhost:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;
    private final Duration startup;

    private ServerProcess(Process process, Path log, int port, Duration startup) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.startup = startup;
    }

    static ServerProcess start(Path dataDir, Map<String, String> environment, String... args) {
        var jar = Path.of(System.getProperty("dovetail.it.jar", "target/dovetail-server.jar"));
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("Build the jar first (mvn package): " + jar);
        var java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "--server.port=0",
                "--dovetail.data-dir=" + dataDir));
        command.addAll(List.of(args));
        try {
            var log = Files.createTempFile(dataDir.getParent(), "server-", ".log");
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("DOVETAIL_"));
            builder.environment().putAll(environment);
            var began = System.nanoTime();
            var process = builder.start();
            var deadline = began + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                var matcher = READY.matcher(Files.readString(log));
                if (matcher.find()) {
                    return new ServerProcess(process, log, Integer.parseInt(matcher.group(1)),
                            Duration.ofNanos(System.nanoTime() - began));
                }
                if (!process.isAlive()) throw new IllegalStateException("The server exited:\n" + Files.readString(log));
                Thread.sleep(50);
            }
            process.destroyForcibly();
            throw new IllegalStateException("The server was not ready within 60 s:\n" + Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return port;
    }

    Duration startup() {
        return startup;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Matcher find(Pattern pattern) {
        var matcher = pattern.matcher(log());
        return matcher.find() ? matcher : null;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: Spring Boot shuts down gracefully
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
