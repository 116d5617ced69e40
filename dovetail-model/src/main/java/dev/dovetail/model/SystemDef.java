package dev.dovetail.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code systems/<name>.yaml}: one business system, how to reach it, what Dovetail may do to it
 * (operations) and what it tells Dovetail (events).
 */
public record SystemDef(
        String name,
        String file,
        String title,
        String description,
        Connector connector,
        Connection connection,
        Auth auth,
        Limits limits,
        Map<String, Operation> operations,
        Map<String, Event> events) {

    public SystemDef {
        title = title == null ? name : title;
        description = description == null ? "" : description;
        auth = auth == null ? new Auth.None() : auth;
        limits = limits == null ? Limits.DEFAULT : limits;
        operations = operations == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(operations));
        events = events == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(events));
    }

    public Optional<Operation> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    public Optional<Event> event(String name) {
        return Optional.ofNullable(events.get(name));
    }

    /** The connector kinds a system can use. {@link #id()} is how files spell it. */
    public enum Connector {
        HTTP, SOAP, JDBC, FILE, SFTP, KAFKA, AMQP, MAIL, IM_ROBOT;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Connector> byId(String id) {
            return Arrays.stream(values()).filter(c -> c.id().equals(id)).findFirst();
        }
    }

    /**
     * How to reach the system.
     *
     * @param baseUrl the root URL of an HTTP system; for a SOAP system the service address that replaces the WSDL's
     * @param headers literal headers sent with every request of an HTTP or SOAP system, in file order (placeholders
     *                resolved; secrets belong in {@code auth}, never here)
     * @param options every other key of {@code connection:} as written (connector-specific, e.g. {@code url},
     *                {@code username}, {@code directory}, {@code host}); secret-bearing keys hold {@link Secret}s
     */
    public record Connection(Optional<String> baseUrl, Optional<Tls> tls, Map<String, String> headers, Map<String, Object> options) {
        public static final Connection NONE = new Connection(Optional.empty(), Optional.empty(), Map.of(), Map.of());

        public Connection {
            baseUrl = baseUrl == null ? Optional.empty() : baseUrl;
            tls = tls == null ? Optional.empty() : tls;
            headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
            options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        }
    }

    /**
     * {@code connection.tls}. Without a trust store the JVM's default CAs are trusted.
     *
     * @param verifyHostname     check the server certificate's host name (default true)
     * @param insecure           trust any server certificate for any host (default false; for test systems only; cannot
     *                           be combined with {@code trustStore})
     * @param trustStore         CA certificates to trust instead of the JVM's (a PEM file or a PKCS#12/JKS key store), as
     *                           written: relative paths are relative to the workspace folder
     * @param trustStorePassword the trust store's password (key stores only)
     * @param keyStore           a client certificate and key for mutual TLS (PKCS#12/JKS), relative to the workspace folder
     * @param keyStorePassword   the key store's password (also used for the key)
     */
    public record Tls(boolean verifyHostname, boolean insecure, Optional<String> trustStore, Optional<Secret> trustStorePassword,
                      Optional<String> keyStore, Optional<Secret> keyStorePassword) {}

    /** How Dovetail authenticates to the system. Every secret comes from a {@code ${secret:name}} reference. */
    public sealed interface Auth {
        /** {@code type: none}. */
        record None() implements Auth {}

        /** {@code type: basic}. */
        record Basic(String username, Secret password) implements Auth {}

        /** {@code type: bearer}: a fixed token sent as {@code Authorization: Bearer <token>}. */
        record Bearer(Secret token) implements Auth {}

        /** {@code type: api-key}: a key sent in a header or query parameter named {@code name}. */
        record ApiKey(Placement in, String name, Secret key) implements Auth {}

        /**
         * {@code type: oauth2-client-credentials}: a token fetched from {@code tokenUrl}, cached and replaced
         * {@code refreshBefore} it expires.
         *
         * @param clientAuthentication how the client authenticates at the token endpoint (default {@code basic})
         * @param refreshBefore        how long before its expiry a token is replaced (default 30s)
         */
        record OAuth2ClientCredentials(String tokenUrl, String clientId, Secret clientSecret, Optional<String> scope,
                                       Optional<String> audience, ClientAuthentication clientAuthentication,
                                       Duration refreshBefore) implements Auth {
            public static final Duration DEFAULT_REFRESH_BEFORE = Duration.ofSeconds(30);
        }

        /**
         * How an OAuth2 client authenticates at the token endpoint: {@code basic} ({@code Authorization: Basic}, RFC 6749
         * §2.3.1) or {@code body} ({@code client_id} and {@code client_secret} in the form).
         */
        enum ClientAuthentication { BASIC, BODY }

        /**
         * {@code type: hmac}: each request is signed, as many Chinese open APIs require.
         *
         * @param accessKeyHeader the header carrying {@code accessKey} (default {@code X-Access-Key}; sent only with an
         *                        access key)
         * @param algorithm       {@code hmac-sha256} (default), {@code hmac-sha1} or {@code hmac-sha512}
         * @param header          the header carrying the signature (default {@code X-Signature})
         * @param timestampHeader the header carrying the timestamp (default {@code X-Timestamp})
         * @param nonceHeader     the header carrying the nonce; {@code X-Nonce} when absent and {@code canonical} uses
         *                        {@code {nonce}}
         * @param canonical       the signed text, default {@code {method}\n{path}\n{timestamp}\n{body}}; the
         *                        {@link #CANONICAL_PLACEHOLDERS} are replaced
         * @param encoding        how the signature is written (default hex, lower case)
         * @param prefix          text before the signature in its header, e.g. {@code "HMAC-SHA256 "} (default empty)
         * @param timestampFormat how the timestamp is written (default milliseconds since the epoch)
         */
        record Hmac(Optional<String> accessKey, String accessKeyHeader, Secret secret, String algorithm, String header,
                    String timestampHeader, Optional<String> nonceHeader, String canonical, Encoding encoding, String prefix,
                    TimestampFormat timestampFormat) implements Auth {
            public static final String DEFAULT_CANONICAL = "{method}\n{path}\n{timestamp}\n{body}";

            /**
             * What {@code canonical} may contain: {@code {method}}; {@code {path}} (as sent, percent-encoded);
             * {@code {query}} (as sent); {@code {sortedQuery}} (sorted by name, then value); {@code {pathAndQuery}};
             * {@code {host}}; {@code {timestamp}}; {@code {nonce}}; {@code {body}} (the exact body text);
             * {@code {bodySha256}} (hex); {@code {contentMd5}} (base64 of the body's MD5); {@code {contentType}};
             * {@code {accessKey}}.
             */
            public static final List<String> CANONICAL_PLACEHOLDERS = List.of("method", "path", "query", "sortedQuery",
                    "pathAndQuery", "host", "timestamp", "nonce", "body", "bodySha256", "contentMd5", "contentType", "accessKey");
        }

        /** How an HMAC-signed request writes its timestamp: epoch {@code millis} (default), epoch {@code seconds}, or {@code iso} (UTC). */
        enum TimestampFormat { MILLIS, SECONDS, ISO }

        enum Placement { HEADER, QUERY }
    }

    /** How a signature or digest is written: {@code hex} or {@code base64}. */
    public enum Encoding { HEX, BASE64 }

    /**
     * @param ratePerSecond   the most requests per second Dovetail sends (0 = no limit)
     * @param concurrency     the most requests in flight at once (default 8)
     * @param timeout         how long one exchange may take, from sending to the last byte of the answer (default 30s)
     * @param connectTimeout  how long establishing a connection may take (default 5s)
     * @param maxResponseSize the largest answer body read, in bytes (default 16 MiB)
     * @param circuitBreaker  when to stop calling the system after repeated failures
     */
    public record Limits(double ratePerSecond, int concurrency, Duration timeout, Duration connectTimeout, long maxResponseSize,
                         CircuitBreaker circuitBreaker) {
        public static final long DEFAULT_MAX_RESPONSE_SIZE = 16L * 1024 * 1024;
        public static final Limits DEFAULT = new Limits(0, 8, Duration.ofSeconds(30), Duration.ofSeconds(5), DEFAULT_MAX_RESPONSE_SIZE,
                CircuitBreaker.DEFAULT);

        public Limits {
            circuitBreaker = circuitBreaker == null ? CircuitBreaker.DEFAULT : circuitBreaker;
        }
    }

    /**
     * {@code limits.circuitBreaker}: one breaker per system. Only failures of the target count (no connection,
     * timeouts, 5xx, 408); answers it gave on purpose (2xx, 4xx, 429) are successes.
     *
     * @param enabled       {@code false}: the breaker never opens (default true)
     * @param failureRate   the failure percentage (1..100) over the window at which it opens (default 50)
     * @param window        how many recent calls the rate is computed over (default 20)
     * @param minimumCalls  calls needed in the window before the rate is judged (default 10)
     * @param openFor       how long it stays open before it lets probe calls through (default 10s)
     * @param halfOpenCalls probe calls that decide between closing and opening again (default 3)
     */
    public record CircuitBreaker(boolean enabled, int failureRate, int window, int minimumCalls, Duration openFor, int halfOpenCalls) {
        public static final CircuitBreaker DEFAULT = new CircuitBreaker(true, 50, 20, 10, Duration.ofSeconds(10), 3);
    }

    /**
     * Something Dovetail may do to the system.
     *
     * @param method            HTTP method in upper case (HTTP connector); empty for connectors without methods
     * @param path              path template below the base URL, with {@code {name}} placeholders filled from the message
     * @param query             query parameter name to JSONata expression over the message
     * @param headers           header name to JSONata expression over the message
     * @param request           mapping that builds the body from the message
     * @param response          mapping applied to the answer
     * @param idempotencyHeader header that carries the delivery's idempotency key, where the system honours one
     * @param options           connector-specific keys from {@code options:} (e.g. an SQL statement; for the SOAP connector
     *                          {@code operation}, {@code soapAction} and {@code idempotencyElement}; for
     *                          the HTTP connector {@code bodyFormat}: {@code json} (default) or {@code form})
     */
    public record Operation(String name, Optional<String> method, Optional<String> path, Map<String, String> query,
                            Map<String, String> headers, Optional<String> request, Optional<String> response,
                            Optional<String> idempotencyHeader, Optional<Pagination> pagination, Map<String, Object> options) {
        public Operation {
            method = method == null ? Optional.empty() : method;
            path = path == null ? Optional.empty() : path;
            query = query == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(query));
            headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
            request = request == null ? Optional.empty() : request;
            response = response == null ? Optional.empty() : response;
            idempotencyHeader = idempotencyHeader == null ? Optional.empty() : idempotencyHeader;
            pagination = pagination == null ? Optional.empty() : pagination;
            options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        }
    }

    /**
     * How a listing operation pages.
     *
     * @param items     JSONata selecting the records of one page from the answer (empty: the answer itself)
     * @param next      JSONata giving the next cursor ({@code cursor}) or a boolean "more pages" (others); empty with {@code link}
     * @param param     query parameter for the cursor / page number / offset
     * @param sizeParam query parameter for the page size (empty: not sent)
     * @param size      records per page
     * @param start     first page number ({@code page}, default 1) or offset ({@code offset}, default 0)
     * @param maxPages  the most pages one listing reads, a bound against a source that never says "last page" (default 100)
     */
    public record Pagination(Type type, Optional<String> items, Optional<String> next, String param,
                             Optional<String> sizeParam, int size, long start, int maxPages) {
        public static final int DEFAULT_SIZE = 100;
        public static final int DEFAULT_MAX_PAGES = 100;

        public enum Type { CURSOR, PAGE, OFFSET, LINK }
    }

    /**
     * Something the system tells Dovetail.
     *
     * @param key     JSONata path of the record key in the event (used for ordering and deduplication)
     * @param version JSONata path of the record version (with the key, the deduplication key; default: a body hash)
     */
    public record Event(String name, String key, Optional<String> version, EventSource source) {
        public Event {
            version = version == null ? Optional.empty() : version;
        }
    }

    /** Where events come from: a webhook, a poll, a schedule, or a connector's own consumer. */
    public sealed interface EventSource permits Webhook, Consume, Poll, Schedule {}

    /**
     * An inbound webhook at {@code /hooks/<system>/<event>}, verified by a signature or a shared token (or
     * neither, which {@code dovetail validate} allows but the runtime will accept from anyone).
     *
     * @param maxBodySize the largest accepted body in bytes (default 1 MiB)
     */
    public record Webhook(Optional<Signature> signature, Optional<TokenCheck> token, long maxBodySize) implements EventSource {
        public static final long DEFAULT_MAX_BODY = 1024 * 1024;

        public Webhook {
            signature = signature == null ? Optional.empty() : signature;
            token = token == null ? Optional.empty() : token;
        }
    }

    /**
     * @param type            {@code hmac-sha256}
     * @param header          the header holding the signature
     * @param timestampHeader the header holding the send time (epoch seconds or millis); required for a replay window
     * @param canonical       the signed text, {@code {timestamp}} and {@code {body}} replaced; default {@code {timestamp}.{body}}
     * @param tolerance       how far the timestamp may be from now (default 300s)
     * @param prefix          text before the signature value in the header, e.g. {@code sha256=}
     */
    public record Signature(String type, Secret secret, String header, Optional<String> timestampHeader, String canonical,
                            Duration tolerance, Encoding encoding, Optional<String> prefix) {}

    /** A shared token the sender puts in {@code header}. */
    public record TokenCheck(String header, Secret value) {}

    /** Events taken by the connector's own consumer (a file pattern, a queue, a topic): {@code consume: {...}}. */
    public record Consume(Map<String, Object> options) implements EventSource {
        public Consume {
            options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        }
    }

    /** Convenience for callers that list things: the operations in file order. */
    public List<Operation> operationList() {
        return List.copyOf(operations.values());
    }
}
