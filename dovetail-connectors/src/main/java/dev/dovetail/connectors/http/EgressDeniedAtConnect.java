package dev.dovetail.connectors.http;

import java.net.UnknownHostException;

/**
 * The egress policy refused the addresses a host name resolved to when the connection was being made (it had
 * allowed the name's addresses a moment before: the name was re-pointed in between).
 */
final class EgressDeniedAtConnect extends UnknownHostException {
    EgressDeniedAtConnect(String reason) {
        super("egress denied: " + reason);
    }
}
