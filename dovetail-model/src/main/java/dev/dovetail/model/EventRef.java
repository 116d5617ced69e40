package dev.dovetail.model;

import static java.util.Objects.requireNonNull;

/** {@code <system>.<event>}, e.g. {@code crm.order-won}: an event a system tells Dovetail about. */
public record EventRef(String system, String event) {
    public EventRef {
        requireNonNull(system, "system");
        requireNonNull(event, "event");
    }

    @Override
    public String toString() {
        return system + "." + event;
    }
}
