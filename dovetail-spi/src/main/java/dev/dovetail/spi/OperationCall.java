package dev.dovetail.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request to perform an operation of a system, with every value already mapped (the runtime
 * evaluates the workspace's mappings and expressions before it builds the call).
 *
 * <p>Values of path and query parameters are JSON-like scalars ({@code String}, {@code Number},
 * {@code Boolean}); a query value may also be a {@code List} of scalars (sent as a repeated
 * parameter), and a {@code null} query value leaves the parameter out. Instances are immutable;
 * the {@code with…} methods return copies.
 *
 * @param system the system's name, e.g. {@code erp}
 * @param operation the operation's name within the system, e.g. {@code createSalesOrder}
 * @param pathParams values for the operation's path template placeholders ({@code {id}})
 * @param queryParams query parameters, in the order given
 * @param headers extra request headers
 * @param body the request body
 * @param idempotencyKey the key that makes repeated attempts of this delivery recognisable to the
 *     target (sent where the operation declares an idempotency header); {@code null} when none
 * @param timeout how long this attempt may take, or {@code null} for the system's configured timeout
 */
public record OperationCall(
        String system,
        String operation,
        Map<String, Object> pathParams,
        Map<String, Object> queryParams,
        Map<String, String> headers,
        RequestBody body,
        String idempotencyKey,
        Duration timeout) {

    public OperationCall {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(operation, "operation");
        pathParams = frozen(pathParams);
        queryParams = frozen(queryParams);
        headers = frozen(headers);
        body = body == null ? RequestBody.none() : body;
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** A call without parameters, headers or body. */
    public static OperationCall of(String system, String operation) {
        return new OperationCall(system, operation, null, null, null, null, null, null);
    }

    /** A copy with one more path parameter. */
    public OperationCall withPathParam(String name, Object value) {
        return new OperationCall(system, operation, plus(pathParams, name, value), queryParams, headers, body,
                idempotencyKey, timeout);
    }

    /** A copy with these path parameters added. */
    public OperationCall withPathParams(Map<String, ?> values) {
        return new OperationCall(system, operation, plusAll(pathParams, values), queryParams, headers, body,
                idempotencyKey, timeout);
    }

    /** A copy with one more query parameter (replacing one of the same name). */
    public OperationCall withQueryParam(String name, Object value) {
        return new OperationCall(system, operation, pathParams, plus(queryParams, name, value), headers, body,
                idempotencyKey, timeout);
    }

    /** A copy with these query parameters added. */
    public OperationCall withQueryParams(Map<String, ?> values) {
        return new OperationCall(system, operation, pathParams, plusAll(queryParams, values), headers, body,
                idempotencyKey, timeout);
    }

    /** A copy with one more header (replacing one of the same name). */
    public OperationCall withHeader(String name, String value) {
        return new OperationCall(system, operation, pathParams, queryParams, plus(headers, name, value), body,
                idempotencyKey, timeout);
    }

    /** A copy with these headers added. */
    public OperationCall withHeaders(Map<String, String> values) {
        return new OperationCall(system, operation, pathParams, queryParams, plusAll(headers, values), body,
                idempotencyKey, timeout);
    }

    /** A copy with this body. */
    public OperationCall withBody(RequestBody newBody) {
        return new OperationCall(system, operation, pathParams, queryParams, headers, newBody, idempotencyKey,
                timeout);
    }

    /** A copy with this JSON-like value as the body. */
    public OperationCall withJsonBody(Object value) {
        return withBody(RequestBody.json(value));
    }

    /** A copy with this idempotency key. */
    public OperationCall withIdempotencyKey(String key) {
        return new OperationCall(system, operation, pathParams, queryParams, headers, body, key, timeout);
    }

    /** A copy with this timeout for the attempt. */
    public OperationCall withTimeout(Duration newTimeout) {
        return new OperationCall(system, operation, pathParams, queryParams, headers, body, idempotencyKey,
                newTimeout);
    }

    /** {@code system.operation}, as flows name it. */
    public String target() {
        return system + "." + operation;
    }

    private static <V> Map<String, V> frozen(Map<String, ? extends V> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        var copy = new LinkedHashMap<String, V>();
        map.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "parameter name"), value));
        return Collections.unmodifiableMap(copy);
    }

    private static <V> Map<String, V> plus(Map<String, V> map, String name, V value) {
        var copy = new LinkedHashMap<>(map);
        copy.put(name, value);
        return copy;
    }

    private static <V> Map<String, V> plusAll(Map<String, V> map, Map<String, ? extends V> values) {
        var copy = new LinkedHashMap<>(map);
        copy.putAll(values);
        return copy;
    }
}
