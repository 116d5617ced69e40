package dev.dovetail.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code auth:} of a system file: one of the {@link SystemDef.Auth} kinds, with the defaults the HTTP connector uses. */
final class AuthReader {
    static final List<String> TYPES = List.of("none", "basic", "bearer", "api-key", "oauth2-client-credentials", "hmac");
    private static final Pattern CANONICAL_PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9]+)}");

    private AuthReader() {}

    static SystemDef.Auth read(Obj a) {
        var type = a.oneOf("type", true, TYPES);
        if (type == null) return null;
        return switch (type) {
            case "none" -> {
                a.allow("type");
                yield new SystemDef.Auth.None();
            }
            case "basic" -> {
                a.allow("type", "username", "password");
                var username = a.text("username", true, "username: dovetail");
                if (username != null && username.contains(":")) {
                    a.ctx.error(a.value("username"), "bad-value", "'" + a.at("username") + "' contains ':', which HTTP basic authentication cannot carry",
                            "use the user name without ':'");
                }
                yield new SystemDef.Auth.Basic(username, a.secret("password", true));
            }
            case "bearer" -> {
                a.allow("type", "token");
                yield new SystemDef.Auth.Bearer(a.secret("token", true));
            }
            case "api-key" -> {
                a.allow("type", "in", "name", "key");
                var in = a.oneOf("in", false, List.of("header", "query"));
                var keyName = a.text("name", false, null);
                yield new SystemDef.Auth.ApiKey("query".equals(in) ? SystemDef.Auth.Placement.QUERY : SystemDef.Auth.Placement.HEADER,
                        keyName == null ? "X-API-Key" : keyName, a.secret("key", true));
            }
            case "oauth2-client-credentials" -> oauth2(a);
            default -> hmac(a);
        };
    }

    private static SystemDef.Auth oauth2(Obj a) {
        a.allow("type", "tokenUrl", "clientId", "clientSecret", "scope", "audience", "clientAuthentication", "refreshBefore");
        var tokenUrlNode = a.scalar("tokenUrl", true, "tokenUrl: https://crm.example.com/oauth/token");
        var resolvedUrl = tokenUrlNode == null ? null : a.resolve(tokenUrlNode);
        var tokenUrl = resolvedUrl == null ? null : resolvedUrl.strip();
        if (tokenUrl != null) {
            SystemReader.httpUrlProblem(tokenUrl).ifPresent(p -> a.ctx.error(tokenUrlNode, "bad-value", "'" + a.at("tokenUrl") + "' is '"
                    + tokenUrl + "', " + p, "e.g. https://crm.example.com/oauth/token"));
        }
        var clientAuth = a.oneOf("clientAuthentication", false, List.of("basic", "body"));
        var refreshBefore = a.duration("refreshBefore", false, "refreshBefore: 30s");
        if (refreshBefore != null && refreshBefore.isNegative()) {
            a.ctx.error(a.value("refreshBefore"), "bad-duration", "'" + a.at("refreshBefore") + "' must not be negative", "e.g. refreshBefore: 30s");
            refreshBefore = null;
        }
        return new SystemDef.Auth.OAuth2ClientCredentials(tokenUrl, a.text("clientId", true, "clientId: dovetail"),
                a.secret("clientSecret", true), Optional.ofNullable(a.text("scope")), Optional.ofNullable(a.text("audience")),
                "body".equals(clientAuth) ? SystemDef.Auth.ClientAuthentication.BODY : SystemDef.Auth.ClientAuthentication.BASIC,
                refreshBefore == null ? SystemDef.Auth.OAuth2ClientCredentials.DEFAULT_REFRESH_BEFORE : refreshBefore);
    }

    private static SystemDef.Auth hmac(Obj a) {
        a.allow("type", "accessKey", "accessKeyHeader", "secret", "algorithm", "header", "prefix", "timestampHeader", "timestampFormat",
                "nonceHeader", "canonical", "encoding");
        var accessKey = Optional.ofNullable(a.text("accessKey"));
        var keyHeader = a.text("accessKeyHeader");
        if (keyHeader != null && accessKey.isEmpty()) {
            a.ctx.error(a.value("accessKeyHeader"), "missing-field", "'" + a.at("accessKeyHeader") + "' is set but there is no 'accessKey' to send in it",
                    "add accessKey, or remove accessKeyHeader");
        }
        var secret = a.secret("secret", true);
        var algorithm = a.oneOf("algorithm", false, List.of("hmac-sha256", "hmac-sha1", "hmac-sha512"));
        var encoding = a.oneOf("encoding", false, List.of("hex", "base64"));
        var header = a.text("header");
        var prefix = a.text("prefix");
        var tsHeader = a.text("timestampHeader");
        var tsFormat = a.oneOf("timestampFormat", false, List.of("millis", "seconds", "iso"));
        var canonicalNode = a.scalar("canonical", false, null);
        var canonical = canonicalNode == null ? null : a.resolve(canonicalNode);
        if (canonical != null) checkCanonical(a, canonicalNode, canonical);
        var effectiveCanonical = canonical == null ? SystemDef.Auth.Hmac.DEFAULT_CANONICAL : canonical;
        var nonceHeader = Optional.ofNullable(a.text("nonceHeader"))
                .or(() -> effectiveCanonical.contains("{nonce}") ? Optional.of("X-Nonce") : Optional.empty());
        return new SystemDef.Auth.Hmac(accessKey, keyHeader == null ? "X-Access-Key" : keyHeader, secret,
                algorithm == null ? "hmac-sha256" : algorithm, header == null ? "X-Signature" : header,
                tsHeader == null ? "X-Timestamp" : tsHeader, nonceHeader, effectiveCanonical,
                "base64".equals(encoding) ? SystemDef.Encoding.BASE64 : SystemDef.Encoding.HEX, prefix == null ? "" : prefix,
                tsFormat == null ? SystemDef.Auth.TimestampFormat.MILLIS : SystemDef.Auth.TimestampFormat.valueOf(tsFormat.toUpperCase(Locale.ROOT)));
    }

    /** Every {@code {name}} in the canonical string must be one the signer fills. */
    private static void checkCanonical(Obj a, org.yaml.snakeyaml.nodes.ScalarNode node, String canonical) {
        var known = SystemDef.Auth.Hmac.CANONICAL_PLACEHOLDERS;
        var m = CANONICAL_PLACEHOLDER.matcher(canonical);
        while (m.find()) {
            var name = m.group(1);
            if (!known.contains(name)) {
                a.ctx.error(node, "bad-value", "'" + a.at("canonical") + "' uses {" + name + "}, which the signer does not fill",
                        Names.suggest(name, known).map(s -> "did you mean '{" + s + "}'? ").orElse("")
                                + "known: " + String.join(", ", known.stream().map(k -> "{" + k + "}").toList()));
            }
        }
    }
}
