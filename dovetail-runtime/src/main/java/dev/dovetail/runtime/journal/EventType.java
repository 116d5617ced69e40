package dev.dovetail.runtime.journal;

import static java.util.Objects.requireNonNull;

/** What kind of event an entry is: the system that sent it and the event's name, e.g. {@code crm.order-won}. */
public record EventType(String system, String event) {

    public EventType {
        requireNonNull(system, "system");
        requireNonNull(event, "event");
    }

    @Override
    public String toString() {
        return system + "." + event;
    }
}
