package dev.dovetail.spi;

/**
 * What reading one page gave: the {@link Page}, or the same {@link DeliveryOutcome.RetryLater} /
 * {@link DeliveryOutcome.Rejected} an invocation would give.
 */
public sealed interface PageOutcome permits Page, DeliveryOutcome.RetryLater, DeliveryOutcome.Rejected {}
