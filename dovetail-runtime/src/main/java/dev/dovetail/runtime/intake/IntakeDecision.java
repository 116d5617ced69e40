package dev.dovetail.runtime.intake;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What {@link WebhookIntake} decided about one request: take it into the journal, or refuse it with a
 * 4xx answer. A refused request must be journaled nowhere.
 */
public sealed interface IntakeDecision {

    /**
     * The request is authentic and well formed; append {@code event} to the journal and answer 202 (new)
     * or 200 (a duplicate by dedup key). After the append is durable, pass this decision to
     * {@link WebhookIntake#committed(Accepted)} so a replay of the same signed request is refused.
     *
     * @param replayMark what {@link WebhookIntake#committed(Accepted)} remembers; empty when the webhook
     *                   has no timestamped signature (then only the dedup key recognises a repeat)
     */
    record Accepted(InboundEvent event, Optional<ReplayMark> replayMark) implements IntakeDecision {
        public Accepted {
            requireNonNull(event, "event");
            requireNonNull(replayMark, "replayMark");
        }
    }

    /**
     * The request is refused.
     *
     * @param status  the HTTP status to answer: 400, 401, 404, 413, 415 or 422
     * @param code    a stable machine-readable code, one of {@link RefusalCode}'s constants
     * @param message what is wrong, for the sender's developers; never contains secrets or body excerpts
     *                beyond a short token, and no control characters
     */
    record Refused(int status, String code, String message) implements IntakeDecision {
        public Refused {
            requireNonNull(code, "code");
            requireNonNull(message, "message");
            if (status < 400 || status > 499) throw new IllegalArgumentException("a refusal is a 4xx status, not " + status);
        }
    }
}
