package dev.dovetail.runtime.flow;

import static java.util.Objects.requireNonNull;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.FlowDef;
import dev.dovetail.model.SystemDef;
import dev.dovetail.model.Workspace;
import java.time.Clock;
import java.util.Map;

/**
 * Runs the steps of a flow over one message: map, filter, choice, split, enrich, deliver, reply.
 *
 * <p>A run holds no state between calls and changes nothing but the targets it calls, so the journal
 * can run an entry again after a crash or a retryable failure: mappings give the same message again,
 * deliveries carry the same idempotency key ({@code <eventId>:<step path>:<system>.<operation>}), and
 * deliveries an earlier run completed ({@link FlowInput#completedDeliveries()}) are not sent again. A
 * split ends the run; each item continues as its own journal entry from {@link FlowRun.Split#resumeAt()}.
 *
 * <p>Immutable and thread-safe. Build a new one when the workspace changes.
 */
public final class FlowExecutor {

    private final MappingEngine mappings;
    private final OperationCalls calls;
    private final TraceMasking masking;
    private final Clock clock;

    /**
     * @param mappings the workspace's mapping engine (mappings, value maps, limits)
     * @param systems  the workspace's systems by name (operations: path, query, headers, request and response mappings)
     * @param invokers the connectors that perform the operations
     * @param masking  what traces hide
     * @param clock    for trace timings
     */
    public FlowExecutor(MappingEngine mappings, Map<String, SystemDef> systems, Invokers invokers, TraceMasking masking,
                        Clock clock) {
        this.mappings = requireNonNull(mappings, "mappings");
        this.calls = new OperationCalls(mappings, requireNonNull(systems, "systems"), requireNonNull(invokers, "invokers"));
        this.masking = requireNonNull(masking, "masking");
        this.clock = requireNonNull(clock, "clock");
    }

    /** An executor for a loaded workspace, masking its {@code sensitiveFields} in traces. */
    public static FlowExecutor of(Workspace workspace, MappingEngine mappings, Invokers invokers, Clock clock) {
        return new FlowExecutor(mappings, workspace.systems(), invokers, TraceMasking.of(workspace.settings().sensitiveFields()),
                clock);
    }

    /**
     * Runs {@code flow} over {@code input.message()} from {@code input.start()}. Never throws for bad data,
     * a failing mapping or a failing target: those are outcomes.
     */
    public FlowRun run(FlowDef flow, FlowInput input) {
        requireNonNull(flow, "flow");
        requireNonNull(input, "input");
        return new Run(mappings, calls, masking, clock, flow, input).execute();
    }
}
