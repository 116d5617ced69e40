package dev.dovetail.runtime.intake;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A verified, timestamped signature that {@link WebhookIntake#committed} remembers until {@code expiresAt}
 * (after which the timestamp is outside the tolerance window and the request is refused as stale anyway).
 *
 * @param system    the system the request was for
 * @param event     the event the request was for
 * @param signature the signature value that matched, as decoded bytes in lower-case hex
 * @param expiresAt when the mark may be forgotten
 */
public record ReplayMark(String system, String event, String signature, Instant expiresAt) {
    public ReplayMark {
        requireNonNull(system, "system");
        requireNonNull(event, "event");
        requireNonNull(signature, "signature");
        requireNonNull(expiresAt, "expiresAt");
    }
}
