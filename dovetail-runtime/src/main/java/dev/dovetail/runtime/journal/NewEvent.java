package dev.dovetail.runtime.journal;

import static java.util.Objects.requireNonNull;

/**
 * An event to append to the journal.
 *
 * @param system      the source system (or, for a derived entry, what produced it)
 * @param event       the event's name
 * @param recordKey   the business record the event is about; entries of the same system, event
 *                    and key are dispatched in append order. {@code null} means no order is kept.
 * @param dedupKey    identifies a repeat: a second event with the same system, event and dedup key
 *                    is recognised as a duplicate and not stored again
 * @param contentType the payload's media type, e.g. {@code application/json}
 * @param payload     the body as text
 * @param causedBy    the entry this one was derived from (a flow hop), or {@code null}
 * @param progress    initial handler state (e.g. where a split item resumes), or {@code null}; see
 *                    {@link JournalEntry#progress()}
 */
public record NewEvent(String system, String event, String recordKey, String dedupKey,
                       String contentType, String payload, EventId causedBy, String progress) {

    static final int MAX_NAME = 100;
    static final int MAX_KEY = 500;
    static final int MAX_CONTENT_TYPE = 200;

    public NewEvent {
        requireNonNull(system, "system");
        requireNonNull(event, "event");
        requireNonNull(dedupKey, "dedupKey");
        requireNonNull(contentType, "contentType");
        requireNonNull(payload, "payload");
        checkLength("system", system, MAX_NAME);
        checkLength("event", event, MAX_NAME);
        checkLength("recordKey", recordKey, MAX_KEY);
        checkLength("dedupKey", dedupKey, MAX_KEY);
        checkLength("contentType", contentType, MAX_CONTENT_TYPE);
        if (system.isEmpty() || event.isEmpty() || dedupKey.isEmpty()) {
            throw new IllegalArgumentException("system, event and dedupKey must not be empty");
        }
    }

    public NewEvent(String system, String event, String recordKey, String dedupKey,
                    String contentType, String payload) {
        this(system, event, recordKey, dedupKey, contentType, payload, null, null);
    }

    /** A derived entry (a flow hop) with the entry it came from and its initial progress. */
    public NewEvent derived(EventId cause, String initialProgress) {
        return new NewEvent(system, event, recordKey, dedupKey, contentType, payload, cause, initialProgress);
    }

    public EventType type() {
        return new EventType(system, event);
    }

    private static void checkLength(String name, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(name + " is longer than " + max + " characters");
        }
    }
}
