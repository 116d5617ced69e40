package dev.dovetail.model;

/** What starts a flow or feeds a sync: an event of a system, a poll, or a schedule. */
public sealed interface Trigger permits Trigger.OnEvent, Poll, Schedule {
    /** {@code trigger: {event: crm.order-won}}. */
    record OnEvent(EventRef event) implements Trigger {}
}
