package dev.dovetail.connectors.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads an {@link HttpSystemConfig} from a system file's YAML content, reporting every problem at once. */
final class HttpConfigReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?", Pattern.CASE_INSENSITIVE);

    private final String system;
    private final Path workspaceRoot;
    private final List<String> problems = new ArrayList<>();

    private HttpConfigReader(String system, Path workspaceRoot) {
        this.system = system;
        this.workspaceRoot = workspaceRoot;
    }

    static HttpSystemConfig read(String name, Map<String, ?> system, Path workspaceRoot) {
        var reader = new HttpConfigReader(name, workspaceRoot);
        var config = reader.system(system);
        if (!reader.problems.isEmpty()) {
            throw new IllegalArgumentException("system " + name + ": " + String.join("; ", reader.problems));
        }
        return config;
    }

    private HttpSystemConfig system(Map<String, ?> system) {
        var connection = map(system, "connection");
        var baseUrl = uri(connection, "baseUrl", "connection.baseUrl", true);
        var headers = stringMap(connection, "headers", "connection.headers");
        var tls = tls(map(connection, "tls"));
        var auth = attempt(() -> auth(map(system, "auth")));
        var limits = attempt(() -> limits(map(system, "limits")));
        var operations = new LinkedHashMap<String, HttpOperationConfig>();
        map(system, "operations").forEach((name, value) -> {
            var operation = attempt(() -> operation("operations." + name, asMap(value, "operations." + name)));
            if (operation != null) {
                operations.put(name, operation);
            }
        });
        if (!problems.isEmpty() || baseUrl == null) {
            return null;
        }
        return attempt(() -> new HttpSystemConfig(this.system, baseUrl, headers, auth,
                limits, tls, operations));
    }

    private HttpTls tls(Map<String, ?> tls) {
        var trustStore = string(tls, "trustStore", "connection.tls.trustStore", false);
        var trustStorePassword = string(tls, "trustStorePassword", "connection.tls.trustStorePassword", false);
        var keyStore = string(tls, "keyStore", "connection.tls.keyStore", false);
        var keyStorePassword = string(tls, "keyStorePassword", "connection.tls.keyStorePassword", false);
        var verifyHostname = bool(tls, "verifyHostname", "connection.tls.verifyHostname", true);
        var insecure = bool(tls, "insecure", "connection.tls.insecure", false);
        return attempt(() -> new HttpTls(file(trustStore), trustStorePassword, file(keyStore), keyStorePassword,
                verifyHostname && !insecure, insecure));
    }

    private Path file(String name) {
        return name == null ? null : workspaceRoot == null ? Path.of(name) : workspaceRoot.resolve(name);
    }

    private HttpAuth auth(Map<String, ?> auth) {
        var type = string(auth, "type", "auth.type", false);
        if (type == null || type.equals("none")) {
            return HttpAuth.none();
        }
        Function<String, String> required = key -> string(auth, key, "auth." + key, true);
        Function<String, String> optional = key -> string(auth, key, "auth." + key, false);
        return switch (type) {
            case "basic" -> new HttpAuth.Basic(required.apply("username"), required.apply("password"));
            case "bearer" -> new HttpAuth.Bearer(required.apply("token"));
            case "api-key" -> new HttpAuth.ApiKey(optional.apply("name"), required.apply("key"),
                    enumValue(HttpAuth.KeyPlacement.class, optional.apply("in"), "auth.in"));
            case "oauth2-client-credentials" -> new HttpAuth.OAuth2ClientCredentials(
                    uri(auth, "tokenUrl", "auth.tokenUrl", true), required.apply("clientId"), required.apply("clientSecret"),
                    optional.apply("scope"), optional.apply("audience"),
                    enumValue(HttpAuth.ClientAuthentication.class, optional.apply("clientAuthentication"), "auth.clientAuthentication"),
                    duration(auth, "refreshBefore", "auth.refreshBefore"));
            case "hmac" -> new HttpAuth.Hmac(optional.apply("accessKey"), required.apply("secret"), optional.apply("canonical"),
                    optional.apply("algorithm"),
                    enumValue(HttpAuth.SignatureEncoding.class, optional.apply("encoding"), "auth.encoding"),
                    optional.apply("header"), optional.apply("prefix"),
                    auth.containsKey("timestampHeader") ? optional.apply("timestampHeader") : "X-Timestamp",
                    optional.apply("nonceHeader"),
                    auth.containsKey("accessKeyHeader") ? optional.apply("accessKeyHeader")
                            : auth.get("accessKey") == null ? null : "X-Access-Key",
                    enumValue(HttpAuth.TimestampFormat.class, optional.apply("timestampFormat"), "auth.timestampFormat"));
            default -> {
                problems.add("auth.type '" + type + "' is not one of none, basic, bearer, api-key, oauth2-client-credentials, hmac");
                yield null;
            }
        };
    }

    private HttpLimits limits(Map<String, ?> limits) {
        var defaults = HttpLimits.defaults();
        var rate = number(limits, "ratePerSecond", "limits.ratePerSecond");
        var concurrency = number(limits, "concurrency", "limits.concurrency");
        var maxResponse = size(limits, "maxResponseSize", "limits.maxResponseSize");
        var breaker = map(limits, "circuitBreaker");
        CircuitBreakerSettings settings = null;
        if (!breaker.isEmpty()) {
            var base = CircuitBreakerSettings.defaults();
            var failureRate = number(breaker, "failureRate", "limits.circuitBreaker.failureRate");
            var minimumCalls = number(breaker, "minimumCalls", "limits.circuitBreaker.minimumCalls");
            var window = number(breaker, "window", "limits.circuitBreaker.window");
            var halfOpen = number(breaker, "halfOpenCalls", "limits.circuitBreaker.halfOpenCalls");
            var enabled = bool(breaker, "enabled", "limits.circuitBreaker.enabled", true);
            var openFor = duration(breaker, "openFor", "limits.circuitBreaker.openFor");
            settings = attempt(() -> new CircuitBreakerSettings(enabled,
                    failureRate == null ? base.failureRatePercent() : failureRate.intValue(),
                    minimumCalls == null ? base.minimumCalls() : minimumCalls.intValue(),
                    window == null ? base.windowSize() : window.intValue(),
                    openFor, halfOpen == null ? base.halfOpenCalls() : halfOpen.intValue()));
        }
        var timeout = duration(limits, "timeout", "limits.timeout");
        var connectTimeout = duration(limits, "connectTimeout", "limits.connectTimeout");
        var finalSettings = settings;
        return attempt(() -> new HttpLimits(rate == null ? 0 : rate.doubleValue(),
                concurrency == null ? defaults.concurrency() : concurrency.intValue(), timeout, connectTimeout,
                maxResponse == null ? defaults.maxResponseBytes() : maxResponse, finalSettings));
    }

    private HttpOperationConfig operation(String where, Map<String, ?> operation) {
        var method = string(operation, "method", where + ".method", true);
        var path = string(operation, "path", where + ".path", true);
        var idempotencyHeader = string(operation, "idempotencyHeader", where + ".idempotencyHeader", false);
        var options = map(operation, "options");
        var bodyFormat = enumValue(HttpOperationConfig.BodyFormat.class,
                string(options, "bodyFormat", where + ".options.bodyFormat", false), where + ".options.bodyFormat");
        var pagination = pagination(where + ".pagination", map(operation, "pagination"));
        if (method == null || path == null) {
            return null;
        }
        return new HttpOperationConfig(method, path, idempotencyHeader, bodyFormat, pagination);
    }

    private HttpPagination pagination(String where, Map<String, ?> pagination) {
        if (pagination.isEmpty()) {
            return HttpPagination.none();
        }
        var type = string(pagination, "type", where + ".type", true);
        Function<String, String> text = key -> string(pagination, key, where + "." + key, false);
        Function<String, Number> num = key -> number(pagination, key, where + "." + key);
        var items = text.apply("items");
        var next = text.apply("next");
        var param = text.apply("param");
        var sizeParam = text.apply("sizeParam");
        var size = intOr(num.apply("size"), HttpPagination.DEFAULT_SIZE);
        var start = num.apply("start");
        var maxPages = intOr(num.apply("maxPages"), HttpPagination.DEFAULT_MAX_PAGES);
        if (type == null) {
            return null;
        }
        return attempt(() -> switch (type) {
            case "cursor" -> new HttpPagination.Cursor(param, Objects.requireNonNull(next, where + ".next"), items, sizeParam,
                    size, maxPages);
            case "page" -> new HttpPagination.PageNumber(param, sizeParam == null ? "size" : sizeParam, size,
                    start == null ? 1 : start.longValue(), next, items, maxPages);
            case "offset" -> new HttpPagination.Offset(param, sizeParam == null ? "limit" : sizeParam, size,
                    start == null ? 0 : start.longValue(), next, items, maxPages);
            case "link" -> new HttpPagination.Link(items, maxPages);
            default -> throw new IllegalArgumentException(where + ".type '" + type + "' is not one of cursor, page, offset, link");
        });
    }

    // --- small typed readers that collect problems instead of failing on the first

    private <T> T attempt(java.util.function.Supplier<T> build) {
        var known = problems.size();
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        } catch (NullPointerException e) {
            if (problems.size() == known) { // else a missing value was reported already
                problems.add(e.getMessage() + " is required");
            }
            return null;
        }
    }

    private Map<String, ?> map(Map<String, ?> parent, String key) {
        return parent == null ? Map.of() : asMap(parent.get(key), key);
    }

    @SuppressWarnings("unchecked")
    private Map<String, ?> asMap(Object value, String where) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, ?>) map;
        }
        problems.add(where + " must be a mapping");
        return Map.of();
    }

    private String string(Map<String, ?> map, String key, String where, boolean required) {
        var value = map.get(key);
        if (value == null) {
            if (required) {
                problems.add(where + " is required");
            }
            return null;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        problems.add(where + " must be a text");
        return null;
    }

    private Map<String, String> stringMap(Map<String, ?> parent, String key, String where) {
        var result = new LinkedHashMap<String, String>();
        map(parent, key).forEach((name, value) -> {
            var text = string(Map.of(name, value == null ? "" : value), name, where + "." + name, false);
            if (text != null) {
                result.put(name, text);
            }
        });
        return result;
    }

    private boolean bool(Map<String, ?> map, String key, String where, boolean fallback) {
        var value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
            return Boolean.parseBoolean(s);
        }
        problems.add(where + " must be true or false");
        return fallback;
    }

    private Number number(Map<String, ?> map, String key, String where) {
        var value = map.get(key);
        if (value == null || value instanceof Number) {
            return (Number) value;
        }
        if (value instanceof String s) {
            try {
                return new java.math.BigDecimal(s.trim().replaceAll("%$", ""));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.add(where + " must be a number, got '" + value + "'");
        return null;
    }

    private URI uri(Map<String, ?> map, String key, String where, boolean required) {
        var text = string(map, key, where, required);
        if (text == null) {
            return null;
        }
        try {
            var uri = new URI(text.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                problems.add(where + " '" + text + "' must be an absolute http(s) URL");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(where + " '" + text + "' is not a URL: " + e.getReason());
            return null;
        }
    }

    private Duration duration(Map<String, ?> map, String key, String where) {
        var value = map.get(key);
        if (value == null) {
            return null;
        }
        var parsed = parseDuration(value);
        if (parsed == null) {
            problems.add(where + " '" + value + "' is not a duration (like 500ms, 30s, 5m, 1h or PT30S)");
        }
        return parsed;
    }

    static Duration parseDuration(Object value) {
        if (value instanceof Number n) {
            return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
        }
        var text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        var matcher = DURATION.matcher(text);
        var total = 0d;
        var end = 0;
        while (matcher.find() && matcher.start() == end) {
            var amount = Double.parseDouble(matcher.group(1));
            total += switch (matcher.group(2)) {
                case "ms" -> amount;
                case "s" -> amount * 1_000;
                case "m" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                default -> amount * 86_400_000;
            };
            end = matcher.end();
        }
        return end == 0 || end != text.length() ? null : Duration.ofMillis(Math.round(total));
    }

    private Long size(Map<String, ?> map, String key, String where) {
        var value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        var matcher = SIZE.matcher(String.valueOf(value).trim());
        if (!matcher.matches()) {
            problems.add(where + " '" + value + "' is not a size (like 512KB or 16MB)");
            return null;
        }
        var unit = matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT);
        var factor = switch (unit) {
            case "kb", "kib" -> 1024L;
            case "mb", "mib" -> 1024L * 1024;
            case "gb", "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(matcher.group(1)) * factor;
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, String text, String where) {
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            problems.add(where + " '" + text + "' is not one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
            return null;
        }
    }

    private static int intOr(Number value, int fallback) {
        return value == null ? fallback : value.intValue();
    }
}
