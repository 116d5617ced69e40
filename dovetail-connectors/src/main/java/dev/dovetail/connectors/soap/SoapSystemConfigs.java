package dev.dovetail.connectors.soap;

import static java.util.Objects.requireNonNull;

import dev.dovetail.connectors.http.HttpSystemConfigs;
import dev.dovetail.model.SystemDef;
import dev.dovetail.model.Workspace;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the systems of a loaded workspace ({@link SystemDef}s with {@code connector: soap}) into the connector's
 * {@link SoapSystemConfig}. Secrets are revealed here, at conversion time, so convert again when the workspace or a
 * secret changes (and build a new {@link SoapInvoker}, which reads the WSDL again).
 *
 * <p>Carried over: {@code connection.wsdl} (an http(s) URL, or a file relative to the workspace folder),
 * {@code connection.baseUrl} (replaces the WSDL's endpoint address), {@code connection.port},
 * {@code connection.elementFormDefault}, {@code connection.headers}, {@code connection.tls}, {@code auth},
 * {@code limits}, and per operation its {@code idempotencyHeader} and {@code options.operation},
 * {@code options.soapAction}, {@code options.idempotencyElement}. An operation's {@code request} and
 * {@code response} mappings and its {@code headers} stay with the runtime.
 */
public final class SoapSystemConfigs {

    private SoapSystemConfigs() {}

    /**
     * The connector configuration of one system.
     *
     * @param system a {@code soap} system of a loaded workspace
     * @param workspaceRoot the workspace folder; a relative WSDL file and TLS store paths are resolved against it
     * @throws IllegalArgumentException when the system does not use the soap connector, or a value is outside what
     *     the connector accepts (possible only for a {@code SystemDef} that was not loaded by the loader)
     */
    public static SoapSystemConfig from(SystemDef system, Path workspaceRoot) {
        requireNonNull(system, "system");
        requireNonNull(workspaceRoot, "workspaceRoot");
        if (system.connector() != SystemDef.Connector.SOAP) {
            throw new IllegalArgumentException("system " + system.name() + " uses the "
                    + (system.connector() == null ? "(unknown)" : system.connector().id()) + " connector, not soap");
        }
        var connection = system.connection();
        var options = connection.options();
        var wsdl = text(options.get("wsdl"));
        if (wsdl == null) {
            throw new IllegalArgumentException("system " + system.name() + " has no connection.wsdl");
        }
        var endpoint = connection.baseUrl().map(URI::create).orElse(null);
        var operations = new LinkedHashMap<String, SoapOperationConfig>();
        system.operations().forEach((name, operation) -> operations.put(name, operation(system.name(), operation)));
        return new SoapSystemConfig(system.name(), wsdlLocation(system.name(), wsdl, workspaceRoot), endpoint,
                text(options.get("port")), elementForm(system.name(), options.get("elementFormDefault")), connection.headers(),
                HttpSystemConfigs.auth(system.auth()), HttpSystemConfigs.limits(system.limits()),
                HttpSystemConfigs.tls(connection.tls(), workspaceRoot), operations);
    }

    /** The configuration of every {@code soap} system of the workspace, by name, in the workspace's order. */
    public static Map<String, SoapSystemConfig> from(Workspace workspace) {
        var configs = new LinkedHashMap<String, SoapSystemConfig>();
        workspace.systems().forEach((name, system) -> {
            if (system.connector() == SystemDef.Connector.SOAP) {
                configs.put(name, from(system, workspace.root()));
            }
        });
        return Collections.unmodifiableMap(configs);
    }

    /** An http(s) URL as it is; anything else is a file, relative to the workspace folder. */
    static URI wsdlLocation(String system, String wsdl, Path workspaceRoot) {
        var lower = wsdl.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                return new URI(wsdl);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("system " + system + ": connection.wsdl '" + wsdl + "' is not a URL: " + e.getReason());
            }
        }
        return workspaceRoot.resolve(wsdl).toAbsolutePath().normalize().toUri();
    }

    static SoapOperationConfig operation(String system, SystemDef.Operation operation) {
        var options = operation.options();
        try {
            return new SoapOperationConfig(text(options.get("operation")), text(options.get("soapAction")),
                    operation.idempotencyHeader().orElse(null), text(options.get("idempotencyElement")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system " + system + ", operation " + operation.name() + ": " + e.getMessage());
        }
    }

    private static SoapSystemConfig.ElementForm elementForm(String system, Object option) {
        var text = text(option);
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "qualified" -> SoapSystemConfig.ElementForm.QUALIFIED;
            case "unqualified" -> SoapSystemConfig.ElementForm.UNQUALIFIED;
            default -> throw new IllegalArgumentException("system " + system + ": connection.elementFormDefault '" + text
                    + "' is not qualified or unqualified");
        };
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        var text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }
}
