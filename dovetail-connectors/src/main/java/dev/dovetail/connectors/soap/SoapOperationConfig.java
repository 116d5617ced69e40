package dev.dovetail.connectors.soap;

import java.util.Arrays;
import java.util.List;

/**
 * How Dovetail calls one operation of a SOAP system, beyond what the WSDL says. Every part is optional; a system may
 * also be called with an operation it does not declare, which then uses the WSDL operation of the same name.
 *
 * @param wsdlOperation the WSDL operation to call ({@code options.operation}); {@code null}: the one with the
 *     operation's own name
 * @param soapAction replaces the WSDL's {@code soapAction} ({@code options.soapAction}); {@code null}: as the WSDL says
 * @param idempotencyHeader the HTTP header that carries the call's idempotency key, or {@code null}
 * @param idempotencyElement the element that carries the call's idempotency key ({@code options.idempotencyElement}),
 *     as a dot-separated path below the request element: {@code idempotencyKey}, {@code header.requestId}; or
 *     {@code null}
 */
public record SoapOperationConfig(String wsdlOperation, String soapAction, String idempotencyHeader, String idempotencyElement) {

    /** Nothing beyond the WSDL. */
    public static final SoapOperationConfig DEFAULT = new SoapOperationConfig(null, null, null, null);

    public SoapOperationConfig {
        wsdlOperation = blankToNull(wsdlOperation);
        idempotencyHeader = blankToNull(idempotencyHeader);
        idempotencyElement = blankToNull(idempotencyElement);
        if (soapAction != null && soapAction.chars().anyMatch(c -> c == '"' || c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("soapAction must not contain quotes or control characters: " + soapAction);
        }
        if (idempotencyElement != null) {
            for (var name : idempotencyElement.split("\\.", -1)) {
                try {
                    RequestEnvelope.checkName(name, "idempotencyElement");
                } catch (InvalidRequest e) {
                    throw new IllegalArgumentException("idempotencyElement '" + idempotencyElement
                            + "' must be element names separated by dots, e.g. idempotencyKey or header.requestId");
                }
            }
        }
    }

    /** {@link #idempotencyElement()} split at its dots; empty when there is none. */
    public List<String> idempotencyElementPath() {
        return idempotencyElement == null ? List.of() : Arrays.asList(idempotencyElement.split("\\."));
    }

    public SoapOperationConfig withWsdlOperation(String name) {
        return new SoapOperationConfig(name, soapAction, idempotencyHeader, idempotencyElement);
    }

    public SoapOperationConfig withSoapAction(String action) {
        return new SoapOperationConfig(wsdlOperation, action, idempotencyHeader, idempotencyElement);
    }

    public SoapOperationConfig withIdempotencyHeader(String header) {
        return new SoapOperationConfig(wsdlOperation, soapAction, header, idempotencyElement);
    }

    public SoapOperationConfig withIdempotencyElement(String path) {
        return new SoapOperationConfig(wsdlOperation, soapAction, idempotencyHeader, path);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
