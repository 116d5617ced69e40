package dev.dovetail.runtime.flow;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.mapping.MappingResult;
import dev.dovetail.model.OperationRef;
import dev.dovetail.model.SystemDef;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.OperationInvoker;
import dev.dovetail.spi.RequestBody;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the {@link OperationCall} for an operation from the current message: the body from the
 * operation's {@code request} mapping (else the message itself, except for GET, HEAD and DELETE), path
 * parameters from the body or the message, query parameters and headers from their JSONata expressions
 * over the message.
 */
final class OperationCalls {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");
    private static final Set<String> BODILESS = Set.of("GET", "HEAD", "DELETE");

    private final MappingEngine mappings;
    private final Map<String, SystemDef> systems;
    private final Invokers invokers;

    OperationCalls(MappingEngine mappings, Map<String, SystemDef> systems, Invokers invokers) {
        this.mappings = mappings;
        this.systems = Map.copyOf(systems);
        this.invokers = invokers;
    }

    sealed interface Prepared {
    }

    record Ready(OperationInvoker invoker, OperationCall call, SystemDef.Operation operation) implements Prepared {
    }

    /** The call cannot be made, and trying again will not change that. */
    record NotPossible(String reason) implements Prepared {
    }

    Prepared prepare(OperationRef ref, Object message, String idempotencyKey) {
        var system = systems.get(ref.system());
        if (system == null) {
            return new NotPossible("the workspace has no system '" + ref.system() + "'");
        }
        var operation = system.operation(ref.operation()).orElse(null);
        if (operation == null) {
            return new NotPossible("system '" + ref.system() + "' has no operation '" + ref.operation() + "'");
        }
        var invoker = invokers.forSystem(ref.system()).orElse(null);
        if (invoker == null) {
            return new NotPossible("no connector serves system '" + ref.system() + "'");
        }
        Object body;
        RequestBody requestBody;
        if (operation.request().isPresent()) {
            var mapped = mappings.evaluate(operation.request().get(), message);
            if (mapped instanceof MappingResult.Failure failure) {
                return new NotPossible("request mapping failed: " + failure.format());
            }
            body = ((MappingResult.Success) mapped).output();
            requestBody = RequestBody.json(body);
        } else if (operation.method().map(m -> BODILESS.contains(m.toUpperCase(Locale.ROOT))).orElse(false)) {
            body = null;
            requestBody = RequestBody.none();
        } else {
            body = message;
            try {
                requestBody = RequestBody.json(message);
            } catch (IllegalArgumentException e) {
                return new NotPossible("the message cannot be sent as a body: " + e.getMessage());
            }
        }
        var call = OperationCall.of(ref.system(), ref.operation()).withBody(requestBody).withIdempotencyKey(idempotencyKey);

        var pathParams = new LinkedHashMap<String, Object>();
        var matcher = PLACEHOLDER.matcher(operation.path().orElse(""));
        while (matcher.find()) {
            var name = matcher.group(1);
            var value = lookup(body, name);
            if (value == null) {
                value = lookup(message, name);
            }
            if (value == null) {
                return new NotPossible("path parameter {" + name + "} has no value in the message");
            }
            if (!scalar(value)) {
                return new NotPossible("path parameter {" + name + "} is not a single value");
            }
            pathParams.put(name, value);
        }

        var query = new LinkedHashMap<String, Object>();
        for (var entry : operation.query().entrySet()) {
            var result = mappings.evaluateExpression(entry.getValue(), message);
            if (result instanceof MappingResult.Failure failure) {
                return new NotPossible("query parameter '" + entry.getKey() + "' failed: " + failure.format());
            }
            var value = ((MappingResult.Success) result).output();
            if (value == null) {
                continue;
            }
            if (!(scalar(value) || value instanceof List<?> list && list.stream().allMatch(OperationCalls::scalar))) {
                return new NotPossible("query parameter '" + entry.getKey() + "' is an object, not a value or a list of values");
            }
            query.put(entry.getKey(), value);
        }

        var headers = new LinkedHashMap<String, String>();
        for (var entry : operation.headers().entrySet()) {
            var result = mappings.evaluateExpression(entry.getValue(), message);
            if (result instanceof MappingResult.Failure failure) {
                return new NotPossible("header '" + entry.getKey() + "' failed: " + failure.format());
            }
            var value = ((MappingResult.Success) result).output();
            if (value == null) {
                continue;
            }
            if (!scalar(value)) {
                return new NotPossible("header '" + entry.getKey() + "' is not a single value");
            }
            headers.put(entry.getKey(), value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value));
        }
        return new Ready(invoker, call.withPathParams(pathParams).withQueryParams(query).withHeaders(headers), operation);
    }

    /** Applies the operation's {@code response} mapping, if it has one, to an answer. */
    MappingResult mapResponse(SystemDef.Operation operation, Object response) {
        return operation.response().isPresent()
                ? mappings.evaluate(operation.response().get(), response)
                : new MappingResult.Success(response);
    }

    /** {@code a.b.c} in nested maps; {@code null} when absent. A name with a dot is tried whole first. */
    private static Object lookup(Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        if (map.containsKey(path)) {
            return map.get(path);
        }
        var dot = path.indexOf('.');
        return dot < 0 ? null : lookup(map.get(path.substring(0, dot)), path.substring(dot + 1));
    }

    private static boolean scalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }
}
