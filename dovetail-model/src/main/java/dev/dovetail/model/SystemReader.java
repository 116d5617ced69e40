package dev.dovetail.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** {@code systems/<name>.yaml}. */
final class SystemReader {
    static final List<String> CONNECTORS = java.util.Arrays.stream(SystemDef.Connector.values()).map(SystemDef.Connector::id).toList();
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    /** Headers the HTTP client sets itself; a system cannot give them. */
    static final Set<String> CLIENT_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final java.util.regex.Pattern PATH_PLACEHOLDER = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]+");
    private static final java.util.regex.Pattern SECRET_PLACEHOLDER = java.util.regex.Pattern.compile("(?<!\\$)\\$\\{secret:");
    private static final java.util.regex.Pattern BRACED = java.util.regex.Pattern.compile("\\{([^}]*)}");
    /** Keys that carry secrets wherever they appear in {@code connection:} or {@code auth:}. */
    static final Set<String> SECRET_KEYS = Set.of("password", "token", "key", "clientSecret", "secret", "privateKey", "passphrase",
            "apiKey", "accessSecret", "trustStorePassword", "keyStorePassword");

    private SystemReader() {}

    static SystemDef read(Ctx ctx, Node rootNode, String name, Index.SystemInfo info) {
        var o = Obj.of(ctx, rootNode, "");
        if (o == null) return null;
        info.readable = true;
        o.allow("name", "title", "description", "connector", "connection", "auth", "limits", "operations", "events");
        checkDeclaredName(ctx, o, name, "systems");
        var title = o.text("title");
        var description = o.text("description");
        var connectorId = o.oneOf("connector", true, CONNECTORS);
        var connector = connectorId == null ? null : SystemDef.Connector.byId(connectorId).orElse(null);
        boolean http = connector == SystemDef.Connector.HTTP || connector == SystemDef.Connector.SOAP;

        var connection = connection(ctx, o.obj("connection", http, "connection: {baseUrl: https://crm.example.com/api}"), connector);
        var authObj = o.obj("auth", false, null);
        var auth = authObj == null ? new SystemDef.Auth.None() : AuthReader.read(authObj);
        var limitsObj = o.obj("limits", false, null);
        var limits = limitsObj == null ? SystemDef.Limits.DEFAULT : limits(limitsObj);

        // operations before events: a poll names an operation of this system
        var operations = new LinkedHashMap<String, SystemDef.Operation>();
        var opsObj = o.obj("operations", false, null);
        if (opsObj != null) {
            for (var t : opsObj.tuples()) {
                var opName = Obj.keyText(t);
                if (!Names.MEMBER.matcher(opName).matches()) {
                    ctx.error(t.getKeyNode(), "bad-name", "operation name '" + opName + "' breaks the naming rule: " + Names.MEMBER_RULE, "e.g. createSalesOrder");
                    continue;
                }
                var opObj = Obj.of(ctx, t.getValueNode(), "operations." + opName);
                if (opObj == null) continue;
                var op = operation(ctx, opObj, opName, connector);
                operations.put(opName, op);
                info.operations.put(opName, connector == SystemDef.Connector.SOAP
                        // every SOAP call is a POST; an idempotency element in the body also makes repeats harmless
                        ? new Index.OperationInfo("POST", op.idempotencyHeader().isPresent() || op.options().get("idempotencyElement") != null)
                        : new Index.OperationInfo(op.method().orElse(""), op.idempotencyHeader().isPresent()));
            }
        }
        var events = new LinkedHashMap<String, SystemDef.Event>();
        var evObj = o.obj("events", false, null);
        if (evObj != null) {
            for (var t : evObj.tuples()) {
                var evName = Obj.keyText(t);
                if (!Names.MEMBER.matcher(evName).matches()) {
                    ctx.error(t.getKeyNode(), "bad-name", "event name '" + evName + "' breaks the naming rule: " + Names.MEMBER_RULE, "e.g. order-won");
                    continue;
                }
                info.events.add(evName);
                var e = Obj.of(ctx, t.getValueNode(), "events." + evName);
                if (e != null) events.put(evName, event(ctx, e, evName, name, info));
            }
        }
        return new SystemDef(name, ctx.file, title, description, connector, connection, auth, limits, operations, events);
    }

    /** An optional {@code name:} must repeat the file name. */
    static void checkDeclaredName(Ctx ctx, Obj o, String fileName, String folder) {
        var s = o.scalar("name", false, null);
        if (s != null && !s.getValue().equals(fileName)) {
            ctx.error(s, "name-mismatch", "'name' is '" + s.getValue() + "' but the file is " + folder + "/" + fileName + ".yaml",
                    "the name comes from the file name: rename the file or remove 'name'");
        }
    }

    private static SystemDef.Connection connection(Ctx ctx, Obj c, SystemDef.Connector connector) {
        if (c == null) return SystemDef.Connection.NONE;
        boolean http = connector == SystemDef.Connector.HTTP;
        // a soap system finds its address in its WSDL; baseUrl, when given, replaces it
        boolean needsUrl = http;
        Optional<String> baseUrl = Optional.empty();
        var urlNode = c.scalar("baseUrl", needsUrl, "baseUrl: https://crm.example.com/api");
        if (urlNode != null) {
            var url = c.resolve(urlNode);
            if (url != null) {
                url = url.strip();
                var shown = url;
                var problem = httpUrlProblem(url).map(p -> "'connection.baseUrl' is '" + shown + "', " + p);
                if (problem.isEmpty()) {
                    var uri = URI.create(url);
                    if (uri.getRawUserInfo() != null) {
                        // the URL is not repeated: it holds a password
                        problem = Optional.of("'connection.baseUrl' carries credentials (user:password@); they belong in 'auth'");
                    } else if (http && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
                        problem = Optional.of("'connection.baseUrl' is '" + url + "', which has a query or fragment; operations add their query parameters themselves");
                    } else if (uri.getRawFragment() != null) {
                        problem = Optional.of("'connection.baseUrl' is '" + url + "', which has a fragment; a service address has none");
                    }
                }
                problem.ifPresent(p -> ctx.error(urlNode, "bad-value", p, "e.g. https://crm.example.com/api"));
                baseUrl = Optional.of(url);
            }
        }
        Optional<SystemDef.Tls> tls = Optional.empty();
        var tlsObj = c.obj("tls", false, null);
        if (tlsObj != null) tls = Optional.of(tls(ctx, tlsObj));
        var headers = headers(ctx, c);
        var options = new LinkedHashMap<String, Object>();
        for (var t : c.tuples()) {
            var k = Obj.keyText(t);
            if (k.equals("baseUrl") || k.equals("tls") || k.equals("headers")) continue;
            options.putIfAbsent(k, SECRET_KEYS.contains(k) ? secretOption(ctx, c, k) : resolved(ctx, t.getValueNode()));
        }
        if (connector == SystemDef.Connector.SOAP) soapConnection(ctx, c, options);
        return new SystemDef.Connection(baseUrl, tls, headers, options);
    }

    /** The SOAP connector's keys of {@code connection:}: {@code wsdl} (required), {@code port}, {@code elementFormDefault}. */
    private static void soapConnection(Ctx ctx, Obj c, Map<String, Object> options) {
        var example = "wsdl: https://erp.example.com/ws/SalesOrderService?wsdl (or a file of the workspace, e.g. wsdl/erp.wsdl)";
        var wsdlNode = c.required("wsdl", example);
        if (wsdlNode != null) {
            var wsdl = options.get("wsdl");
            if (!(wsdlNode instanceof ScalarNode) || !(wsdl instanceof String || wsdl == null)) {
                ctx.error(wsdlNode, "wrong-type", "'" + c.at("wsdl") + "' must be a URL or a file path, not " + Obj.describe(wsdlNode), "e.g. " + example);
            } else if (wsdl instanceof String text) {
                var url = text.strip();
                var lower = url.toLowerCase(Locale.ROOT);
                if (lower.startsWith("http://") || lower.startsWith("https://")) {
                    var problem = httpUrlProblem(url).map(p -> "'" + c.at("wsdl") + "' is '" + url + "', " + p);
                    if (problem.isEmpty() && URI.create(url).getRawUserInfo() != null) {
                        problem = Optional.of("'" + c.at("wsdl") + "' carries credentials (user:password@); they belong in 'auth'");
                    }
                    problem.ifPresent(p -> ctx.error(wsdlNode, "bad-value", p, "e.g. " + example));
                } else if (url.isEmpty() || url.contains("://")) {
                    ctx.error(wsdlNode, "bad-value", "'" + c.at("wsdl") + "' is '" + url + "', which is neither an http(s) URL nor a file path", "e.g. " + example);
                }
            }
        }
        var portNode = c.value("port");
        if (portNode != null && !(portNode instanceof ScalarNode)) {
            ctx.error(portNode, "wrong-type", "'" + c.at("port") + "' must be the name of a port of the WSDL, not " + Obj.describe(portNode), "e.g. port: SalesOrderPort");
        }
        var formNode = c.value("elementFormDefault");
        var form = options.get("elementFormDefault");
        if (formNode != null && form != null && !List.of("qualified", "unqualified").contains(form)) {
            ctx.error(formNode, "bad-value", "'" + c.at("elementFormDefault") + "' is '" + form + "', which is not one of: qualified, unqualified",
                    "leave it out to follow the WSDL's schema");
        }
    }

    /** Why {@code url} is not an absolute http(s) URL with a host, if it is not. */
    static Optional<String> httpUrlProblem(String url) {
        try {
            var uri = new URI(url);
            if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
                return Optional.of("which is not an http(s) URL");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("which is not a URL: " + e.getMessage());
        }
    }

    private static SystemDef.Tls tls(Ctx ctx, Obj t) {
        t.allow("verifyHostname", "insecure", "trustStore", "trustStorePassword", "keyStore", "keyStorePassword");
        var verify = t.bool("verifyHostname");
        var insecure = t.bool("insecure");
        var trustStore = Optional.ofNullable(t.text("trustStore"));
        if (Boolean.TRUE.equals(insecure) && trustStore.isPresent()) {
            ctx.error(t.value("insecure"), "bad-value", "'" + t.at("insecure") + "' trusts every certificate, so it cannot be combined with 'trustStore'",
                    "remove insecure: true (a trust store is the safe way to reach a server with a private CA)");
        }
        return new SystemDef.Tls(verify == null || verify, insecure != null && insecure, trustStore,
                Optional.ofNullable(t.secret("trustStorePassword", false)), Optional.ofNullable(t.text("keyStore")),
                Optional.ofNullable(t.secret("keyStorePassword", false)));
    }

    /** {@code connection.headers}: literal values; a secret there would leak into logs and the model, so it belongs in auth. */
    private static Map<String, String> headers(Ctx ctx, Obj c) {
        var h = c.obj("headers", false, null);
        var out = new LinkedHashMap<String, String>();
        if (h == null) return out;
        for (var t : h.tuples()) {
            var name = Obj.keyText(t);
            if (!HEADER_NAME.matcher(name).matches()) {
                ctx.error(t.getKeyNode(), "bad-name", "'" + name + "' in '" + h.path + "' is not a header name",
                        "header names use letters, digits and - (e.g. X-Tenant)");
                continue;
            }
            if (CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                ctx.error(t.getKeyNode(), "bad-value", "header '" + name + "' in '" + h.path + "' is set by the HTTP client and cannot be given",
                        "remove it");
                continue;
            }
            var s = h.scalar(name, false, null);
            if (s == null) continue;
            if (SECRET_PLACEHOLDER.matcher(s.getValue()).find()) {
                ctx.error(s, "bad-value", "'" + h.at(name) + "' holds a secret reference; headers here are sent and shown as written",
                        "put credentials in 'auth' (type api-key sends a key in any header)");
                continue;
            }
            var v = h.resolve(s);
            if (v == null) continue;
            if (v.chars().anyMatch(ch -> ch == '\r' || ch == '\n' || ch == 0)) {
                ctx.error(s, "bad-value", "'" + h.at(name) + "' contains a line break", "a header value is one line");
                continue;
            }
            out.putIfAbsent(name, v);
        }
        return out;
    }

    private static Object secretOption(Ctx ctx, Obj c, String key) {
        var s = c.secret(key, false);
        return s;
    }

    /** A free-form value as JSON-like Java values, with placeholders resolved in text. */
    static Object resolved(Ctx ctx, Node node) {
        if (node instanceof ScalarNode s) {
            if (s.getTag().equals(Tag.STR)) return ctx.run.placeholders.resolve(ctx, s);
            return Obj.scalarValue(s);
        }
        if (node instanceof SequenceNode seq) {
            var out = new java.util.ArrayList<Object>();
            for (var item : seq.getValue()) out.add(resolved(ctx, item));
            return out;
        }
        var out = new LinkedHashMap<String, Object>();
        for (var t : ((MappingNode) node).getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) out.putIfAbsent(k.getValue(), resolved(ctx, t.getValueNode()));
        }
        return out;
    }

    private static SystemDef.Limits limits(Obj l) {
        l.allow("ratePerSecond", "concurrency", "timeout", "connectTimeout", "maxResponseSize", "circuitBreaker");
        var d = SystemDef.Limits.DEFAULT;
        var rate = l.number("ratePerSecond", false, 0, "ratePerSecond: 10");
        if (rate != null && rate.isInfinite()) {
            l.ctx.error(l.value("ratePerSecond"), "bad-value", "'" + l.at("ratePerSecond") + "' must be a finite number", "0 means no limit");
            rate = null;
        }
        var concurrency = l.integer("concurrency", false, 1, 10_000, "concurrency: 8");
        var timeout = positive(l, "timeout", "timeout: 30s");
        var connect = positive(l, "connectTimeout", "connectTimeout: 5s");
        var maxResponse = l.size("maxResponseSize");
        if (maxResponse != null && maxResponse == 0) {
            l.ctx.error(l.value("maxResponseSize"), "bad-size", "'" + l.at("maxResponseSize") + "' must be more than zero", Units.SIZE_HINT);
            maxResponse = null;
        }
        var cbObj = l.obj("circuitBreaker", false, null);
        return new SystemDef.Limits(rate == null ? d.ratePerSecond() : rate, concurrency == null ? d.concurrency() : concurrency,
                timeout == null ? d.timeout() : timeout, connect == null ? d.connectTimeout() : connect,
                maxResponse == null ? d.maxResponseSize() : maxResponse, cbObj == null ? d.circuitBreaker() : circuitBreaker(cbObj));
    }

    private static SystemDef.CircuitBreaker circuitBreaker(Obj b) {
        b.allow("enabled", "failureRate", "window", "minimumCalls", "openFor", "halfOpenCalls");
        var d = SystemDef.CircuitBreaker.DEFAULT;
        var enabled = b.bool("enabled");
        var failureRate = percent(b, "failureRate");
        var window = b.integer("window", false, 1, 100_000, "window: 20");
        var minimumCalls = b.integer("minimumCalls", false, 1, 100_000, "minimumCalls: 10");
        var openFor = positive(b, "openFor", "openFor: 10s");
        var halfOpen = b.integer("halfOpenCalls", false, 1, 100_000, "halfOpenCalls: 3");
        return new SystemDef.CircuitBreaker(enabled == null ? d.enabled() : enabled, failureRate == null ? d.failureRate() : failureRate,
                window == null ? d.window() : window, minimumCalls == null ? d.minimumCalls() : minimumCalls,
                openFor == null ? d.openFor() : openFor, halfOpen == null ? d.halfOpenCalls() : halfOpen);
    }

    /** A whole percentage from 1 to 100, written {@code 50} or {@code 50%}. */
    private static Integer percent(Obj o, String key) {
        var s = o.scalar(key, false, key + ": 50");
        if (s == null) return null;
        var v = o.resolve(s);
        if (v == null) return null;
        var t = v.strip();
        if (t.endsWith("%")) t = t.substring(0, t.length() - 1).strip();
        int n;
        try {
            n = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            o.ctx.error(s, "wrong-type", "'" + o.at(key) + "' must be a whole percentage, not '" + v + "'", "e.g. " + key + ": 50");
            return null;
        }
        if (n < 1 || n > 100) {
            o.ctx.error(s, "bad-value", "'" + o.at(key) + "' is " + n + ", outside 1..100", "a percentage of failed calls, e.g. 50");
            return null;
        }
        return n;
    }

    /** A duration that must be longer than zero. */
    private static java.time.Duration positive(Obj o, String key, String example) {
        var d = o.duration(key, false, example);
        if (d != null && (d.isZero() || d.isNegative())) {
            o.ctx.error(o.value(key), "bad-duration", "'" + o.at(key) + "' must be longer than zero", Units.DURATION_HINT);
            return null;
        }
        return d;
    }

    private static SystemDef.Operation operation(Ctx ctx, Obj op, String name, SystemDef.Connector connector) {
        op.allow("description", "method", "path", "query", "headers", "request", "response", "idempotencyHeader", "pagination", "options");
        boolean http = connector == SystemDef.Connector.HTTP;
        Optional<String> method = Optional.empty();
        var methodNode = op.scalar("method", http, "method: POST");
        if (methodNode != null) {
            var m = methodNode.getValue().strip().toUpperCase(Locale.ROOT);
            if (!METHODS.contains(m)) {
                ctx.error(methodNode, "bad-value", "'" + op.at("method") + "' is '" + methodNode.getValue() + "', which is not one of: " + String.join(", ", METHODS),
                        Names.suggest(m, METHODS).map(s -> "did you mean '" + s + "'?").orElse(""));
            } else {
                method = Optional.of(m);
            }
        }
        Optional<String> path = Optional.empty();
        var pathNode = op.scalar("path", http, "path: /orders/{id}");
        if (pathNode != null) {
            var p = op.resolve(pathNode);
            if (p != null) {
                if (!p.startsWith("/")) {
                    ctx.error(pathNode, "bad-value", "'" + op.at("path") + "' must start with '/'", "e.g. /orders/{id}");
                } else if (!balancedBraces(p)) {
                    ctx.error(pathNode, "bad-value", "'" + op.at("path") + "' has an unbalanced '{' or '}'", "placeholders look like {id}");
                } else if (http && (p.contains("?") || p.contains("#"))) {
                    ctx.error(pathNode, "bad-value", "'" + op.at("path") + "' has a query or fragment", "give query parameters in 'query:'");
                } else {
                    badPlaceholder(p).ifPresent(bad -> ctx.error(pathNode, "bad-value", "'" + op.at("path") + "' has the placeholder {" + bad
                            + "}, which is not a name", "placeholder names use letters, digits, '_', '.' and '-', e.g. {orderNo}"));
                }
                path = Optional.of(p);
            }
        }
        var query = expressions(ctx, op, "query");
        var headers = expressions(ctx, op, "headers");
        var request = mappingRef(ctx, op, "request");
        var response = mappingRef(ctx, op, "response");
        var idem = Optional.ofNullable(op.text("idempotencyHeader"));
        Optional<SystemDef.Pagination> pagination = Optional.empty();
        var pg = op.obj("pagination", false, null);
        if (pg != null) pagination = Optional.ofNullable(pagination(pg));
        var optionsNode = op.value("options");
        Map<String, Object> options = Map.of();
        if (optionsNode != null) {
            if (optionsNode instanceof MappingNode) {
                @SuppressWarnings("unchecked")
                var m = (Map<String, Object>) resolved(ctx, optionsNode);
                options = m;
                if (http) Obj.of(ctx, optionsNode, op.at("options")).oneOf("bodyFormat", false, List.of("json", "form"));
                if (connector == SystemDef.Connector.SOAP) soapOptions(ctx, Obj.of(ctx, optionsNode, op.at("options")), m);
            } else {
                ctx.error(optionsNode, "wrong-type", "'" + op.at("options") + "' must be a map, not " + Obj.describe(optionsNode), "");
            }
        }
        return new SystemDef.Operation(name, method, path, query, headers, request, response, idem, pagination, options);
    }

    private static final java.util.regex.Pattern ELEMENT_PATH = java.util.regex.Pattern.compile("[\\p{L}_][\\p{L}\\p{N}\\p{M}_-]*(?:\\.[\\p{L}_][\\p{L}\\p{N}\\p{M}_-]*)*");

    /** The SOAP connector's operation options: {@code operation}, {@code soapAction}, {@code idempotencyElement}. */
    private static void soapOptions(Ctx ctx, Obj o, Map<String, Object> values) {
        o.allow("operation", "soapAction", "idempotencyElement");
        for (var key : List.of("operation", "soapAction", "idempotencyElement")) {
            var node = o.value(key);
            if (node == null) continue;
            var value = values.get(key);
            if (!(node instanceof ScalarNode) || !(value == null || value instanceof String)) {
                ctx.error(node, "wrong-type", "'" + o.at(key) + "' must be a text, not " + Obj.describe(node), "");
            } else if (value instanceof String text && key.equals("soapAction") && text.chars().anyMatch(ch -> ch == '"' || ch < 0x20 || ch == 0x7f)) {
                ctx.error(node, "bad-value", "'" + o.at(key) + "' contains a quote or a control character", "e.g. soapAction: urn:createSalesOrder");
            } else if (value instanceof String text && key.equals("idempotencyElement")
                    && !ELEMENT_PATH.matcher(text.strip()).matches()) {
                ctx.error(node, "bad-value", "'" + o.at(key) + "' is '" + text + "', which is not a path of element names below the request element",
                        "e.g. idempotencyKey, or header.requestId for a nested element");
            }
        }
    }

    /** The first {@code {x}} of a path whose x is not a placeholder name, if any. */
    private static Optional<String> badPlaceholder(String path) {
        var m = BRACED.matcher(path);
        while (m.find()) {
            if (!PATH_PLACEHOLDER.matcher(m.group(1)).matches()) return Optional.of(m.group(1));
        }
        return Optional.empty();
    }

    private static boolean balancedBraces(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '{') depth++;
            else if (c == '}') depth--;
            if (depth < 0 || depth > 1) return false;
        }
        return depth == 0;
    }

    /** A map of name → JSONata expression, each syntax-checked. */
    private static Map<String, String> expressions(Ctx ctx, Obj o, String key) {
        var m = o.obj(key, false, null);
        var out = new LinkedHashMap<String, String>();
        if (m == null) return out;
        for (var t : m.tuples()) {
            var k = Obj.keyText(t);
            var v = m.expression(k, false, null);
            if (v != null) out.putIfAbsent(k, v);
        }
        return out;
    }

    static Optional<String> mappingRef(Ctx ctx, Obj o, String key) {
        var s = o.scalar(key, false, null);
        if (s == null) return Optional.empty();
        ctx.run.refMapping(ctx, s, o.at(key));
        return Optional.of(s.getValue());
    }

    private static SystemDef.Pagination pagination(Obj p) {
        p.allow("type", "items", "next", "param", "sizeParam", "size", "start", "maxPages");
        var type = p.oneOf("type", true, List.of("cursor", "page", "offset", "link"));
        var items = Optional.ofNullable(p.expression("items", false, null));
        var next = Optional.ofNullable(p.expression("next", "cursor".equals(type), "next: nextCursor"));
        var param = p.text("param");
        var sizeParam = p.text("sizeParam");
        var size = p.integer("size", false, 1, 100_000, "size: 100");
        var start = p.integer("start", false, 0, Integer.MAX_VALUE, "start: 1");
        var maxPages = p.integer("maxPages", false, 1, 1_000_000, "maxPages: 100");
        if (type == null) return null;
        var t = SystemDef.Pagination.Type.valueOf(type.toUpperCase(Locale.ROOT));
        var defaultParam = switch (t) {
            case CURSOR -> "cursor";
            case PAGE -> "page";
            case OFFSET -> "offset";
            case LINK -> "";
        };
        var defaultSizeParam = switch (t) {
            case PAGE -> "size";
            case OFFSET -> "limit";
            default -> null;
        };
        return new SystemDef.Pagination(t, items, next, param == null ? defaultParam : param,
                Optional.ofNullable(sizeParam == null ? defaultSizeParam : sizeParam), size == null ? SystemDef.Pagination.DEFAULT_SIZE : size,
                start == null ? (t == SystemDef.Pagination.Type.PAGE ? 1 : 0) : start,
                maxPages == null ? SystemDef.Pagination.DEFAULT_MAX_PAGES : maxPages);
    }

    private static SystemDef.Event event(Ctx ctx, Obj e, String name, String systemName, Index.SystemInfo info) {
        e.allow("description", "key", "version", "webhook", "poll", "schedule", "consume");
        var key = e.expression("key", true, "key: id");
        var version = Optional.ofNullable(e.expression("version", false, null));
        var sources = List.of("webhook", "poll", "schedule", "consume").stream().filter(e::has).toList();
        if (sources.isEmpty()) {
            ctx.error(e.node, "missing-field", "event '" + name + "' needs one of: webhook, poll, schedule, consume",
                    "e.g. webhook: {signature: {secret: ${secret:crm-webhook}, header: X-Signature}}");
            return new SystemDef.Event(name, key, version, null);
        }
        if (sources.size() > 1) {
            ctx.error(e.keyNode(sources.get(1)), "bad-value", "event '" + name + "' has both '" + sources.get(0) + "' and '" + sources.get(1) + "'",
                    "an event comes from exactly one source");
        }
        SystemDef.EventSource source = switch (sources.get(0)) {
            case "webhook" -> {
                var w = e.obj("webhook", false, null);
                yield w == null ? null : webhook(ctx, w);
            }
            case "poll" -> {
                var p = e.obj("poll", false, null);
                yield p == null ? null : poll(ctx, p, systemName, info);
            }
            case "schedule" -> {
                var s = e.obj("schedule", false, null);
                yield s == null ? null : schedule(ctx, s, true);
            }
            default -> {
                var c = e.value("consume");
                if (!(c instanceof MappingNode)) {
                    ctx.error(c, "wrong-type", "'" + e.at("consume") + "' must be a map of connector options", "e.g. consume: {pattern: '*.csv'}");
                    yield null;
                }
                @SuppressWarnings("unchecked")
                var options = (Map<String, Object>) resolved(ctx, c);
                yield new SystemDef.Consume(options);
            }
        };
        return new SystemDef.Event(name, key, version, source);
    }

    private static SystemDef.Webhook webhook(Ctx ctx, Obj w) {
        w.allow("signature", "token", "maxBodySize");
        var max = w.size("maxBodySize");
        Optional<SystemDef.Signature> signature = Optional.empty();
        var s = w.obj("signature", false, null);
        if (s != null) {
            s.allow("type", "secret", "header", "timestampHeader", "canonical", "tolerance", "encoding", "prefix");
            var type = s.oneOf("type", false, List.of("hmac-sha256"));
            var secret = s.secret("secret", true);
            var header = s.text("header", true, "header: X-Signature");
            var tsHeader = Optional.ofNullable(s.text("timestampHeader"));
            var canonical = s.text("canonical");
            var tolerance = s.duration("tolerance", false, "tolerance: 300s");
            var encoding = s.oneOf("encoding", false, List.of("hex", "base64"));
            signature = Optional.of(new SystemDef.Signature(type == null ? "hmac-sha256" : type, secret, header, tsHeader,
                    canonical != null ? canonical : tsHeader.isPresent() ? "{timestamp}.{body}" : "{body}",
                    tolerance == null ? Duration.ofSeconds(300) : tolerance,
                    "base64".equals(encoding) ? SystemDef.Encoding.BASE64 : SystemDef.Encoding.HEX, Optional.ofNullable(s.text("prefix"))));
        }
        Optional<SystemDef.TokenCheck> token = Optional.empty();
        var t = w.obj("token", false, null);
        if (t != null) {
            t.allow("header", "value");
            token = Optional.of(new SystemDef.TokenCheck(t.text("header", true, "header: X-Token"), t.secret("value", true)));
        }
        if (s != null && t != null) {
            ctx.error(w.keyNode("token"), "bad-value", "a webhook is verified by a signature or a token, not both", "remove one");
        }
        return new SystemDef.Webhook(signature, token, max == null ? SystemDef.Webhook.DEFAULT_MAX_BODY : max);
    }

    /** {@code poll: {operation, every | cron, watermark}} of the system {@code systemName}. */
    static Poll poll(Ctx ctx, Obj p, String systemName, Index.SystemInfo info) {
        p.allow("operation", "every", "cron", "watermark");
        var opNode = p.scalar("operation", true, "operation: listChangedAccounts");
        String operation = null;
        if (opNode != null) {
            operation = opNode.getValue();
            if (info != null && info.readable && !info.operations.containsKey(operation)) {
                ctx.error(opNode, "unknown-operation", "'" + p.at("operation") + "': system '" + systemName + "' has no operation '" + operation + "'",
                        Names.didYouMean(operation, info.operations.keySet()));
            }
        }
        var schedule = schedule(ctx, p, false);
        Optional<Poll.Watermark> watermark = Optional.empty();
        var w = p.obj("watermark", false, null);
        if (w != null) {
            w.allow("field", "param", "initial");
            watermark = Optional.of(new Poll.Watermark(w.expression("field", true, "field: updatedAt"),
                    w.text("param", true, "param: updatedSince"), Optional.ofNullable(w.text("initial"))));
        }
        return new Poll(systemName, operation, schedule, watermark);
    }

    /** {@code every} or {@code cron} in {@code o}; {@code only} restricts the map to those two keys. */
    static Schedule schedule(Ctx ctx, Obj o, boolean only) {
        if (only) o.allow("every", "cron");
        var every = o.duration("every", false, null);
        var cron = o.cron("cron");
        if (!o.has("every") && !o.has("cron")) {
            ctx.error(o.node, "missing-field", "'" + (o.path.isEmpty() ? "schedule" : o.path) + "' needs 'every' (e.g. 30s) or 'cron'", "e.g. every: 5m");
        } else if (o.has("every") && o.has("cron")) {
            ctx.error(o.keyNode("cron"), "bad-value", "'" + o.path + "' has both 'every' and 'cron'", "keep one");
        }
        if (every != null && every.isZero()) {
            ctx.error(o.value("every"), "bad-duration", "'" + o.at("every") + "' must be longer than zero", Units.DURATION_HINT);
        }
        return new Schedule(Optional.ofNullable(every), Optional.ofNullable(cron));
    }
}
