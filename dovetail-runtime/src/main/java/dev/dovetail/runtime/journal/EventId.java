package dev.dovetail.runtime.journal;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * The journal's identity of an accepted event: a time-ordered UUID (version 7), so ids sort
 * by the moment the journal accepted them. It is also the idempotency key a delivery forwards.
 */
public record EventId(UUID value) implements Comparable<EventId> {

    public EventId {
        requireNonNull(value, "value");
    }

    /** Parses the canonical text form ({@code 0190f5c2-...}). */
    public static EventId parse(String text) {
        return new EventId(UUID.fromString(text));
    }

    @Override
    public int compareTo(EventId other) {
        int high = Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
        return high != 0 ? high
                : Long.compareUnsigned(value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
