package dev.dovetail.runtime.journal;

import static java.util.Objects.requireNonNull;

/** What the journal did with one appended event. Either way the answer is durable when it arrives. */
public sealed interface AppendResult {

    /** The id under which the event is (now or already) in the journal. */
    EventId eventId();

    /** The event was new and is now stored. */
    record Appended(EventId eventId) implements AppendResult {
        public Appended {
            requireNonNull(eventId, "eventId");
        }
    }

    /** An event with the same dedup key was stored before (or earlier in the same append); nothing was stored. */
    record Duplicate(EventId existingEventId) implements AppendResult {
        public Duplicate {
            requireNonNull(existingEventId, "existingEventId");
        }

        @Override
        public EventId eventId() {
            return existingEventId;
        }
    }
}
