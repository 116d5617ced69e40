package dev.dovetail.connectors.http;

/** A call that cannot be turned into a request; it is rejected before anything is sent. */
final class InvalidCall extends RuntimeException {
    InvalidCall(String message) {
        super(message, null, false, false);
    }
}
