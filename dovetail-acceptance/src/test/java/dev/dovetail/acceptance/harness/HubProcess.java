package dev.dovetail.acceptance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged hub ({@code dovetail-server.jar}) as a separate process, the way an operator runs it: started on a
 * workspace, a port and a data folder, stopped with SIGTERM, killed with SIGKILL, and restarted on the same data
 * folder and port. Each start writes its own log file ({@code <name>-<n>.log}). Ready means
 * {@code /actuator/health} answers UP; {@link #startups()} keeps how long each start took.
 */
public final class HubProcess implements AutoCloseable {
    /** The system property naming the server jar (set by this module's pom). */
    public static final String JAR_PROPERTY = "dovetail.server.jar";

    private static final HttpClient HEALTH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path jar;
    private final Path workspace;
    private final Path dataDir;
    private final Path logDir;
    private final int port;
    private final String adminPassword;
    private final Map<String, String> environment;
    private final List<String> jvmArgs;
    private final List<String> args;
    private final Duration startupTimeout;
    private final List<Duration> startups = new ArrayList<>();
    private Process process;
    private Path log;

    private HubProcess(Builder b) {
        this.name = b.name;
        this.jar = b.jar;
        this.workspace = b.workspace;
        this.dataDir = b.dataDir;
        this.logDir = b.logDir;
        this.port = b.port;
        this.adminPassword = b.adminPassword;
        this.environment = Map.copyOf(b.environment);
        this.jvmArgs = List.copyOf(b.jvmArgs);
        this.args = List.copyOf(b.args);
        this.startupTimeout = b.startupTimeout;
    }

    /**
     * A hub named {@code name} (log file names) whose state lives under {@code dir}: {@code dir/data} and the
     * logs in {@code dir}.
     */
    public static Builder builder(String name, Path dir) {
        return new Builder(name, dir);
    }

    /** Starts the hub (again, after {@link #kill()} or {@link #stop()}) and waits until it is ready. */
    public synchronized HubProcess start() {
        if (process != null && process.isAlive()) throw new IllegalStateException("the hub is running (pid " + process.pid() + ")");
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--dovetail.data-dir=" + dataDir));
        if (workspace != null) command.add("--dovetail.workspace=" + workspace);
        command.addAll(args);
        try {
            Files.createDirectories(logDir);
            Files.createDirectories(dataDir);
            log = logDir.resolve(name + "-" + (startups.size() + 1) + ".log");
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.toUpperCase(Locale.ROOT).startsWith("DOVETAIL_"));
            builder.environment().put("DOVETAIL_ADMIN_PASSWORD", adminPassword);
            builder.environment().putAll(environment);
            long began = System.nanoTime();
            process = builder.start();
            awaitReady(began);
            startups.add(Duration.ofNanos(System.nanoTime() - began));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(long began) {
        long deadline = began + startupTimeout.toNanos();
        var health = HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited with " + process.exitValue() + " while starting; log " + log + ":\n" + logTail(60));
            }
            try {
                var response = HEALTH.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && Json.object(response.body()).flatMap(h -> Json.text(h, "status")).orElse("").equals("UP")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Poll.pause(Duration.ofMillis(50));
        }
        process.toHandle().destroyForcibly();
        throw new IllegalStateException("the hub was not ready within " + startupTimeout + "; log " + log + ":\n" + logTail(60));
    }

    /** SIGKILL ({@link ProcessHandle#destroyForcibly()}): no shutdown hook runs. Returns when the process is gone. */
    public synchronized void kill() {
        if (process == null) return;
        process.toHandle().destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM: the hub shuts down gracefully; SIGKILL after 30 s. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) return;
        process.toHandle().destroy();
        if (!waitForExit(Duration.ofSeconds(30))) {
            process.toHandle().destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
        }
    }

    /** {@link #kill()} then {@link #start()} on the same data folder and port. */
    public HubProcess killAndRestart() {
        kill();
        return start();
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public int port() {
        return port;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code path} on this hub, e.g. {@code /actuator/prometheus}. */
    public URI uri(String path) {
        return baseUri().resolve(path);
    }

    public String adminPassword() {
        return adminPassword;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The log of the current (or last) start. */
    public synchronized Path log() {
        return log;
    }

    /** How long each start took until ready, in order. */
    public synchronized List<Duration> startups() {
        return List.copyOf(startups);
    }

    /** The last {@code lines} lines of the current log. */
    public synchronized String logTail(int lines) {
        if (log == null) return "";
        try {
            var all = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    public static final class Builder {
        private final String name;
        private final Path dir;
        private Path jar;
        private Path workspace;
        private Path dataDir;
        private Path logDir;
        private int port;
        private String adminPassword = "acceptance-admin-" + Long.toHexString(System.nanoTime());
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
        private final List<String> args = new ArrayList<>();
        private Duration startupTimeout = Duration.ofSeconds(90);

        private Builder(String name, Path dir) {
            this.name = name;
            this.dir = dir;
            var property = System.getProperty(JAR_PROPERTY);
            this.jar = property == null ? null : Path.of(property);
        }

        public Builder jar(Path value) {
            jar = value;
            return this;
        }

        public Builder workspace(Path value) {
            workspace = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        /** The port; a free one when not set. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** At least 12 characters: the password of the {@code admin} user created on the first start. */
        public Builder adminPassword(String value) {
            adminPassword = value;
            return this;
        }

        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** A secret as the hub reads it from its environment: {@code DOVETAIL_SECRET_<NAME>}. */
        public Builder secret(String name, String value) {
            return env(secretVariable(name), value);
        }

        /** A server argument, e.g. {@code --dovetail.delivery.backoff.max=5s}. */
        public Builder arg(String value) {
            args.add(value);
            return this;
        }

        public Builder jvmArg(String value) {
            jvmArgs.add(value);
            return this;
        }

        public Builder startupTimeout(Duration value) {
            startupTimeout = value;
            return this;
        }

        /** Builds and starts the hub; returns when it is ready. */
        public HubProcess start() {
            return build().start();
        }

        public HubProcess build() {
            if (jar == null) throw new IllegalStateException("no server jar: set -D" + JAR_PROPERTY + "=.../dovetail-server.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("the server jar " + jar + " is missing; build it first: ./mvnw -pl dovetail-acceptance -am verify");
            }
            if (adminPassword.length() < 12) throw new IllegalArgumentException("the admin password needs 12 or more characters");
            if (port == 0) port = Ports.free();
            if (dataDir == null) dataDir = dir.resolve("data");
            if (logDir == null) logDir = dir;
            return new HubProcess(this);
        }
    }

    /** The environment variable the hub reads secret {@code name} from. */
    public static String secretVariable(String name) {
        return "DOVETAIL_SECRET_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
