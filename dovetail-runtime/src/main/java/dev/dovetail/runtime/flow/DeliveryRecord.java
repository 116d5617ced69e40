package dev.dovetail.runtime.flow;

import static java.util.Objects.requireNonNull;

import dev.dovetail.model.OperationRef;

/**
 * A delivery the target accepted during a run. The journal keeps {@link #key()} with the entry and
 * passes it back in {@link FlowInput#completedDeliveries()} when the entry runs again, so the
 * delivery is not sent twice.
 *
 * @param key      the idempotency key sent with the delivery: {@code <eventId>:<step path>:<system>.<operation>}
 * @param status   the protocol status of the answer (e.g. 201), 0 when the protocol has none
 * @param response the answer after the operation's {@code response} mapping (as received when it has none);
 *                 not masked
 */
public record DeliveryRecord(String key, OperationRef target, StepPath step, int status, Object response) {
    public DeliveryRecord {
        requireNonNull(key, "key");
        requireNonNull(target, "target");
        requireNonNull(step, "step");
    }

    /** The idempotency key of the delivery of {@code eventId} to {@code target} by the step at {@code step}. */
    public static String keyOf(String eventId, StepPath step, OperationRef target) {
        return eventId + ":" + step + ":" + target;
    }
}
