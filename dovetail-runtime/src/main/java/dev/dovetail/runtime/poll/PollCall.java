package dev.dovetail.runtime.poll;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.mapping.MappingResult;
import dev.dovetail.model.Poll;
import dev.dovetail.model.SystemDef;
import dev.dovetail.runtime.dedup.DedupKeys;
import dev.dovetail.spi.OperationCall;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The call that reads a poll's operation: the operation's own {@code query} and {@code headers}
 * expressions evaluated over {@code {"watermark": <value>}} (also bound as {@code $watermark}), path
 * placeholders filled from the same, and the watermark in its {@code param}.
 */
final class PollCall {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    sealed interface Built {}

    record Ready(OperationCall call) implements Built {}

    /** The call cannot be built, and will not be until the workspace changes. */
    record Impossible(String reason) implements Built {}

    private PollCall() {}

    static Built build(Poll poll, SystemDef.Operation operation, String watermark, MappingEngine mappings) {
        var input = new HashMap<String, Object>();
        input.put("watermark", watermark);
        var bindings = new HashMap<String, Object>();
        bindings.put("watermark", watermark);
        var call = OperationCall.of(poll.system(), poll.operation());

        var pathParams = new LinkedHashMap<String, Object>();
        var matcher = PLACEHOLDER.matcher(operation.path().orElse(""));
        while (matcher.find()) {
            var name = matcher.group(1);
            if (!name.equals("watermark") || watermark == null) {
                return new Impossible("operation " + call.target() + " has the path parameter {" + name
                        + "}, which a poll cannot fill (only {watermark} once there is one)");
            }
            pathParams.put(name, watermark);
        }

        var query = new LinkedHashMap<String, Object>();
        for (var entry : operation.query().entrySet()) {
            var value = evaluate(entry.getValue(), input, bindings, mappings);
            if (value instanceof Impossible impossible) {
                return new Impossible("query parameter '" + entry.getKey() + "': " + impossible.reason());
            }
            if (value == null) continue;
            if (!(scalar(value) || value instanceof List<?> list && list.stream().allMatch(PollCall::scalar))) {
                return new Impossible("query parameter '" + entry.getKey() + "' is an object, not a value or a list of values");
            }
            query.put(entry.getKey(), value);
        }
        var headers = new LinkedHashMap<String, String>();
        for (var entry : operation.headers().entrySet()) {
            var value = evaluate(entry.getValue(), input, bindings, mappings);
            if (value instanceof Impossible impossible) {
                return new Impossible("header '" + entry.getKey() + "': " + impossible.reason());
            }
            if (value == null) continue;
            Optional<String> text = scalar(value) ? DedupKeys.text(value) : Optional.empty();
            if (text.isEmpty()) {
                return new Impossible("header '" + entry.getKey() + "' is not a single value");
            }
            headers.put(entry.getKey(), text.get());
        }
        if (watermark != null && poll.watermark().isPresent()) {
            query.put(poll.watermark().get().param(), watermark);
        }
        return new Ready(call.withPathParams(pathParams).withQueryParams(query).withHeaders(headers));
    }

    private static Object evaluate(String expression, Map<String, Object> input, Map<String, Object> bindings, MappingEngine mappings) {
        return switch (mappings.evaluateExpression(expression, input, bindings)) {
            case MappingResult.Success success -> success.output();
            case MappingResult.Failure failure -> new Impossible(failure.format());
        };
    }

    private static boolean scalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }
}
