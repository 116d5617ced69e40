package dev.dovetail.connectors.soap;

import dev.dovetail.connectors.http.CircuitState;
import dev.dovetail.connectors.http.CircuitTransition;
import dev.dovetail.connectors.http.HttpTransport;
import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import dev.dovetail.spi.EgressPolicy;
import dev.dovetail.spi.HostResolver;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.OperationInvoker;
import dev.dovetail.spi.RequestBody;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Calls the operations of one SOAP system, as its WSDL describes them, over the HTTP connector's transport (auth,
 * TLS, egress check, rate and concurrency limits, timeouts, circuit breaker). One instance per system; thread-safe;
 * close it when the system's configuration is replaced.
 *
 * <p>The WSDL is read once: a file when the invoker is built, a URL on the first call (a failed fetch is tried again
 * at the earliest after the breaker's {@code openFor}, calls meanwhile retry later). The call's body, a JSON-like
 * map already mapped by the operation's {@code request} mapping, becomes the operation's request element (see
 * {@code RequestEnvelope}); the call's idempotency key goes into the operation's {@code idempotencyHeader} and/or
 * {@code idempotencyElement}. The answer is read with a hardened parser and classified in one place
 * ({@code SoapAnswers}): {@code Client}/{@code Sender} faults are rejected, {@code Server}/{@code Receiver} faults and
 * transport failures retry later, and a delivered answer carries the response element as a JSON-like value.
 */
public final class SoapInvoker implements OperationInvoker, AutoCloseable {

    private final SoapSystemConfig config;
    private final HttpTransport transport;
    private final WsdlReader.Choice choice;
    private final ReentrantLock loading = new ReentrantLock(); // not synchronized: the fetch blocks, callers are virtual threads
    private volatile Wsdl wsdl;
    private DeliveryOutcome lastLoadFailure; // guarded by loading
    private long nextLoadNanos; // guarded by loading

    private SoapInvoker(Builder builder) {
        this.config = builder.config;
        this.choice = new WsdlReader.Choice(config.port(), config.endpoint(),
                config.elementForm() == null ? null : config.elementForm() == SoapSystemConfig.ElementForm.QUALIFIED,
                isFile() ? null : config.wsdl());
        if (isFile()) {
            this.wsdl = readFile();
        }
        this.transport = HttpTransport.builder(config.name(), config.auth(), config.limits(), config.tls())
                .egressPolicy(builder.egressPolicy)
                .hostResolver(builder.hostResolver)
                .clock(builder.clock)
                .build();
    }

    /**
     * An invoker that may reach any address, with the system clock.
     *
     * @throws IllegalArgumentException when the WSDL is a file that cannot be read or used
     */
    public static SoapInvoker create(SoapSystemConfig config) {
        return builder(config).build();
    }

    public static Builder builder(SoapSystemConfig config) {
        return new Builder(config);
    }

    /** Options of a {@link SoapInvoker} beyond the system's configuration. */
    public static final class Builder {
        private final SoapSystemConfig config;
        private EgressPolicy egressPolicy = EgressPolicy.allowAll();
        private HostResolver hostResolver = HostResolver.system();
        private Clock clock = Clock.systemUTC();

        private Builder(SoapSystemConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Which addresses may be connected to (checked before every request, the WSDL fetch and token requests included). */
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

        /** @throws IllegalArgumentException when the WSDL is a file that cannot be read or used */
        public SoapInvoker build() {
            return new SoapInvoker(this);
        }
    }

    @Override
    public DeliveryOutcome invoke(OperationCall call) {
        if (!call.system().equals(config.name())) {
            throw new IllegalArgumentException("a call for system '" + call.system() + "' reached the invoker of '" + config.name() + "'");
        }
        var notLoaded = loadWsdl();
        if (notLoaded != null) {
            return notLoaded;
        }
        var service = wsdl;
        var settings = config.operation(call.operation());
        var operationName = settings.wsdlOperation() != null ? settings.wsdlOperation() : call.operation();
        var operation = service.operations().get(operationName);
        if (operation == null) {
            return Rejected.because("the WSDL of system '" + config.name() + "' has no operation '" + operationName
                    + "' (it has: " + String.join(", ", service.operations().keySet()) + ")");
        }
        if (operation.unsupported() != null) {
            return Rejected.because("operation '" + operationName + "' of system '" + config.name() + "' cannot be called: "
                    + operation.unsupported());
        }
        var action = settings.soapAction() != null ? settings.soapAction() : operation.soapAction();
        byte[] body;
        String contentType;
        try {
            switch (call.body()) {
                case RequestBody.Raw raw -> { // a complete envelope, prepared elsewhere: sent as it is
                    body = raw.bytes();
                    contentType = raw.contentType();
                }
                case RequestBody.Json json -> {
                    body = RequestEnvelope.write(service.version(), operation, content(json.value(), settings, call, operation));
                    contentType = service.version().contentType(action);
                }
                case RequestBody.None none -> {
                    body = RequestEnvelope.write(service.version(), operation, content(null, settings, call, operation));
                    contentType = service.version().contentType(action);
                }
            }
        } catch (InvalidRequest e) {
            return Rejected.because(e.getMessage());
        }
        var headers = new LinkedHashMap<String, Map.Entry<String, String>>();
        put(headers, "Accept", service.version() == SoapVersion.V1_1 ? "text/xml, */*;q=0.8" : "application/soap+xml, */*;q=0.8");
        put(headers, "User-Agent", "Dovetail");
        put(headers, "Content-Type", contentType);
        if (service.version() == SoapVersion.V1_1) {
            put(headers, "SOAPAction", "\"" + action + "\"");
        }
        config.headers().forEach((name, value) -> put(headers, name, value));
        call.headers().forEach((name, value) -> put(headers, name, value));
        if (settings.idempotencyHeader() != null && call.idempotencyKey() != null) {
            put(headers, settings.idempotencyHeader(), call.idempotencyKey());
        }
        var sent = new LinkedHashMap<String, String>();
        headers.values().forEach(header -> sent.put(header.getKey(), header.getValue()));
        var request = new HttpTransport.Request("POST", service.endpoint(), sent, body);
        var timeout = call.timeout() != null ? call.timeout() : config.limits().timeout();
        return transport.send(request, timeout, SoapAnswers::classify);
    }

    /**
     * Reads the WSDL now if it has not been read yet, e.g. when a workspace is activated, so a problem shows before the
     * first delivery.
     *
     * @return empty when the invoker is ready; else what a call would get now ({@code RetryLater} while the WSDL
     *     cannot be fetched, {@code Rejected} when it cannot be used)
     */
    public Optional<DeliveryOutcome> prepare() {
        return Optional.ofNullable(loadWsdl());
    }

    /** The configuration this invoker was built from. */
    public SoapSystemConfig config() {
        return config;
    }

    /** The current state of this system's circuit breaker. */
    public CircuitState circuitState() {
        return transport.circuitState();
    }

    /** Registers a listener told about every change of the circuit breaker's state (on the calling thread). */
    public void onCircuitTransition(Consumer<CircuitTransition> listener) {
        transport.onCircuitTransition(listener);
    }

    /** The Resilience4j breaker itself, for binding its metrics (e.g. Micrometer's). Do not drive it by hand. */
    public CircuitBreaker circuitBreaker() {
        return transport.circuitBreaker();
    }

    /** Stops the connection pool; calls under way end with a retry-later outcome. */
    @Override
    public void close() {
        transport.close();
    }

    private Map<String, ?> content(Object value, SoapOperationConfig settings, OperationCall call, Wsdl.Operation operation) {
        Map<String, ?> content;
        if (value == null) {
            content = Map.of();
        } else if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            var typed = (Map<String, ?>) map;
            content = typed;
        } else {
            throw new InvalidRequest("the request of a SOAP operation must be an object (the request element's children), not "
                    + (value instanceof java.util.List ? "a list" : "a " + value.getClass().getSimpleName()));
        }
        if (settings.idempotencyElement() != null && call.idempotencyKey() != null) {
            if (operation.element() == null) {
                throw new InvalidRequest("operation " + operation.name() + " takes no request element to put the idempotency key in");
            }
            content = IdempotencyElement.place(content, settings.idempotencyElementPath(), call.idempotencyKey(), operation.shape());
        }
        return content;
    }

    private static void put(Map<String, Map.Entry<String, String>> headers, String name, String value) {
        if (value != null) {
            headers.put(name.toLowerCase(Locale.ROOT), Map.entry(name, value));
        }
    }

    /** {@code null} when the WSDL is loaded, else the outcome of this call. */
    private DeliveryOutcome loadWsdl() {
        if (wsdl != null) {
            return null;
        }
        loading.lock();
        try {
            if (wsdl != null) {
                return null;
            }
            var now = System.nanoTime();
            if (lastLoadFailure != null && now - nextLoadNanos < 0) {
                return switch (lastLoadFailure) {
                    case RetryLater later -> new RetryLater(Duration.ofNanos(nextLoadNanos - now), later.reason(), later.status(),
                            later.responseExcerpt());
                    default -> lastLoadFailure;
                };
            }
            var loaded = new Wsdl[1];
            var outcome = transport.fetch(new HttpTransport.Request("GET", config.wsdl(), wsdlRequestHeaders(), null),
                    config.limits().timeout(), answer -> {
                        if (answer.status() < 200 || answer.status() >= 300) {
                            return HttpTransport.classifyByStatus(answer);
                        }
                        try {
                            loaded[0] = WsdlReader.read(answer.body(), HardenedXml.charsetOf(answer.contentType()), choice);
                            return new Delivered(answer.status(), null, answer.headers());
                        } catch (WsdlReader.Problem problem) {
                            return new Rejected(problem.getMessage(), answer.status(), DeliveryOutcome.excerpt(answer.text()));
                        }
                    });
            if (loaded[0] != null) {
                wsdl = loaded[0];
                lastLoadFailure = null;
                return null;
            }
            var prefix = "cannot use the WSDL of system '" + config.name() + "' at " + config.wsdl() + ": ";
            lastLoadFailure = switch (outcome) {
                case RetryLater later -> new RetryLater(later.after(), prefix + later.reason(), later.status(), later.responseExcerpt());
                case Rejected rejected -> new Rejected(prefix + rejected.reason(), rejected.status(), rejected.responseExcerpt());
                case Delivered delivered -> new Rejected(prefix + "it was not read", delivered.status(), null);
            };
            nextLoadNanos = now + config.limits().circuitBreaker().openFor().toNanos();
            return lastLoadFailure;
        } finally {
            loading.unlock();
        }
    }

    private Map<String, String> wsdlRequestHeaders() {
        var headers = new LinkedHashMap<String, Map.Entry<String, String>>();
        put(headers, "Accept", "text/xml, application/wsdl+xml, application/xml;q=0.9, */*;q=0.8");
        put(headers, "User-Agent", "Dovetail");
        config.headers().forEach((name, value) -> put(headers, name, value));
        var sent = new LinkedHashMap<String, String>();
        headers.values().forEach(header -> sent.put(header.getKey(), header.getValue()));
        return sent;
    }

    private boolean isFile() {
        return "file".equalsIgnoreCase(config.wsdl().getScheme());
    }

    private Wsdl readFile() {
        var file = Path.of(config.wsdl());
        try {
            if (Files.size(file) > config.limits().maxResponseBytes()) {
                throw new IllegalArgumentException("system " + config.name() + ": the WSDL file " + file + " is larger than "
                        + config.limits().maxResponseBytes() + " bytes");
            }
            return WsdlReader.read(Files.readAllBytes(file), null, choice);
        } catch (IOException e) {
            throw new IllegalArgumentException("system " + config.name() + ": cannot read the WSDL file " + file + ": " + e.getMessage(), e);
        } catch (WsdlReader.Problem problem) {
            throw new IllegalArgumentException("system " + config.name() + ": the WSDL file " + file + " cannot be used: " + problem.getMessage());
        }
    }
}
