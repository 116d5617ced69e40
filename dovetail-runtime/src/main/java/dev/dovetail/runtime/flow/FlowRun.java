package dev.dovetail.runtime.flow;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What became of one run of a flow over one message. Every outcome carries the deliveries the
 * targets accepted during this run ({@link #delivered()}: the journal must keep their keys even
 * when the run then failed, so a retry or a replay does not send them again) and the run's
 * {@link #trace()}.
 *
 * <pre>{@code
 * switch (executor.run(flow, input)) {
 *     case Completed c  -> finish(entry);
 *     case Filtered f   -> finish(entry);
 *     case Split s      -> appendItems(entry, s.items(), s.resumeAt()); // then finish(entry)
 *     case RetryLater r -> retry(entry, r.after());
 *     case Failed f     -> deadLetter(entry, f.reason(), f.step(), f.detail());
 * }
 * }</pre>
 */
public sealed interface FlowRun {

    /** Deliveries completed in this run (not those passed in as already completed), in the order they happened. */
    List<DeliveryRecord> delivered();

    Trace trace();

    /** The keys of {@link #delivered()}. */
    default Set<String> deliveredKeys() {
        return delivered().stream().map(DeliveryRecord::key).collect(Collectors.toUnmodifiableSet());
    }

    /** The webhook's synchronous answer, when a reply step was reached. */
    default Optional<Reply> reply() {
        return Optional.empty();
    }

    /** Every step ran to the end of the flow. */
    record Completed(List<DeliveryRecord> delivered, Optional<Reply> reply, Trace trace) implements FlowRun {
        public Completed {
            delivered = List.copyOf(delivered);
            requireNonNull(reply, "reply");
            requireNonNull(trace, "trace");
        }
    }

    /** A filter step stopped the message (a success: nothing more is to be done). */
    record Filtered(StepRef step, List<DeliveryRecord> delivered, Optional<Reply> reply, Trace trace) implements FlowRun {
        public Filtered {
            requireNonNull(step, "step");
            delivered = List.copyOf(delivered);
            requireNonNull(reply, "reply");
            requireNonNull(trace, "trace");
        }
    }

    /**
     * A split step divided the message. Each item is to become its own journal entry that runs this
     * flow from {@code resumeAt} (the step after the split; it may point past the end of a branch or
     * of the flow). An empty list means nothing follows.
     *
     * @param items the items, JSON-like values (may contain {@code null})
     */
    record Split(List<Object> items, StepPath resumeAt, StepRef step, List<DeliveryRecord> delivered, Optional<Reply> reply,
                 Trace trace) implements FlowRun {
        public Split {
            items = Collections.unmodifiableList(new ArrayList<>(items));
            requireNonNull(resumeAt, "resumeAt");
            requireNonNull(step, "step");
            delivered = List.copyOf(delivered);
            requireNonNull(reply, "reply");
            requireNonNull(trace, "trace");
        }
    }

    /**
     * A step failed for a reason that may pass (a timeout, a 5xx, a 429, an open circuit). Run the
     * entry again later with the same event id and the completed deliveries: steps before are
     * repeated (mappings are deterministic), accepted deliveries are not sent again.
     *
     * @param after the earliest sensible retry time the target gave (Retry-After), else empty: use the backoff
     */
    record RetryLater(Optional<Duration> after, String reason, StepRef step, List<DeliveryRecord> delivered, Trace trace)
            implements FlowRun {
        public RetryLater {
            requireNonNull(after, "after");
            requireNonNull(reason, "reason");
            requireNonNull(step, "step");
            delivered = List.copyOf(delivered);
            requireNonNull(trace, "trace");
        }
    }

    /**
     * A step failed for good (a mapping error, a rejected delivery, a missing system or operation):
     * the entry belongs in the dead letters.
     *
     * @param reason one line saying what went wrong
     * @param detail the target's answer (excerpt, masked) for a rejected call, else {@code null}
     */
    record Failed(String reason, StepRef step, String detail, List<DeliveryRecord> delivered, Trace trace) implements FlowRun {
        public Failed {
            requireNonNull(reason, "reason");
            requireNonNull(step, "step");
            delivered = List.copyOf(delivered);
            requireNonNull(trace, "trace");
        }
    }
}
