package dev.dovetail.sandbox.common;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A system's options: {@code --port}, {@code --state} and any system-specific {@code --name value}
 * (repeatable, e.g. {@code --webhook URL --webhook URL2}). Immutable; the {@code with*} methods
 * return copies. Parsed from the command line by {@link #parse} or built in tests:
 * {@code SandboxOptions.defaults().withPort(0).withState(dir).with("client-secret", "s")}.
 */
public final class SandboxOptions {

    private final Map<String, List<String>> values;

    private SandboxOptions(Map<String, List<String>> values) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.values = copy;
    }

    /** No options: default port, default state folder. */
    public static SandboxOptions defaults() {
        return new SandboxOptions(Map.of());
    }

    /**
     * Parses {@code --name value}, {@code --name=value} and bare flags {@code --name} (value
     * {@code true} when the next argument is missing or is another option).
     *
     * @throws IllegalArgumentException for an argument that is not an option
     */
    public static SandboxOptions parse(List<String> args) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options look like --name value)");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                value = "true";
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        SandboxOptions options = new SandboxOptions(values);
        options.port();
        return options;
    }

    /** A copy with {@code name} set to exactly this one value. */
    public SandboxOptions with(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        copy.put(name, List.of(value));
        return new SandboxOptions(copy);
    }

    /** A copy with one more value for a repeatable option. */
    public SandboxOptions plus(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        List<String> list = new ArrayList<>(copy.getOrDefault(name, List.of()));
        list.add(value);
        copy.put(name, list);
        return new SandboxOptions(copy);
    }

    /** A copy without the option. */
    public SandboxOptions without(String name) {
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        copy.remove(name);
        return new SandboxOptions(copy);
    }

    /** {@code --port}; 0 means "any free port". */
    public SandboxOptions withPort(int port) {
        return with("port", Integer.toString(port));
    }

    /** {@code --state}. */
    public SandboxOptions withState(Path dir) {
        return with("state", dir.toString());
    }

    /** {@code --port} when given. */
    public OptionalInt port() {
        Optional<String> raw = value("port");
        if (raw.isEmpty()) {
            return OptionalInt.empty();
        }
        int port = intValue("port", -1);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + raw.get());
        }
        return OptionalInt.of(port);
    }

    /** {@code --state} when given. */
    public Optional<Path> state() {
        return value("state").map(Path::of);
    }

    /** The last value of an option. */
    public Optional<String> value(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.getLast());
    }

    public String value(String name, String defaultValue) {
        return value(name).orElse(defaultValue);
    }

    /** Every value of a repeatable option, in order (empty when not given). */
    public List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The option, else the environment variable, else the default. */
    public String valueOrEnv(String name, String environmentVariable, String defaultValue) {
        return value(name).or(() -> Optional.ofNullable(System.getenv(environmentVariable)).filter(s -> !s.isEmpty()))
                .orElse(defaultValue);
    }

    /** @throws IllegalArgumentException when given but not an integer */
    public int intValue(String name, int defaultValue) {
        return (int) longValue(name, defaultValue);
    }

    /** @throws IllegalArgumentException when given but not an integer */
    public long longValue(String name, long defaultValue) {
        Optional<String> raw = value(name);
        try {
            return raw.isEmpty() ? defaultValue : Long.parseLong(raw.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, got " + raw.get());
        }
    }

    /** @throws IllegalArgumentException when given but not a number */
    public double doubleValue(String name, double defaultValue) {
        Optional<String> raw = value(name);
        try {
            return raw.isEmpty() ? defaultValue : Double.parseDouble(raw.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got " + raw.get());
        }
    }

    /** True for {@code --name}, {@code --name true}; false when absent or {@code false}. */
    public boolean flag(String name) {
        return value(name).map(v -> !v.equalsIgnoreCase("false")).orElse(false);
    }

    /** Every option as given (name → values). */
    public Map<String, List<String>> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
