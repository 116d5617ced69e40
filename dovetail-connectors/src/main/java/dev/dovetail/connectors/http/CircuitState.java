package dev.dovetail.connectors.http;

/** The state of a system's circuit breaker. */
public enum CircuitState {
    /** Calls go through; failures are counted. */
    CLOSED,
    /** Calls are refused with a retry-later outcome without reaching the system. */
    OPEN,
    /** A few probe calls go through to decide whether to close or reopen. */
    HALF_OPEN,
    /** The breaker is switched off; calls always go through. */
    DISABLED
}
