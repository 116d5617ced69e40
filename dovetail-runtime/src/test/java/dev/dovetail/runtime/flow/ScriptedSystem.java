package dev.dovetail.runtime.flow;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.OperationInvoker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A system behind the connector SPI that records every call and answers what a test scripted for
 * each operation (outcomes are used up in order; after the last, the operation answers 200 with no body).
 */
final class ScriptedSystem implements OperationInvoker {

    private final List<OperationCall> calls = new ArrayList<>();
    private final Map<String, Deque<DeliveryOutcome>> script = new HashMap<>();

    ScriptedSystem answer(String operation, DeliveryOutcome... outcomes) {
        var queue = script.computeIfAbsent(operation, k -> new ArrayDeque<>());
        for (var outcome : outcomes) {
            queue.add(outcome);
        }
        return this;
    }

    @Override
    public synchronized DeliveryOutcome invoke(OperationCall call) {
        calls.add(call);
        var queue = script.get(call.operation());
        return queue == null || queue.isEmpty() ? ok(null) : queue.poll();
    }

    synchronized List<OperationCall> calls() {
        return List.copyOf(calls);
    }

    synchronized List<OperationCall> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    static DeliveryOutcome.Delivered ok(Object response) {
        return new DeliveryOutcome.Delivered(200, response, Map.of());
    }

    /** Invokers for a landscape of scripted systems by name. */
    static Invokers landscape(Map<String, ScriptedSystem> systems) {
        return name -> Optional.ofNullable(systems.get(name));
    }
}
