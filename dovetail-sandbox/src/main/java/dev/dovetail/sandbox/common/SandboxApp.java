package dev.dovetail.sandbox.common;

import java.net.URI;
import java.util.Map;

/**
 * A sandbox system the launcher and the JUnit extension can start and stop. Most systems extend
 * {@link HttpSandbox}, which implements all of this.
 */
public interface SandboxApp extends AutoCloseable {

    /** Short name: {@code crm}, {@code erp}, {@code oa}, {@code wms}. */
    String name();

    /** Binds its ports and serves; returns when ready. Not restartable: create a new instance. */
    void start() throws Exception;

    /** The HTTP port (page and control endpoints); valid after {@link #start()}. */
    int port();

    /** {@code http://127.0.0.1:<port>} (no trailing slash). */
    URI baseUrl();

    /** Extra doors besides HTTP, e.g. {@code db → jdbc:h2:tcp://...}, {@code sftp → sftp://...}. */
    Map<String, String> endpoints();

    /** Stops serving and releases ports and files. Idempotent. */
    @Override
    void close();

    /** {@code SANDBOX <name> READY http://127.0.0.1:<port>[ key=value...]}: the line the launcher prints. */
    default String readyLine() {
        StringBuilder line = new StringBuilder("SANDBOX ").append(name()).append(" READY ").append(baseUrl());
        endpoints().forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        return line.toString();
    }
}
