package dev.dovetail.runtime.intake;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An accepted webhook, ready to be appended to the journal.
 *
 * @param system      the source system
 * @param event       the event's name
 * @param recordKey   the business record the event is about (the event's {@code key} path), never empty,
 *                    at most 500 characters
 * @param dedupKey    identifies a repeat of this event: 64 lower-case hex characters, the SHA-256 of system,
 *                    event, record key and either the version (when the event declares {@code version}) or
 *                    the SHA-256 of the canonical payload
 * @param payload     the body as a JSON-like value: {@code Map<String,Object>} (insertion ordered),
 *                    {@code List<Object>}, String, Long, BigDecimal, Boolean or null. XML and form bodies
 *                    arrive converted (see docs/webhooks.md)
 * @param payloadJson {@code payload} as JSON text: for a JSON body the body itself, unchanged; for XML and
 *                    form bodies the converted value
 * @param contentType the {@code Content-Type} the sender gave, as sent
 * @param receivedAt  when the request arrived
 */
public record InboundEvent(String system, String event, String recordKey, String dedupKey, Object payload,
                           String payloadJson, String contentType, Instant receivedAt) {
    public InboundEvent {
        requireNonNull(system, "system");
        requireNonNull(event, "event");
        requireNonNull(recordKey, "recordKey");
        requireNonNull(dedupKey, "dedupKey");
        requireNonNull(payloadJson, "payloadJson");
        requireNonNull(contentType, "contentType");
        requireNonNull(receivedAt, "receivedAt");
    }

    /** Without the payload, which may hold personal data. */
    @Override
    public String toString() {
        return "InboundEvent[" + system + "/" + event + ", key=" + recordKey + ", dedup=" + dedupKey + ", " + contentType + "]";
    }
}
