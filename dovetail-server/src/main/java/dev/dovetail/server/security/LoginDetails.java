package dev.dovetail.server.security;

import java.io.Serializable;

/**
 * Where and how a login happened, kept with the authentication for the audit log.
 *
 * @param method {@code form}, {@code basic} or {@code token}
 */
public record LoginDetails(String method, String remoteAddress) implements Serializable {}
