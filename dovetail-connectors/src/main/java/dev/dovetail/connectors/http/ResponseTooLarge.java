package dev.dovetail.connectors.http;

import java.io.IOException;

/** A successful answer's body was larger than the system's {@code maxResponseBytes}. */
final class ResponseTooLarge extends IOException {
    ResponseTooLarge(long limit) {
        super("the answer body exceeds " + limit + " bytes");
    }
}
