package dev.dovetail.connectors.http;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How requests to a system are authenticated. Secret-bearing values arrive resolved (from
 * {@code ${secret:…}} references); {@code toString} never shows them.
 */
public sealed interface HttpAuth {

    static HttpAuth none() {
        return None.INSTANCE;
    }

    /** No authentication. */
    enum None implements HttpAuth {
        INSTANCE
    }

    /** HTTP Basic: {@code Authorization: Basic base64(username:password)}. */
    record Basic(String username, String password) implements HttpAuth {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.contains(":")) {
                throw new IllegalArgumentException("a Basic auth username cannot contain ':'");
            }
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=****]";
        }
    }

    /** A fixed bearer token: {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements HttpAuth {
        public Bearer {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "Bearer[token=****]";
        }
    }

    /** Where an API key goes. */
    enum KeyPlacement {
        HEADER,
        QUERY
    }

    /**
     * An API key in a header or a query parameter.
     *
     * @param name the header or query parameter name (default {@code X-API-Key}), e.g. {@code api_key}
     * @param key the key
     * @param in where it goes
     */
    record ApiKey(String name, String key, KeyPlacement in) implements HttpAuth {
        public ApiKey {
            name = name == null ? "X-API-Key" : name;
            Objects.requireNonNull(key, "key");
            in = in == null ? KeyPlacement.HEADER : in;
        }

        @Override
        public String toString() {
            return "ApiKey[name=" + name + ", key=****, in=" + in + "]";
        }
    }

    /** How the OAuth2 client authenticates at the token endpoint. */
    enum ClientAuthentication {
        /** {@code Authorization: Basic base64(clientId:clientSecret)} (RFC 6749 §2.3.1, the default) */
        BASIC,
        /** {@code client_id} and {@code client_secret} in the form body */
        BODY
    }

    /**
     * OAuth2 client credentials (RFC 6749 §4.4). The token is fetched with a form POST to
     * {@code tokenUrl}, cached and shared by all callers, fetched again {@code refreshBefore} its
     * expiry, and fetched again once when the system answers 401, after which the request is sent once more.
     *
     * @param tokenUrl the token endpoint
     * @param clientId the client id
     * @param clientSecret the client secret
     * @param scope space-separated scopes, or {@code null}
     * @param audience an {@code audience} form parameter some servers need, or {@code null}
     * @param clientAuthentication how the client authenticates
     * @param refreshBefore how long before its expiry a token is replaced
     */
    record OAuth2ClientCredentials(
            URI tokenUrl,
            String clientId,
            String clientSecret,
            String scope,
            String audience,
            ClientAuthentication clientAuthentication,
            Duration refreshBefore) implements HttpAuth {
        public OAuth2ClientCredentials {
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            var scheme = tokenUrl.getScheme() == null ? "" : tokenUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("tokenUrl must be an http or https URL, got " + tokenUrl);
            }
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            clientAuthentication = clientAuthentication == null ? ClientAuthentication.BASIC : clientAuthentication;
            refreshBefore = refreshBefore == null ? Duration.ofSeconds(30) : refreshBefore;
            if (refreshBefore.isNegative()) {
                throw new IllegalArgumentException("refreshBefore must not be negative");
            }
        }

        public static OAuth2ClientCredentials of(URI tokenUrl, String clientId, String clientSecret) {
            return new OAuth2ClientCredentials(tokenUrl, clientId, clientSecret, null, null, null, null);
        }

        @Override
        public String toString() {
            return "OAuth2ClientCredentials[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret=****, scope="
                    + scope + "]";
        }
    }

    /** How a signature is written. */
    enum SignatureEncoding {
        HEX,
        BASE64
    }

    /** How the request timestamp is written. */
    enum TimestampFormat {
        /** milliseconds since the epoch, e.g. {@code 1735689600000} */
        MILLIS,
        /** seconds since the epoch, e.g. {@code 1735689600} */
        SECONDS,
        /** ISO-8601 in UTC, e.g. {@code 2025-01-01T00:00:00Z} */
        ISO
    }

    /**
     * HMAC request signing, as many Chinese open APIs require. A canonical string is built from
     * {@code canonical} by replacing its placeholders, signed with {@code secret}, and sent in
     * {@code header} with the timestamp, the nonce and the access key in their headers.
     *
     * <p>Placeholders: {@code {method}}; {@code {path}} (as sent, percent-encoded); {@code {query}}
     * (as sent); {@code {sortedQuery}} (parameters sorted by name, then value); {@code {pathAndQuery}};
     * {@code {host}}; {@code {timestamp}}; {@code {nonce}}; {@code {body}} (the exact body text);
     * {@code {bodySha256}} (hex); {@code {contentMd5}} (base64 of the body's MD5);
     * {@code {contentType}}; {@code {accessKey}}.
     *
     * @param accessKey the public key id, or {@code null}
     * @param secret the signing secret
     * @param canonical the canonical string template
     * @param algorithm {@code hmac-sha256} (default), {@code hmac-sha1} or {@code hmac-sha512} (JCA names such as
     *     {@code HmacSHA256} work too)
     * @param encoding hex (lower case) or base64
     * @param header the header carrying the signature
     * @param prefix text put before the signature in its header (e.g. {@code HMAC-SHA256 }), or empty
     * @param timestampHeader the header carrying the timestamp, or {@code null} to not send it
     * @param nonceHeader the header carrying the nonce, or {@code null} to not send it; defaults to
     *     {@code X-Nonce} when the template uses {@code {nonce}}
     * @param accessKeyHeader the header carrying the access key, or {@code null} to not send it
     * @param timestampFormat how the timestamp is written
     */
    record Hmac(
            String accessKey,
            String secret,
            String canonical,
            String algorithm,
            SignatureEncoding encoding,
            String header,
            String prefix,
            String timestampHeader,
            String nonceHeader,
            String accessKeyHeader,
            TimestampFormat timestampFormat) implements HttpAuth {

        /** Placeholders a canonical string template may use. */
        public static final Set<String> PLACEHOLDERS = Set.of("method", "path", "query", "sortedQuery", "pathAndQuery",
                "host", "timestamp", "nonce", "body", "bodySha256", "contentMd5", "contentType", "accessKey");

        /** {@code {method}\n{path}\n{timestamp}\n{body}}, as the workspace format documents. */
        public static final String DEFAULT_CANONICAL = "{method}\n{path}\n{timestamp}\n{body}";

        static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9]+)}");

        public Hmac {
            Objects.requireNonNull(secret, "secret");
            canonical = canonical == null ? DEFAULT_CANONICAL : canonical;
            var matcher = PLACEHOLDER.matcher(canonical);
            var usesNonce = false;
            while (matcher.find()) {
                if (!PLACEHOLDERS.contains(matcher.group(1))) {
                    throw new IllegalArgumentException("unknown placeholder {" + matcher.group(1)
                            + "} in the canonical string; known: " + new java.util.TreeSet<>(PLACEHOLDERS));
                }
                usesNonce |= matcher.group(1).equals("nonce");
            }
            algorithm = jcaName(algorithm == null ? "hmac-sha256" : algorithm);
            try {
                javax.crypto.Mac.getInstance(algorithm);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalArgumentException("unknown MAC algorithm " + algorithm, e);
            }
            encoding = encoding == null ? SignatureEncoding.HEX : encoding;
            header = header == null ? "X-Signature" : header;
            prefix = prefix == null ? "" : prefix;
            nonceHeader = nonceHeader == null && usesNonce ? "X-Nonce" : nonceHeader;
            timestampFormat = timestampFormat == null ? TimestampFormat.MILLIS : timestampFormat;
            if (accessKeyHeader != null && accessKey == null) {
                throw new IllegalArgumentException("accessKeyHeader is set but accessKey is missing");
            }
        }

        /**
         * Signing with the {@link #DEFAULT_CANONICAL} string, HmacSHA256 in hex, and the headers
         * {@code X-Signature}, {@code X-Timestamp} and (with an access key) {@code X-Access-Key}.
         */
        public static Hmac of(String accessKey, String secret) {
            return new Hmac(accessKey, secret, null, null, null, null, null, "X-Timestamp", null,
                    accessKey == null ? null : "X-Access-Key", null);
        }

        public Hmac withCanonical(String template) {
            return new Hmac(accessKey, secret, template, algorithm, encoding, header, prefix, timestampHeader, nonceHeader,
                    accessKeyHeader, timestampFormat);
        }

        public Hmac withEncoding(SignatureEncoding newEncoding) {
            return new Hmac(accessKey, secret, canonical, algorithm, newEncoding, header, prefix, timestampHeader,
                    nonceHeader, accessKeyHeader, timestampFormat);
        }

        private static String jcaName(String algorithm) {
            return switch (algorithm.toLowerCase(Locale.ROOT)) {
                case "hmac-sha256", "hmacsha256" -> "HmacSHA256";
                case "hmac-sha1", "hmacsha1" -> "HmacSHA1";
                case "hmac-sha512", "hmacsha512" -> "HmacSHA512";
                default -> algorithm;
            };
        }

        @Override
        public String toString() {
            return "Hmac[accessKey=" + accessKey + ", secret=****, algorithm=" + algorithm + ", canonical="
                    + canonical.replace("\n", "\\n") + "]";
        }
    }
}
