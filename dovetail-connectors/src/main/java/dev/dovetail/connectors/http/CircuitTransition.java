package dev.dovetail.connectors.http;

import java.time.Instant;

/**
 * A change of a system's circuit breaker state, for logs and metrics.
 *
 * @param system the system's name
 * @param from the state before
 * @param to the state after
 * @param at when it happened
 */
public record CircuitTransition(String system, CircuitState from, CircuitState to, Instant at) {}
