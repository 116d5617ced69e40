package dev.dovetail.runtime.flow;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * One message to run through a flow.
 *
 * @param eventId             the journal entry's id; part of every idempotency key of the run
 * @param message             the message as a JSON-like value ({@code Map}, {@code List}, text, number, boolean, null)
 * @param start               where to start: {@link StepPath#first()} for a new event, the position after the
 *                            split for a split item ({@link FlowRun.Split#resumeAt()})
 * @param completedDeliveries keys of deliveries ({@link DeliveryRecord#key()}) an earlier run of the same
 *                            entry completed; these are not sent again
 */
public record FlowInput(String eventId, Object message, StepPath start, Set<String> completedDeliveries) {

    public FlowInput {
        requireNonNull(eventId, "eventId");
        requireNonNull(start, "start");
        completedDeliveries = completedDeliveries == null ? Set.of() : Set.copyOf(completedDeliveries);
    }

    /** A message that starts at the first step, with nothing delivered yet. */
    public static FlowInput of(String eventId, Object message) {
        return new FlowInput(eventId, message, StepPath.first(), Set.of());
    }

    public FlowInput resumingAt(StepPath position) {
        return new FlowInput(eventId, message, position, completedDeliveries);
    }

    public FlowInput withCompletedDeliveries(Set<String> keys) {
        return new FlowInput(eventId, message, start, keys);
    }
}
