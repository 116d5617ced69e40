package dev.dovetail.connectors.http;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import dev.dovetail.spi.EgressPolicy;
import dev.dovetail.spi.HostResolver;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One system's door over HTTP, shared by the connectors that speak HTTP (the {@code http} connector's
 * {@link HttpInvoker}, the {@code soap} connector): its connection pool ({@link ClassicExchanges}) with the system's TLS settings and connect
 * timeout, its credentials (OAuth2 tokens included), the egress check before every connection, and its guard
 * (circuit breaker, rate limit, concurrency bound). The caller builds the request and decides what the answer
 * means; failures to get an answer (timeouts, refused connections, TLS, oversized answers) are classified here,
 * the same way for every connector.
 *
 * <p>Thread-safe; one instance per system. Close it when the system's configuration is replaced.
 */
public final class HttpTransport implements AutoCloseable {

    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final String system;
    private final HttpLimits limits;
    private final ClassicExchanges exchanges;
    private final TargetGuard guard;
    private final Authenticator authenticator;
    private final EgressPolicy egressPolicy;
    private final HostResolver hostResolver;
    private final Clock clock;

    private HttpTransport(Builder builder) {
        this.system = builder.system;
        this.limits = builder.limits;
        this.egressPolicy = builder.egressPolicy;
        this.hostResolver = builder.hostResolver;
        this.clock = builder.clock;
        this.exchanges = new ClassicExchanges(TlsContexts.of(builder.tls, system), builder.tls, limits, this::connectAddresses);
        this.guard = new TargetGuard(system, limits, clock);
        this.authenticator = Authenticator.of(builder.auth, this::postForm, clock);
    }

    /**
     * @param system the system's name (used in reasons, logs and the breaker's name)
     * @param auth how requests are authenticated
     * @param limits rate, concurrency, timeouts, answer size and circuit breaker
     * @param tls which server certificates to trust, and an optional client certificate
     */
    public static Builder builder(String system, HttpAuth auth, HttpLimits limits, HttpTls tls) {
        return new Builder(system, auth, limits, tls);
    }

    /** Options of an {@link HttpTransport} beyond the system's configuration. */
    public static final class Builder {
        private final String system;
        private final HttpAuth auth;
        private final HttpLimits limits;
        private final HttpTls tls;
        private EgressPolicy egressPolicy = EgressPolicy.allowAll();
        private HostResolver hostResolver = HostResolver.system();
        private Clock clock = Clock.systemUTC();

        private Builder(String system, HttpAuth auth, HttpLimits limits, HttpTls tls) {
            this.system = Objects.requireNonNull(system, "system");
            this.auth = auth == null ? HttpAuth.none() : auth;
            this.limits = limits == null ? HttpLimits.defaults() : limits;
            this.tls = tls == null ? HttpTls.systemDefault() : tls;
        }

        /** Which addresses may be connected to (checked before every request, token requests included). */
        public Builder egressPolicy(EgressPolicy policy) {
            this.egressPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How host names are resolved for the egress check. */
        public Builder hostResolver(HostResolver resolver) {
            this.hostResolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The clock for signatures, token expiry and {@code Retry-After} dates. */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        public HttpTransport build() {
            return new HttpTransport(this);
        }
    }

    /**
     * A request to send.
     *
     * @param method the HTTP method, e.g. {@code POST}
     * @param uri the absolute http(s) URL, query included (already encoded)
     * @param headers the headers, in the order given; {@code Content-Type} names the body's media type. The client's
     *     own headers ({@code Host}, {@code Content-Length}, {@code Connection}, {@code Expect}, {@code Upgrade}) cannot
     *     be given; credentials are added by the transport
     * @param body the body, or {@code null} for none
     */
    public record Request(String method, URI uri, Map<String, String> headers, byte[] body) {
        public Request {
            method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            Objects.requireNonNull(uri, "uri");
            headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            body = body == null ? null : body.clone();
        }

        @Override
        public byte[] body() {
            return body == null ? null : body.clone();
        }
    }

    /**
     * What the system answered.
     *
     * @param status the HTTP status
     * @param headers the answer's headers (names matched case-insensitively)
     * @param body the body; an answer other than 2xx is cut after its first 64 KiB
     * @param receivedAt when it arrived, by the transport's clock
     */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
        public Answer {
            var copy = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
            if (headers != null) {
                headers.forEach((name, values) -> copy.put(name, List.copyOf(values == null ? List.of() : values)));
            }
            headers = Collections.unmodifiableMap(copy);
            body = body == null ? new byte[0] : body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        /** The first value of a header, if present. */
        public Optional<String> header(String name) {
            var values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.getFirst());
        }

        /** The {@code Content-Type}, or {@code null}. */
        public String contentType() {
            return header("content-type").orElse(null);
        }

        /** The body decoded with the charset the answer names (UTF-8 when it names none); {@code null} when empty. */
        public String text() {
            return ResponseBodies.text(body, contentType());
        }
    }

    /** Decides what an answer means. Called once per answer, on the calling thread. */
    @FunctionalInterface
    public interface AnswerClassifier {
        DeliveryOutcome classify(Answer answer);
    }

    /**
     * The HTTP connector's reading of an answer: 2xx delivered (JSON parsed, other text kept); 408, 429 and 5xx
     * retry later (honouring {@code Retry-After}); 1xx, 3xx and other 4xx rejected with an excerpt of the answer.
     */
    public static DeliveryOutcome classifyByStatus(Answer answer) {
        return OutcomeClassifier.classify(answer.status(), answer.headers(), answer.body, answer.contentType(), answer.receivedAt());
    }

    /** The delay an answer's {@code Retry-After} asks for (seconds or an HTTP-date), or {@code null} when it names none. */
    public static Duration retryAfter(Answer answer) {
        return RetryAfter.parse(answer.header("retry-after").orElse(null), answer.receivedAt());
    }

    /**
     * Sends one request to the system as one attempt: checks egress, waits for the breaker, the rate limit and a
     * free slot (at most {@code timeout} each), adds credentials last, and after a 401 with renewed OAuth2
     * credentials sends it once more. Failures to get an answer become {@code RetryLater} (or {@code Rejected} for
     * an oversized successful answer); the breaker counts retryable outcomes other than 429 as target failures.
     *
     * @param timeout how long the exchange may take, from sending to the last byte of the answer
     */
    public DeliveryOutcome send(Request request, Duration timeout, AnswerClassifier classifier) {
        OutgoingRequest outgoing;
        try {
            outgoing = outgoing(request);
        } catch (InvalidCall e) {
            return Rejected.because(e.getMessage());
        }
        return send(outgoing, timeout, classifier);
    }

    /**
     * Sends one request outside the system's breaker, rate limit and concurrency bound (as OAuth2 token requests
     * are): for fetching what a connector needs before it can call the system, such as a WSDL. Egress-checked and
     * authenticated like {@link #send}.
     */
    public DeliveryOutcome fetch(Request request, Duration timeout, AnswerClassifier classifier) {
        OutgoingRequest outgoing;
        try {
            outgoing = outgoing(request);
        } catch (InvalidCall e) {
            return Rejected.because(e.getMessage());
        }
        var denied = checkEgress(outgoing.uri());
        return denied != null ? denied : exchange(outgoing, timeout, classifier);
    }

    DeliveryOutcome send(OutgoingRequest request, Duration timeout, AnswerClassifier classifier) {
        var denied = checkEgress(request.uri());
        if (denied != null) {
            return denied;
        }
        return guard.run(timeout, () -> exchange(request, timeout, classifier));
    }

    /** The system's limits. */
    public HttpLimits limits() {
        return limits;
    }

    /** The current state of this system's circuit breaker. */
    public CircuitState circuitState() {
        return guard.state();
    }

    /** Registers a listener told about every change of the circuit breaker's state (on the calling thread). */
    public void onCircuitTransition(Consumer<CircuitTransition> listener) {
        guard.onTransition(Objects.requireNonNull(listener, "listener"));
    }

    /** The Resilience4j breaker itself, for binding its metrics (e.g. Micrometer's). Do not drive it by hand. */
    public CircuitBreaker circuitBreaker() {
        return guard.breaker();
    }

    /** Stops the connection pool; calls under way end with a retry-later outcome. */
    @Override
    public void close() {
        exchanges.close();
    }

    static void checkHeader(String name, String value) {
        if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new InvalidCall("header '" + name + "' is set by the HTTP client and cannot be given");
        }
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new InvalidCall("'" + name + "' is not a valid header name");
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new InvalidCall("the value of header '" + name + "' contains a line break");
        }
    }

    static String originOf(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority();
    }

    private static OutgoingRequest outgoing(Request request) {
        var uri = request.uri();
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidCall("'" + uri + "' is not an absolute http(s) URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidCall("'" + uri + "' carries credentials; they belong in auth");
        }
        var headers = new LinkedHashMap<String, OutgoingRequest.Header>();
        request.headers().forEach((name, value) -> {
            if (value != null) {
                checkHeader(name, value);
                headers.put(name.toLowerCase(Locale.ROOT), new OutgoingRequest.Header(name, value));
            }
        });
        var contentType = headers.get("content-type");
        var rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new OutgoingRequest(request.method(), originOf(uri), rawPath, OutgoingRequest.parseRawQuery(uri.getRawQuery()),
                headers, request.body, contentType == null ? null : contentType.value());
    }

    /** {@code null} when the target may be reached. */
    private DeliveryOutcome checkEgress(URI target) {
        if (egressPolicy == EgressPolicy.allowAll()) {
            return null;
        }
        var host = target.getHost();
        var bare = host != null && host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try {
            var decision = egressPolicy.check(target, hostResolver.resolve(bare));
            return decision.allowed() ? null : Rejected.because("egress denied: " + decision.reason());
        } catch (UnknownHostException e) {
            return RetryLater.because("cannot resolve host " + host);
        }
    }

    /**
     * The addresses a connection to {@code host} is made to: resolved through the same resolver as the egress check
     * and checked again, so a name re-pointed between the check and the connection (DNS rebinding) is not
     * connected to.
     */
    private InetAddress[] connectAddresses(String host) throws UnknownHostException {
        var bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        var addresses = hostResolver.resolve(bare);
        if (egressPolicy != EgressPolicy.allowAll()) {
            var target = URI.create("https://" + (bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare) + "/");
            var decision = egressPolicy.check(target, addresses);
            if (!decision.allowed()) {
                throw new EgressDeniedAtConnect(decision.reason());
            }
        }
        return addresses.toArray(InetAddress[]::new);
    }

    private DeliveryOutcome exchange(OutgoingRequest request, Duration timeout, AnswerClassifier classifier) {
        try {
            var signed = authenticator.apply(request);
            var answer = transmit(signed, timeout);
            if (answer.status() == 401 && authenticator.renewAfterUnauthorized(signed)) {
                signed = authenticator.apply(request);
                answer = transmit(signed, timeout);
            }
            return classifier.classify(new Answer(answer.status(), answer.headers(), answer.body(), clock.instant()));
        } catch (Authenticator.Failed failed) {
            return failed.outcome;
        } catch (InvalidCall invalid) {
            return Rejected.because(invalid.getMessage());
        } catch (TransmitFailed failed) {
            return OutcomeClassifier.classify(failed.getCause(), timeout, limits.connectTimeout());
        }
    }

    private ClassicExchanges.Received transmit(OutgoingRequest request, Duration timeout) {
        try {
            return exchanges.exchange(request, timeout);
        } catch (IllegalArgumentException e) {
            throw new InvalidCall("a header cannot be sent: " + e.getMessage());
        } catch (IOException e) {
            throw new TransmitFailed(e);
        }
    }

    /** Posts a token request: egress-checked, but outside the system's rate limit and breaker. */
    private DeliveryOutcome postForm(URI url, Map<String, String> form, Map<String, String> headers) {
        var denied = checkEgress(url);
        if (denied != null) {
            return denied;
        }
        var outgoing = new LinkedHashMap<String, OutgoingRequest.Header>();
        outgoing.put("accept", new OutgoingRequest.Header("Accept", "application/json"));
        headers.forEach((name, value) -> outgoing.put(name.toLowerCase(Locale.ROOT), new OutgoingRequest.Header(name, value)));
        outgoing.put("content-type", new OutgoingRequest.Header("Content-Type", "application/x-www-form-urlencoded"));
        var request = new OutgoingRequest("POST", originOf(url), url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath(),
                OutgoingRequest.parseRawQuery(url.getRawQuery()), outgoing, FormBody.encode(form), "application/x-www-form-urlencoded");
        var timeout = limits.timeout();
        try {
            var answer = transmit(request, timeout);
            return OutcomeClassifier.classify(answer.status(), answer.headers(), answer.body(),
                    answer.firstHeader("content-type"), clock.instant());
        } catch (TransmitFailed failed) {
            return OutcomeClassifier.classify(failed.getCause(), timeout, limits.connectTimeout());
        }
    }

    /** A request that got no complete answer; the cause is what went wrong. */
    private static final class TransmitFailed extends RuntimeException {
        TransmitFailed(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
