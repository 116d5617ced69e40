package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import dev.dovetail.model.Secret;
import dev.dovetail.model.SystemDef;
import dev.dovetail.model.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns a loaded system with {@code connector: file} or {@code connector: sftp} into a {@link FileSystemConfig}.
 * Every problem is collected and reported at once. Secrets are revealed here: convert again when the workspace
 * or a secret changes.
 *
 * <p>{@code connection:} keys: {@code directory}, {@code charset}, {@code markerFolder}, {@code markerRetention};
 * for sftp also {@code host}, {@code port}, {@code username}, {@code password}, {@code privateKey},
 * {@code privateKeyFile}, {@code passphrase}, {@code hostKey}, {@code knownHosts}, {@code insecureHostKey}.
 * Operation {@code options:} and event {@code consume:} keys are listed in {@code docs/connectors.md}.
 */
public final class FileSystemConfigs {

    private static final Set<String> FILE_CONNECTION = Set.of("directory", "charset", "markerFolder", "markerRetention");
    private static final Set<String> SFTP_CONNECTION = Set.of("directory", "charset", "markerFolder", "markerRetention",
            "host", "port", "username", "password", "privateKey", "privateKeyFile", "passphrase", "hostKey", "knownHosts",
            "insecureHostKey");
    private static final Set<String> CSV_KEYS = Set.of("format", "charset", "delimiter", "header", "escapeFormulas",
            "lineEnding", "columns", "sheet");
    private static final Set<String> WRITE_KEYS = union(CSV_KEYS, Set.of("folder", "fileName", "ifExists"));
    private static final Set<String> READ_KEYS = union(CSV_KEYS, Set.of("folder", "pattern", "required", "processed", "error",
            "afterRead", "readLock", "maxFileSize", "maxRows", "maxFiles", "emit"));
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private final String system;
    private final List<String> problems = new ArrayList<>();

    private FileSystemConfigs(String system) {
        this.system = system;
    }

    /**
     * The connector configuration of one system.
     *
     * @param workspaceRoot relative {@code directory}, {@code knownHosts} and {@code privateKeyFile} paths are
     *     resolved against it
     * @throws IllegalArgumentException when the system uses another connector or an option is invalid, naming
     *     every problem
     */
    public static FileSystemConfig from(SystemDef system, Path workspaceRoot) {
        requireNonNull(system, "system");
        requireNonNull(workspaceRoot, "workspaceRoot");
        if (system.connector() != SystemDef.Connector.FILE && system.connector() != SystemDef.Connector.SFTP) {
            throw new IllegalArgumentException("system " + system.name() + " uses the "
                    + (system.connector() == null ? "(unknown)" : system.connector().id()) + " connector, not file or sftp");
        }
        var reader = new FileSystemConfigs(system.name());
        var config = reader.read(system, workspaceRoot);
        if (!reader.problems.isEmpty()) {
            throw new IllegalArgumentException("system " + system.name() + ": " + String.join("; ", reader.problems));
        }
        return config;
    }

    /** The configuration of every file and sftp system of the workspace, by name. */
    public static Map<String, FileSystemConfig> from(Workspace workspace) {
        var configs = new LinkedHashMap<String, FileSystemConfig>();
        workspace.systems().forEach((name, system) -> {
            if (system.connector() == SystemDef.Connector.FILE || system.connector() == SystemDef.Connector.SFTP) {
                configs.put(name, from(system, workspace.root()));
            }
        });
        return Collections.unmodifiableMap(configs);
    }

    private FileSystemConfig read(SystemDef system, Path workspaceRoot) {
        var connection = system.connection();
        var options = connection.options();
        var sftp = system.connector() == SystemDef.Connector.SFTP;
        unknown(options, sftp ? SFTP_CONNECTION : FILE_CONNECTION, "connection");
        if (connection.baseUrl().isPresent() || connection.tls().isPresent() || !connection.headers().isEmpty()) {
            problems.add("connection: baseUrl, tls and headers belong to http and soap systems, not " + system.connector().id());
        }
        var charset = attempt(() -> FileCharset.of(text(options, "charset", "connection", "UTF-8")));
        var directory = text(options, "directory", "connection", sftp ? "" : null);
        FileSystemConfig.Location location = null;
        if (!sftp) {
            if (directory == null) {
                problems.add("connection.directory is required for a file system (a folder, relative to the workspace)");
            } else {
                location = new FileSystemConfig.Location.Local(workspaceRoot.resolve(directory).normalize());
            }
        } else {
            var settings = attempt(() -> sftpSettings(system, options, directory, workspaceRoot));
            location = settings == null ? null : new FileSystemConfig.Location.Sftp(settings);
        }
        var operations = new LinkedHashMap<String, FileWriteOptions>();
        var defaultCharset = charset == null ? FileCharset.UTF_8 : charset;
        system.operations().forEach((name, operation) -> {
            var written = attempt(() -> writeOptions("operations." + name + ".options", operation.options(), defaultCharset));
            if (written != null) {
                operations.put(name, written);
            }
        });
        var events = new LinkedHashMap<String, FileReadOptions>();
        system.events().forEach((name, event) -> {
            if (event.source() instanceof SystemDef.Consume consume) {
                var read = attempt(() -> readOptions("events." + name + ".consume", consume.options(), defaultCharset));
                if (read != null) {
                    events.put(name, read);
                }
            }
        });
        var markerFolder = text(options, "markerFolder", "connection", null);
        var retention = duration(options, "markerRetention", "connection", FileSystemConfig.DEFAULT_MARKER_RETENTION);
        if (!problems.isEmpty() || location == null) {
            return null;
        }
        var where = location;
        return attempt(() -> new FileSystemConfig(system.name(), where, operations, events, markerFolder, retention));
    }

    private SftpSettings sftpSettings(SystemDef system, Map<String, Object> options, String directory, Path workspaceRoot) {
        var host = text(options, "host", "connection", null);
        if (host == null) {
            problems.add("connection.host is required for an sftp system");
        }
        var port = integer(options, "port", "connection", SftpSettings.DEFAULT_PORT);
        var username = text(options, "username", "connection", null);
        if (username == null) {
            problems.add("connection.username is required for an sftp system");
        }
        var password = secret(options, "password");
        var privateKey = secret(options, "privateKey");
        var keyFile = text(options, "privateKeyFile", "connection", null);
        if (keyFile != null) {
            if (privateKey != null) {
                problems.add("connection: give privateKey or privateKeyFile, not both");
            } else {
                try {
                    privateKey = Files.readString(workspaceRoot.resolve(keyFile), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    problems.add("connection.privateKeyFile " + keyFile + " cannot be read: " + e.getMessage());
                }
            }
        }
        if (password == null && privateKey == null && keyFile == null) {
            problems.add("an sftp system needs connection.password or connection.privateKey (as ${secret:...})");
        }
        var passphrase = secret(options, "passphrase");
        var fingerprints = textList(options, "hostKey", "connection");
        var knownHosts = text(options, "knownHosts", "connection", null);
        var insecure = bool(options, "insecureHostKey", "connection", false);
        var checks = (fingerprints.isEmpty() ? 0 : 1) + (knownHosts == null ? 0 : 1) + (insecure ? 1 : 0);
        SftpSettings.HostKeys hostKeys = null;
        if (checks == 0) {
            problems.add("an sftp system needs connection.hostKey (the server's key fingerprint, SHA256:...) or "
                    + "connection.knownHosts (a known_hosts file); connection.insecureHostKey: true skips the check, for tests only");
        } else if (checks > 1) {
            problems.add("connection: give one of hostKey, knownHosts and insecureHostKey");
        } else if (!fingerprints.isEmpty()) {
            for (var fingerprint : fingerprints) {
                if (!fingerprint.contains(":")) {
                    problems.add("connection.hostKey '" + fingerprint + "' is not a fingerprint like SHA256:<base64> (ssh-keygen -lf)");
                }
            }
            hostKeys = new SftpSettings.HostKeys.Fingerprints(fingerprints);
        } else if (knownHosts != null) {
            var file = workspaceRoot.resolve(knownHosts);
            if (!Files.isReadable(file)) {
                problems.add("connection.knownHosts " + knownHosts + " is not a readable file");
            }
            hostKeys = new SftpSettings.HostKeys.KnownHosts(file);
        } else {
            hostKeys = new SftpSettings.HostKeys.Insecure();
        }
        if (host == null || username == null || hostKeys == null || (password == null && privateKey == null)) {
            return null;
        }
        var limits = system.limits();
        return new SftpSettings(host, port, username, password, privateKey, passphrase, directory, hostKeys,
                limits.connectTimeout(), limits.timeout());
    }

    private FileWriteOptions writeOptions(String where, Map<String, Object> options, FileCharset charset) {
        unknown(options, WRITE_KEYS, where);
        var fileName = text(options, "fileName", where, null);
        if (fileName == null) {
            problems.add(where + ".fileName is required, e.g. \"{orderNo}.csv\"");
            return null;
        }
        var format = format(options, where, fileName, charset);
        var columns = textList(options, "columns", where);
        var ifExists = choice(options, "ifExists", where, FileWriteOptions.IfExists.class, FileWriteOptions.IfExists.OVERWRITE);
        var folder = text(options, "folder", where, "");
        if (format == null) {
            return null;
        }
        return new FileWriteOptions(folder, fileName, format, columns, ifExists);
    }

    private FileReadOptions readOptions(String where, Map<String, Object> options, FileCharset charset) {
        unknown(options, READ_KEYS, where);
        var pattern = text(options, "pattern", where, "*");
        var format = format(options, where, pattern, charset);
        var folder = text(options, "folder", where, "");
        var columns = textList(options, "columns", where);
        var required = textList(options, "required", where);
        var processed = text(options, "processed", where, null);
        var error = text(options, "error", where, null);
        var afterRead = choice(options, "afterRead", where, FileReadOptions.AfterRead.class, FileReadOptions.AfterRead.MOVE);
        var readLock = choice(options, "readLock", where, FileReadOptions.ReadLock.class, FileReadOptions.ReadLock.CHANGED);
        var emit = choice(options, "emit", where, FileReadOptions.Emit.class, FileReadOptions.Emit.RECORD);
        var maxFileSize = size(options, "maxFileSize", where, FileReadOptions.DEFAULT_MAX_FILE_SIZE);
        var maxRows = integer(options, "maxRows", where, FileReadOptions.DEFAULT_MAX_ROWS);
        var maxFiles = integer(options, "maxFiles", where, FileReadOptions.DEFAULT_MAX_FILES);
        if (format == null) {
            return null;
        }
        return new FileReadOptions(folder, pattern, format, columns, required, processed, error, afterRead, readLock,
                maxFileSize, maxRows, maxFiles, emit);
    }

    private TableFormat format(Map<String, Object> options, String where, String nameOrPattern, FileCharset defaultCharset) {
        var lower = nameOrPattern.toLowerCase(Locale.ROOT);
        var guess = lower.endsWith(".xlsx") ? "xlsx" : "csv";
        var format = text(options, "format", where, guess).toLowerCase(Locale.ROOT);
        var sheet = text(options, "sheet", where, null);
        if (format.equals("xlsx")) {
            for (var csvOnly : List.of("charset", "delimiter", "header", "escapeFormulas", "lineEnding")) {
                if (options.containsKey(csvOnly)) {
                    problems.add(where + "." + csvOnly + " applies to csv, not xlsx");
                }
            }
            return attempt(() -> new TableFormat.Xlsx(sheet));
        }
        if (!format.equals("csv")) {
            problems.add(where + ".format '" + format + "' is not csv or xlsx");
            return null;
        }
        if (sheet != null) {
            problems.add(where + ".sheet applies to xlsx, not csv");
        }
        var charsetName = text(options, "charset", where, null);
        var charset = charsetName == null ? defaultCharset : attempt(() -> FileCharset.of(charsetName));
        var delimiter = text(options, "delimiter", where, ",");
        if (delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab")) {
            delimiter = "\t";
        }
        if (delimiter.length() != 1) {
            problems.add(where + ".delimiter '" + delimiter + "' must be one character (or tab)");
            delimiter = ",";
        }
        var header = bool(options, "header", where, true);
        var escape = bool(options, "escapeFormulas", where, true);
        var lineEnding = text(options, "lineEnding", where, "crlf").toLowerCase(Locale.ROOT);
        if (!lineEnding.equals("crlf") && !lineEnding.equals("lf")) {
            problems.add(where + ".lineEnding '" + lineEnding + "' is not crlf or lf");
        }
        if (charset == null) {
            return null;
        }
        var separator = delimiter.charAt(0);
        return attempt(() -> new TableFormat.Csv(charset, separator, header, escape, lineEnding.equals("lf") ? "\n" : "\r\n"));
    }

    private <T> T attempt(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private void unknown(Map<String, Object> options, Set<String> known, String where) {
        for (var key : options.keySet()) {
            if (!known.contains(key)) {
                problems.add(where + " has an unknown key '" + key + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private String text(Map<String, Object> options, String key, String where, String fallback) {
        var value = options.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Secret) {
            problems.add(where + "." + key + " holds a secret reference; it is not a secret option");
            return fallback;
        }
        if (value instanceof Map || value instanceof List) {
            problems.add(where + "." + key + " must be a single value");
            return fallback;
        }
        return String.valueOf(value);
    }

    private List<String> textList(Map<String, Object> options, String key, String where) {
        var value = options.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            var out = new ArrayList<String>();
            for (var item : list) {
                if (item == null || item instanceof Map || item instanceof List) {
                    problems.add(where + "." + key + " must be a list of names");
                    return List.of();
                }
                out.add(String.valueOf(item));
            }
            return out;
        }
        if (value instanceof Map) {
            problems.add(where + "." + key + " must be a list of names");
            return List.of();
        }
        return List.of(String.valueOf(value));
    }

    private String secret(Map<String, Object> options, String key) {
        var value = options.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Secret secret) {
            return secret.reveal();
        }
        problems.add("connection." + key + " must be a ${secret:name} reference");
        return null;
    }

    private boolean bool(Map<String, Object> options, String key, String where, boolean fallback) {
        var value = options.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        var text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return text.equals("true");
        }
        problems.add(where + "." + key + " must be true or false, not '" + value + "'");
        return fallback;
    }

    private int integer(Map<String, Object> options, String key, String where, int fallback) {
        var value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return value instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException | ArithmeticException e) {
            problems.add(where + "." + key + " must be a whole number, not '" + value + "'");
            return fallback;
        }
    }

    private long size(Map<String, Object> options, String key, String where, long fallback) {
        var value = options.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        var m = SIZE.matcher(String.valueOf(value).strip());
        if (!m.matches()) {
            problems.add(where + "." + key + " must be a size like 10MB, not '" + value + "'");
            return fallback;
        }
        var unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        var factor = switch (unit) {
            case "kb", "kib" -> 1024L;
            case "mb", "mib" -> 1024L * 1024;
            case "gb", "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(m.group(1)) * factor;
    }

    private Duration duration(Map<String, Object> options, String key, String where, Duration fallback) {
        var value = options.get(key);
        if (value == null) {
            return fallback;
        }
        var m = DURATION.matcher(String.valueOf(value).strip());
        if (!m.matches()) {
            problems.add(where + "." + key + " must be a duration like 30d or 12h, not '" + value + "'");
            return fallback;
        }
        var amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private <E extends Enum<E>> E choice(Map<String, Object> options, String key, String where, Class<E> type, E fallback) {
        var value = text(options, key, where, null);
        if (value == null) {
            return fallback;
        }
        for (var constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.strip())) {
                return constant;
            }
        }
        problems.add(where + "." + key + " '" + value + "' is not one of "
                + String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()));
        return fallback;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    @Override
    public String toString() {
        return "FileSystemConfigs[" + system + "]";
    }
}
