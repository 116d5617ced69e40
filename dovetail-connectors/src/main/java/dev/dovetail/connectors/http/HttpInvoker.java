package dev.dovetail.connectors.http;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import dev.dovetail.spi.EgressPolicy;
import dev.dovetail.spi.HostResolver;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.OperationInvoker;
import dev.dovetail.spi.PageOutcome;
import dev.dovetail.spi.PageReader;
import dev.dovetail.spi.RequestBody;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Calls the operations of one HTTP system through its {@link HttpTransport}. One instance per system:
 * it owns the system's connection pool, token cache, rate limiter, concurrency bound and circuit
 * breaker. Thread-safe; meant to be called from virtual threads. Close it when the system's
 * configuration is replaced.
 *
 * <p>Each {@link #invoke} is one attempt (plus one resend after a 401 when OAuth2 credentials were
 * renewed). The answer or failure is classified once, in {@code OutcomeClassifier}: 2xx delivered;
 * 408, 429, 5xx and network failures retry later (honouring {@code Retry-After}); other statuses
 * rejected. Redirects are never followed.
 */
public final class HttpInvoker implements OperationInvoker, PageReader, AutoCloseable {

    private final HttpSystemConfig config;
    private final HttpTransport transport;
    private final AnswerReader answerReader;
    private final Map<String, PathTemplate> paths = new LinkedHashMap<>();
    private final String origin;
    private final String basePath;

    private HttpInvoker(Builder builder) {
        this.config = builder.config;
        this.answerReader = builder.answerReader;
        this.transport = HttpTransport.builder(config.name(), config.auth(), config.limits(), config.tls())
                .egressPolicy(builder.egressPolicy)
                .hostResolver(builder.hostResolver)
                .clock(builder.clock)
                .build();
        config.operations().forEach((name, operation) -> paths.put(name, PathTemplate.parse(operation.path())));
        this.origin = originOf(config.baseUrl());
        var rawBasePath = Objects.requireNonNullElse(config.baseUrl().getRawPath(), "");
        this.basePath = rawBasePath.endsWith("/") ? rawBasePath.substring(0, rawBasePath.length() - 1) : rawBasePath;
    }

    /** An invoker that may reach any address, with the system clock. */
    public static HttpInvoker create(HttpSystemConfig config) {
        return builder(config).build();
    }

    public static Builder builder(HttpSystemConfig config) {
        return new Builder(config);
    }

    /** Options of an {@link HttpInvoker} beyond the system's configuration. */
    public static final class Builder {
        private final HttpSystemConfig config;
        private EgressPolicy egressPolicy = EgressPolicy.allowAll();
        private HostResolver hostResolver = HostResolver.system();
        private Clock clock = Clock.systemUTC();
        private AnswerReader answerReader = AnswerReader.fieldPaths();

        private Builder(HttpSystemConfig config) {
            this.config = Objects.requireNonNull(config, "config");
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

        /** How pagination's {@code items} and {@code next} expressions are evaluated (default: field paths). */
        public Builder answerReader(AnswerReader reader) {
            this.answerReader = Objects.requireNonNull(reader, "reader");
            return this;
        }

        public HttpInvoker build() {
            return new HttpInvoker(this);
        }
    }

    @Override
    public DeliveryOutcome invoke(OperationCall call) {
        var operation = operation(call);
        if (operation == null) {
            return Rejected.because("system '" + config.name() + "' has no operation '" + call.operation() + "'");
        }
        OutgoingRequest request;
        try {
            request = build(call, operation, null);
        } catch (InvalidCall e) {
            return Rejected.because(e.getMessage());
        }
        return send(request, timeoutOf(call));
    }

    @Override
    public PageOutcome readPage(OperationCall call, String cursor) {
        var operation = operation(call);
        if (operation == null) {
            return Rejected.because("system '" + config.name() + "' has no operation '" + call.operation() + "'");
        }
        var position = PageCursor.decode(cursor);
        if (position == null) {
            return Rejected.because("'" + cursor + "' is not a cursor of operation " + call.target());
        }
        var pagination = operation.pagination();
        URI nextLink = null;
        switch (pagination) {
            case HttpPagination.Cursor c -> {
                if (position.number() > 1) {
                    call = call.withQueryParam(c.param(), position.token());
                }
                if (c.sizeParam() != null) {
                    call = call.withQueryParam(c.sizeParam(), c.size());
                }
            }
            case HttpPagination.PageNumber p -> {
                call = call.withQueryParam(p.param(), p.start() + position.number() - 1);
                if (p.sizeParam() != null) {
                    call = call.withQueryParam(p.sizeParam(), p.size());
                }
            }
            case HttpPagination.Offset o -> {
                call = call.withQueryParam(o.param(), o.start() + (long) (position.number() - 1) * o.size());
                if (o.sizeParam() != null) {
                    call = call.withQueryParam(o.sizeParam(), o.size());
                }
            }
            case HttpPagination.Link l -> {
                if (position.number() > 1) {
                    nextLink = URI.create(position.token());
                }
            }
            case HttpPagination.None none -> {}
        }
        OutgoingRequest request;
        try {
            request = build(call, operation, nextLink);
        } catch (InvalidCall | IllegalArgumentException e) {
            return Rejected.because(e.getMessage());
        }
        return switch (send(request, timeoutOf(call))) {
            case Delivered delivered -> Pages.page(delivered, pagination, position.number(), request.uri(), origin, answerReader);
            case RetryLater later -> later;
            case Rejected rejected -> rejected;
        };
    }

    /** The configuration this invoker was built from. */
    public HttpSystemConfig config() {
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

    private HttpOperationConfig operation(OperationCall call) {
        if (!call.system().equals(config.name())) {
            throw new IllegalArgumentException("a call for system '" + call.system() + "' reached the invoker of '" + config.name() + "'");
        }
        return config.operations().get(call.operation());
    }

    private Duration timeoutOf(OperationCall call) {
        return call.timeout() != null ? call.timeout() : config.limits().timeout();
    }

    private OutgoingRequest build(OperationCall call, HttpOperationConfig operation, URI absolute) {
        String rawPath;
        List<OutgoingRequest.QueryPair> query;
        if (absolute != null) {
            rawPath = absolute.getRawPath() == null || absolute.getRawPath().isEmpty() ? "/" : absolute.getRawPath();
            query = OutgoingRequest.parseRawQuery(absolute.getRawQuery());
        } else {
            var path = paths.get(call.operation()).expand(call.pathParams());
            rawPath = basePath + (path.startsWith("/") || path.isEmpty() ? path : "/" + path);
            rawPath = rawPath.isEmpty() ? "/" : rawPath;
            query = queryPairs(call.queryParams());
        }
        var headers = new LinkedHashMap<String, OutgoingRequest.Header>();
        Consumer<Map.Entry<String, String>> put = header -> {
            if (header.getValue() != null) {
                HttpTransport.checkHeader(header.getKey(), header.getValue());
                headers.put(header.getKey().toLowerCase(Locale.ROOT), new OutgoingRequest.Header(header.getKey(), header.getValue()));
            }
        };
        put.accept(Map.entry("Accept", "application/json, */*;q=0.8"));
        put.accept(Map.entry("User-Agent", "Dovetail"));
        config.headers().entrySet().forEach(put);
        call.headers().entrySet().forEach(put);
        if (operation.idempotencyHeader() != null && call.idempotencyKey() != null) {
            put.accept(Map.entry(operation.idempotencyHeader(), call.idempotencyKey()));
        }
        byte[] body = null;
        String contentType = null;
        switch (call.body()) {
            case RequestBody.None none -> {}
            case RequestBody.Json json when operation.bodyFormat() == HttpOperationConfig.BodyFormat.FORM -> {
                body = FormBody.encode(json.value());
                contentType = "application/x-www-form-urlencoded";
            }
            case RequestBody.Json json -> {
                body = Json.write(json.value());
                contentType = "application/json";
            }
            case RequestBody.Raw raw -> {
                body = raw.bytes();
                contentType = raw.contentType();
            }
        }
        if (contentType != null) {
            var given = headers.get("content-type");
            if (given == null) {
                headers.put("content-type", new OutgoingRequest.Header("Content-Type", contentType));
            } else {
                contentType = given.value();
            }
        }
        return new OutgoingRequest(operation.method(), absolute != null ? originOf(absolute) : origin, rawPath, query,
                headers, body, contentType);
    }

    private static List<OutgoingRequest.QueryPair> queryPairs(Map<String, Object> params) {
        var pairs = new ArrayList<OutgoingRequest.QueryPair>();
        params.forEach((name, value) -> {
            if (value instanceof List<?> values) {
                for (var item : values) {
                    if (item != null) {
                        pairs.add(OutgoingRequest.QueryPair.of(name, UriText.scalar(item, "query parameter '" + name + "'")));
                    }
                }
            } else if (value != null) {
                pairs.add(OutgoingRequest.QueryPair.of(name, UriText.scalar(value, "query parameter '" + name + "'")));
            }
        });
        return pairs;
    }

    private DeliveryOutcome send(OutgoingRequest request, Duration timeout) {
        return transport.send(request, timeout, HttpTransport::classifyByStatus);
    }

    static String originOf(URI uri) {
        return HttpTransport.originOf(uri);
    }
}
