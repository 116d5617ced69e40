package dev.dovetail.runtime.flow;

import static java.util.Objects.requireNonNull;

import dev.dovetail.model.OperationRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one run of a flow did, step by step, for operators: timings, the message before and after each
 * step that changes it, and every call to a system with its answer. Payloads are masked
 * ({@link TraceMasking}) before they get here. {@link #toJson()} gives the form to store.
 *
 * @param start   where the run started ({@code 0}, or the position of a split item)
 * @param outcome how the run ended, in words: {@code completed}, {@code filtered}, {@code split into 3 items},
 *                {@code retry later: ...}, {@code failed: ...}
 * @param steps   the steps that ran, in order (a choice before the steps of its branch)
 */
public record Trace(String flow, String eventId, StepPath start, Instant startedAt, Duration duration, String outcome,
                    List<StepTrace> steps) {

    public Trace {
        requireNonNull(flow, "flow");
        requireNonNull(eventId, "eventId");
        requireNonNull(start, "start");
        requireNonNull(startedAt, "startedAt");
        requireNonNull(duration, "duration");
        requireNonNull(outcome, "outcome");
        steps = List.copyOf(steps);
    }

    /**
     * One step of a run.
     *
     * @param outcome what the step did, e.g. {@code passed}, {@code stopped}, {@code when at line 12},
     *                {@code otherwise}, {@code 3 items}, {@code delivered}, or the error
     * @param before  the message before the step (masked), for steps that change it (map, enrich); else {@code null}
     * @param after   the message after the step (masked), for steps that change it; else {@code null}
     * @param calls   the calls made to systems (enrich, deliver); empty for other steps
     */
    public record StepTrace(StepPath path, String kind, int line, Instant startedAt, Duration duration, String outcome,
                            Object before, Object after, List<Call> calls) {
        public StepTrace {
            requireNonNull(path, "path");
            requireNonNull(kind, "kind");
            requireNonNull(startedAt, "startedAt");
            requireNonNull(duration, "duration");
            requireNonNull(outcome, "outcome");
            calls = List.copyOf(calls);
        }
    }

    /**
     * One call (an attempt) to an operation, or a delivery skipped because an earlier run completed it.
     *
     * @param status   the protocol status of the answer; 0 when there was none
     * @param response the start of the answer (masked; at most {@link dev.dovetail.spi.DeliveryOutcome#EXCERPT_LIMIT}
     *                 characters), or {@code null}
     * @param note     why it failed, or a remark (a response mapping that failed); {@code null} when there is nothing to say
     */
    public record Call(OperationRef target, String idempotencyKey, CallOutcome outcome, int status, String response,
                       String note, Instant startedAt, Duration duration) {
        public Call {
            requireNonNull(target, "target");
            requireNonNull(idempotencyKey, "idempotencyKey");
            requireNonNull(outcome, "outcome");
            requireNonNull(startedAt, "startedAt");
            requireNonNull(duration, "duration");
        }
    }

    public enum CallOutcome {
        /** The target accepted it. */
        DELIVERED,
        /** Not sent: an earlier run of the same entry delivered it. */
        ALREADY_DELIVERED,
        /** A transient failure: to be retried. */
        RETRY_LATER,
        /** The target refused it for good. */
        REJECTED,
        /** Not sent: the call could not be built (unknown operation, mapping error, missing path parameter). */
        NOT_SENT
    }

    /** This trace as compact JSON text (instants in ISO-8601, durations in microseconds). */
    public String toJson() {
        return TraceJson.render(this);
    }
}
