package dev.dovetail.connectors.file;

import java.io.IOException;

/**
 * A store refused Dovetail for a reason that waiting will not fix: a refused login, an unexpected host key,
 * an unreadable private key, a denied egress target. The connector reports it as permanent.
 */
public final class AccessRefused extends IOException {
    public AccessRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
