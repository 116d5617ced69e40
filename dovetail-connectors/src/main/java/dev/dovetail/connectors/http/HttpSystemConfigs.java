package dev.dovetail.connectors.http;

import static java.util.Objects.requireNonNull;

import dev.dovetail.model.Secret;
import dev.dovetail.model.SystemDef;
import dev.dovetail.model.Workspace;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the systems of a loaded workspace ({@link SystemDef}s with {@code connector: http}) into the connector's
 * {@link HttpSystemConfig}. Secrets are revealed here, at conversion time: the result holds their values (its
 * {@code toString()} masks them), so convert again when the workspace or a secret changes.
 *
 * <p>Only what the connector itself uses is carried over: connection (base URL, headers, TLS), auth, limits and
 * per operation the method, path, idempotency header, pagination and {@code options.bodyFormat}. An operation's
 * {@code query}, {@code headers}, {@code request} and {@code response} are the runtime's: it evaluates them and
 * passes the values in each call.
 *
 * <p>The loader checks everything the connector would refuse, so a system of a workspace that loaded without
 * errors always converts.
 */
public final class HttpSystemConfigs {

    private HttpSystemConfigs() {}

    /**
     * The connector configuration of one system.
     *
     * @param system an {@code http} system of a loaded workspace
     * @param workspaceRoot the workspace folder; relative TLS trust and key store paths are resolved against it
     * @throws IllegalArgumentException when the system does not use the http connector, or a value is outside
     *     what the connector accepts (possible only for a {@code SystemDef} that was not loaded by the loader)
     */
    public static HttpSystemConfig from(SystemDef system, Path workspaceRoot) {
        requireNonNull(system, "system");
        requireNonNull(workspaceRoot, "workspaceRoot");
        if (system.connector() != SystemDef.Connector.HTTP) {
            throw new IllegalArgumentException("system " + system.name() + " uses the "
                    + (system.connector() == null ? "(unknown)" : system.connector().id()) + " connector, not http");
        }
        var connection = system.connection();
        var baseUrl = connection.baseUrl()
                .orElseThrow(() -> new IllegalArgumentException("system " + system.name() + " has no connection.baseUrl"));
        var operations = new LinkedHashMap<String, HttpOperationConfig>();
        system.operations().forEach((name, operation) -> operations.put(name, operation(system.name(), operation)));
        return new HttpSystemConfig(system.name(), URI.create(baseUrl), connection.headers(), auth(system.auth()),
                limits(system.limits()), tls(connection.tls(), workspaceRoot), operations);
    }

    /** The configuration of every {@code http} system of the workspace, by name, in the workspace's order. */
    public static Map<String, HttpSystemConfig> from(Workspace workspace) {
        var configs = new LinkedHashMap<String, HttpSystemConfig>();
        workspace.systems().forEach((name, system) -> {
            if (system.connector() == SystemDef.Connector.HTTP) {
                configs.put(name, from(system, workspace.root()));
            }
        });
        return Collections.unmodifiableMap(configs);
    }

    /** A system's {@code auth} as the HTTP transport uses it (also for {@code soap} systems); reveals its secrets. */
    public static HttpAuth auth(SystemDef.Auth auth) {
        return switch (auth) {
            case SystemDef.Auth.None none -> HttpAuth.none();
            case SystemDef.Auth.Basic basic -> new HttpAuth.Basic(basic.username(), basic.password().reveal());
            case SystemDef.Auth.Bearer bearer -> new HttpAuth.Bearer(bearer.token().reveal());
            case SystemDef.Auth.ApiKey apiKey -> new HttpAuth.ApiKey(apiKey.name(), apiKey.key().reveal(), switch (apiKey.in()) {
                case HEADER -> HttpAuth.KeyPlacement.HEADER;
                case QUERY -> HttpAuth.KeyPlacement.QUERY;
            });
            case SystemDef.Auth.OAuth2ClientCredentials oauth2 -> new HttpAuth.OAuth2ClientCredentials(
                    URI.create(oauth2.tokenUrl()), oauth2.clientId(), oauth2.clientSecret().reveal(),
                    oauth2.scope().orElse(null), oauth2.audience().orElse(null), switch (oauth2.clientAuthentication()) {
                        case BASIC -> HttpAuth.ClientAuthentication.BASIC;
                        case BODY -> HttpAuth.ClientAuthentication.BODY;
                    }, oauth2.refreshBefore());
            case SystemDef.Auth.Hmac hmac -> new HttpAuth.Hmac(hmac.accessKey().orElse(null), hmac.secret().reveal(),
                    hmac.canonical(), hmac.algorithm(), switch (hmac.encoding()) {
                        case HEX -> HttpAuth.SignatureEncoding.HEX;
                        case BASE64 -> HttpAuth.SignatureEncoding.BASE64;
                    }, hmac.header(), hmac.prefix(), hmac.timestampHeader(), hmac.nonceHeader().orElse(null),
                    // the model names a default header even without an access key; there is nothing to send then
                    hmac.accessKey().isPresent() ? hmac.accessKeyHeader() : null, switch (hmac.timestampFormat()) {
                        case MILLIS -> HttpAuth.TimestampFormat.MILLIS;
                        case SECONDS -> HttpAuth.TimestampFormat.SECONDS;
                        case ISO -> HttpAuth.TimestampFormat.ISO;
                    });
        };
    }

    /** A system's {@code limits} as the HTTP transport uses them (also for {@code soap} systems). */
    public static HttpLimits limits(SystemDef.Limits limits) {
        var breaker = limits.circuitBreaker();
        return new HttpLimits(limits.ratePerSecond(), limits.concurrency(), limits.timeout(), limits.connectTimeout(),
                limits.maxResponseSize(), new CircuitBreakerSettings(breaker.enabled(), breaker.failureRate(),
                        breaker.minimumCalls(), breaker.window(), breaker.openFor(), breaker.halfOpenCalls()));
    }

    /**
     * A system's {@code connection.tls} as the HTTP transport uses it (also for {@code soap} systems); relative store
     * paths are resolved against the workspace folder, store passwords revealed.
     */
    public static HttpTls tls(Optional<SystemDef.Tls> tls, Path workspaceRoot) {
        return tls.map(t -> new HttpTls(
                        t.trustStore().map(workspaceRoot::resolve).orElse(null),
                        t.trustStorePassword().map(Secret::reveal).orElse(null),
                        t.keyStore().map(workspaceRoot::resolve).orElse(null),
                        t.keyStorePassword().map(Secret::reveal).orElse(null),
                        t.verifyHostname() && !t.insecure(),
                        t.insecure()))
                .orElse(HttpTls.systemDefault());
    }

    static HttpOperationConfig operation(String system, SystemDef.Operation operation) {
        var where = "system " + system + ", operation " + operation.name();
        var method = operation.method().orElseThrow(() -> new IllegalArgumentException(where + ": no method"));
        var path = operation.path().orElseThrow(() -> new IllegalArgumentException(where + ": no path"));
        return new HttpOperationConfig(method, path, operation.idempotencyHeader().orElse(null),
                bodyFormat(where, operation.options().get("bodyFormat")), operation.pagination().map(HttpSystemConfigs::pagination).orElse(null));
    }

    private static HttpOperationConfig.BodyFormat bodyFormat(String where, Object option) {
        if (option == null || "json".equals(option)) {
            return HttpOperationConfig.BodyFormat.JSON;
        }
        if ("form".equals(option)) {
            return HttpOperationConfig.BodyFormat.FORM;
        }
        throw new IllegalArgumentException(where + ": options.bodyFormat '" + option + "' is not json or form");
    }

    static HttpPagination pagination(SystemDef.Pagination p) {
        var items = p.items().orElse(null);
        return switch (p.type()) {
            case CURSOR -> new HttpPagination.Cursor(p.param(), p.next().orElse(null), items, p.sizeParam().orElse(null), p.size(),
                    p.maxPages());
            case PAGE -> new HttpPagination.PageNumber(p.param(), p.sizeParam().orElse(null), p.size(), p.start(),
                    p.next().orElse(null), items, p.maxPages());
            case OFFSET -> new HttpPagination.Offset(p.param(), p.sizeParam().orElse(null), p.size(), p.start(),
                    p.next().orElse(null), items, p.maxPages());
            case LINK -> new HttpPagination.Link(items, p.maxPages());
        };
    }
}
