package dev.dovetail.connectors.soap;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the connector needs from a WSDL 1.1 document, read once: the chosen port's SOAP version and endpoint,
 * and per operation its action and request element.
 *
 * @param targetNamespace the WSDL's {@code targetNamespace}
 * @param version the SOAP version of the chosen port's binding
 * @param port the chosen port's name ({@code null} when the WSDL has no service and a binding was taken as is)
 * @param endpoint where requests go: {@code connection.baseUrl} when given, else the port's address
 * @param operations the binding's operations by name, in document order
 */
record Wsdl(String targetNamespace, SoapVersion version, String port, URI endpoint, Map<String, Operation> operations) {

    Wsdl {
        operations = Collections.unmodifiableMap(new LinkedHashMap<>(operations));
    }

    /**
     * One operation of the binding.
     *
     * @param name the operation's name
     * @param soapAction the binding's {@code soapAction} ({@code ""} when it declares none)
     * @param namespace the request element's namespace ({@code ""} for none)
     * @param element the request element's local name, or {@code null} when the input has no body part
     * @param childrenQualified whether child elements are in the request element's namespace
     *     ({@code elementFormDefault="qualified"})
     * @param shape the declared children of the request element, for placing an idempotency element
     * @param unsupported why the connector cannot call this operation, or {@code null} when it can
     */
    record Operation(String name, String soapAction, String namespace, String element, boolean childrenQualified,
            Shape shape, String unsupported) {}

    /**
     * The child elements a schema declares for an element, in declaration order, with their own shapes where the
     * schema describes them.
     */
    record Shape(List<String> children, Map<String, Shape> nested) {
        static final Shape UNKNOWN = new Shape(List.of(), Map.of());

        Shape {
            children = List.copyOf(children);
            nested = Collections.unmodifiableMap(new LinkedHashMap<>(nested));
        }

        Shape child(String name) {
            return nested.getOrDefault(name, UNKNOWN);
        }
    }
}
