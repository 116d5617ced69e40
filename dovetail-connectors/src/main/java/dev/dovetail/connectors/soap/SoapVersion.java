package dev.dovetail.connectors.soap;

import java.util.Set;

/** The two SOAP versions: how an envelope is named and sent, and which fault codes blame the sender. */
enum SoapVersion {
    V1_1("1.1", "http://schemas.xmlsoap.org/soap/envelope/", "http://schemas.xmlsoap.org/wsdl/soap/",
            Set.of("Client", "VersionMismatch", "MustUnderstand"), Set.of("Server")),
    V1_2("1.2", "http://www.w3.org/2003/05/soap-envelope", "http://schemas.xmlsoap.org/wsdl/soap12/",
            Set.of("Sender", "VersionMismatch", "MustUnderstand", "DataEncodingUnknown"), Set.of("Receiver"));

    final String number;
    /** The namespace of {@code Envelope}, {@code Body}, {@code Fault} and the standard fault codes. */
    final String envelopeNamespace;
    /** The namespace of the WSDL 1.1 binding extension elements ({@code soap:binding}, {@code soap:address}...). */
    final String bindingNamespace;
    /** Fault codes that say the request itself is wrong: the same request will fail again. */
    final Set<String> permanentCodes;
    /** Fault codes that say the receiver had trouble: a later attempt may succeed. */
    final Set<String> transientCodes;

    SoapVersion(String number, String envelopeNamespace, String bindingNamespace, Set<String> permanentCodes,
            Set<String> transientCodes) {
        this.number = number;
        this.envelopeNamespace = envelopeNamespace;
        this.bindingNamespace = bindingNamespace;
        this.permanentCodes = permanentCodes;
        this.transientCodes = transientCodes;
    }

    /** The request's {@code Content-Type}: SOAP 1.2 carries the action in it, SOAP 1.1 in the {@code SOAPAction} header. */
    String contentType(String action) {
        return switch (this) {
            case V1_1 -> "text/xml; charset=utf-8";
            case V1_2 -> "application/soap+xml; charset=utf-8" + (action == null || action.isEmpty() ? "" : "; action=\"" + action + "\"");
        };
    }

    static SoapVersion byEnvelopeNamespace(String namespace) {
        for (var version : values()) {
            if (version.envelopeNamespace.equals(namespace)) {
                return version;
            }
        }
        return null;
    }

    static SoapVersion byBindingNamespace(String namespace) {
        for (var version : values()) {
            if (version.bindingNamespace.equals(namespace)) {
                return version;
            }
        }
        return null;
    }
}
