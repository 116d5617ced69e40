package dev.dovetail.acceptance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON result of one acceptance run ({@code <results>/<test>-<seed>.json}): pass, seed, parameters, counts,
 * timings and the failure, so a reviewer can re-run it with the same seed. {@link #run(Body)} writes it whether the
 * body passes or fails.
 */
public final class RunResult {
    /** The body of a run. */
    @FunctionalInterface
    public interface Body {
        void run(RunResult result) throws Exception;
    }

    private final String test;
    private final long seed;
    private final Instant startedAt = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Object> counts = new LinkedHashMap<>();
    private final Map<String, Object> timings = new LinkedHashMap<>();
    private final Map<String, Object> notes = new LinkedHashMap<>();

    private RunResult(String test, long seed) {
        this.test = test;
        this.seed = seed;
    }

    public static RunResult of(String test, long seed) {
        return new RunResult(test, seed);
    }

    public String test() {
        return test;
    }

    public long seed() {
        return seed;
    }

    /** The folder for this run's files (hub logs and data, the sink's records): {@code <acceptance.dir>/<test>-<seed>}. */
    public Path dir() {
        return Path.of(System.getProperty("acceptance.dir", "target/acceptance")).toAbsolutePath().resolve(test + "-" + seed);
    }

    public synchronized RunResult parameter(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    public synchronized RunResult count(String name, Number value) {
        counts.put(name, value);
        return this;
    }

    /** A timing in milliseconds. */
    public synchronized RunResult timing(String name, Duration value) {
        timings.put(name + "Ms", value.toNanos() / 1_000_000.0);
        return this;
    }

    public synchronized RunResult timingMillis(String name, double millis) {
        timings.put(name + "Ms", millis);
        return this;
    }

    public synchronized RunResult note(String name, Object value) {
        notes.put(name, value);
        return this;
    }

    /** Runs {@code body}, then writes the result (pass or fail) and prints where; rethrows a failure. */
    public void run(Body body) throws Exception {
        Throwable failure = null;
        try {
            body.run(this);
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            var file = write(failure);
            System.out.println("[" + test + "] seed " + seed + " " + (failure == null ? "PASS" : "FAIL") + "; result " + file);
        }
    }

    public synchronized Path write(Throwable failure) {
        var json = new LinkedHashMap<String, Object>();
        json.put("test", test);
        json.put("seed", seed);
        json.put("pass", failure == null);
        json.put("startedAt", startedAt.toString());
        json.put("finishedAt", Instant.now().toString());
        json.put("durationMs", (System.nanoTime() - startedNanos) / 1_000_000);
        json.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));
        json.put("parameters", parameters);
        json.put("counts", counts);
        json.put("timings", timings);
        if (!notes.isEmpty()) json.put("notes", notes);
        if (failure != null) json.put("failure", String.valueOf(failure.getMessage()).lines().limit(40).toList());
        var file = Path.of(System.getProperty("acceptance.results", "target/reliability")).toAbsolutePath().resolve(test + "-" + seed + ".json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.write(json) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
