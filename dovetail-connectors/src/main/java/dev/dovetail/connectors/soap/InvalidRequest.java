package dev.dovetail.connectors.soap;

/** The call cannot be turned into a request; nothing is sent and the call is rejected with this message. */
final class InvalidRequest extends RuntimeException {
    InvalidRequest(String message) {
        super(message, null, false, false);
    }
}
