package dev.dovetail.connectors.soap;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.w3c.dom.Element;

/**
 * Reads a WSDL 1.1 document (one file: {@code wsdl:import} and schema imports are not followed) into a {@link Wsdl}:
 * picks the port (the one named, else the first SOAP 1.1 port, else the first SOAP 1.2 port), its binding's
 * version, style and actions, and for each operation the request element with the order its schema declares.
 * Supports document/literal and rpc/literal; operations with SOAP encoding are marked unsupported.
 */
final class WsdlReader {

    static final String WSDL_NS = "http://schemas.xmlsoap.org/wsdl/";
    static final String WSDL2_NS = "http://www.w3.org/ns/wsdl";
    static final String XSD_NS = "http://www.w3.org/2001/XMLSchema";

    /** Shapes are only a hint for placing the idempotency element: bound the work a hostile schema can cause. */
    private static final int MAX_SHAPE_DEPTH = 12;
    private static final int MAX_SHAPE_NODES = 10_000;

    /** A WSDL the connector cannot use; the message says why, for a person. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What the system file chooses.
     *
     * @param port the port to use, or {@code null} for the first SOAP port
     * @param endpoint {@code connection.baseUrl}, which replaces the port's address, or {@code null}
     * @param qualified {@code connection.elementFormDefault} as a flag, or {@code null} to follow the schema
     * @param fetchedFrom the URL the WSDL came from, or {@code null} for a file; an address taken from a fetched WSDL
     *     must be on the same scheme, host and port, so the system's credentials never go elsewhere
     */
    record Choice(String port, URI endpoint, Boolean qualified, URI fetchedFrom) {}

    private record Port(String name, String binding, URI address, String addressProblem) {}

    private final Element root;
    private final String targetNamespace;
    private final Map<String, Boolean> schemaQualified = new LinkedHashMap<>();
    private final Map<String, Element> schemaElements = new LinkedHashMap<>();
    private final Map<String, Element> schemaTypes = new LinkedHashMap<>();
    private final Map<String, Element> messages = new LinkedHashMap<>();
    private final Map<String, Element> portTypes = new LinkedHashMap<>();
    private final Map<String, Element> bindings = new LinkedHashMap<>();
    private final List<Port> ports = new ArrayList<>();
    private boolean imports;
    private int shapeNodes;

    private WsdlReader(Element root) {
        this.root = root;
        this.targetNamespace = root.getAttribute("targetNamespace");
        index();
    }

    static Wsdl read(byte[] bytes, Charset charset, Choice choice) throws Problem {
        org.w3c.dom.Document document;
        try {
            document = HardenedXml.parse(bytes, charset);
        } catch (HardenedXml.Refused refused) {
            throw new Problem("the WSDL cannot be read: " + refused.getMessage());
        }
        var root = document.getDocumentElement();
        if (WSDL2_NS.equals(root.getNamespaceURI())) {
            throw new Problem("it is a WSDL 2.0 document; the connector reads WSDL 1.1");
        }
        if (!WSDL_NS.equals(root.getNamespaceURI()) || !"definitions".equals(XmlValues.localName(root))) {
            throw new Problem("it is not a WSDL 1.1 document: the root element is {" + Objects.toString(root.getNamespaceURI(), "")
                    + "}" + XmlValues.localName(root) + ", not wsdl:definitions");
        }
        return new WsdlReader(root).wsdl(choice);
    }

    private void index() {
        for (var child : XmlValues.elements(root)) {
            if (!WSDL_NS.equals(child.getNamespaceURI())) {
                continue;
            }
            var name = child.getAttribute("name");
            switch (XmlValues.localName(child)) {
                case "import" -> imports = true;
                case "types" -> indexSchemas(child);
                case "message" -> messages.putIfAbsent(name, child);
                case "portType" -> portTypes.putIfAbsent(name, child);
                case "binding" -> bindings.putIfAbsent(name, child);
                case "service" -> {
                    for (var port : children(child, WSDL_NS, "port")) {
                        ports.add(port(port));
                    }
                }
                default -> {}
            }
        }
    }

    private void indexSchemas(Element types) {
        for (var schema : children(types, XSD_NS, "schema")) {
            var namespace = schema.getAttribute("targetNamespace");
            schemaQualified.putIfAbsent(namespace, "qualified".equals(schema.getAttribute("elementFormDefault")));
            for (var child : XmlValues.elements(schema)) {
                if (!XSD_NS.equals(child.getNamespaceURI())) {
                    continue;
                }
                switch (XmlValues.localName(child)) {
                    case "import", "include" -> imports = true;
                    case "element" -> schemaElements.putIfAbsent(key(namespace, child.getAttribute("name")), child);
                    case "complexType" -> schemaTypes.putIfAbsent(key(namespace, child.getAttribute("name")), child);
                    default -> {}
                }
            }
        }
    }

    private Port port(Element port) {
        var binding = localPart(port.getAttribute("binding"));
        for (var child : XmlValues.elements(port)) {
            if ("address".equals(XmlValues.localName(child)) && SoapVersion.byBindingNamespace(child.getNamespaceURI()) != null) {
                var location = child.getAttribute("location").strip();
                try {
                    return new Port(port.getAttribute("name"), binding, new URI(location), null);
                } catch (URISyntaxException e) {
                    return new Port(port.getAttribute("name"), binding, null, "its address '" + location + "' is not a URL");
                }
            }
        }
        return new Port(port.getAttribute("name"), binding, null, null);
    }

    private Wsdl wsdl(Choice choice) throws Problem {
        Port port = null;
        Element binding;
        if (choice.port() != null) {
            port = ports.stream().filter(p -> p.name().equals(choice.port())).findFirst()
                    .orElseThrow(() -> new Problem("it has no port named '" + choice.port() + "'; its ports: " + portNames()));
            binding = bindings.get(port.binding());
            if (binding == null || version(binding) == null) {
                throw new Problem("port '" + port.name() + "' does not use a SOAP 1.1 or 1.2 binding" + importHint());
            }
        } else {
            port = firstSoapPort(SoapVersion.V1_1);
            if (port == null) {
                port = firstSoapPort(SoapVersion.V1_2);
            }
            if (port != null) {
                binding = bindings.get(port.binding());
            } else if (ports.isEmpty()) {
                binding = firstSoapBinding(); // an abstract WSDL without a service: the address comes from baseUrl
            } else {
                binding = null;
            }
            if (binding == null) {
                throw new Problem("it has no port with a SOAP 1.1 or 1.2 binding" + importHint());
            }
        }
        var version = version(binding);
        var endpoint = endpoint(port, choice);
        var style = bindingStyle(binding, version);
        var portType = portTypes.get(localPart(binding.getAttribute("type")));
        if (portType == null) {
            throw new Problem("binding '" + binding.getAttribute("name") + "' names the port type '" + binding.getAttribute("type")
                    + "', which the WSDL does not define" + importHint());
        }
        var operations = new LinkedHashMap<String, Wsdl.Operation>();
        for (var operation : children(binding, WSDL_NS, "operation")) {
            var name = operation.getAttribute("name");
            operations.putIfAbsent(name, operation(operation, portType, version, style, choice));
        }
        if (operations.isEmpty()) {
            throw new Problem("binding '" + binding.getAttribute("name") + "' has no operations");
        }
        return new Wsdl(targetNamespace, version, port == null ? null : port.name(), endpoint, operations);
    }

    private Port firstSoapPort(SoapVersion wanted) {
        for (var port : ports) {
            var binding = bindings.get(port.binding());
            if (binding != null && version(binding) == wanted) {
                return port;
            }
        }
        return null;
    }

    private Element firstSoapBinding() {
        Element first12 = null;
        for (var binding : bindings.values()) {
            var version = version(binding);
            if (version == SoapVersion.V1_1) {
                return binding;
            }
            if (version == SoapVersion.V1_2 && first12 == null) {
                first12 = binding;
            }
        }
        return first12;
    }

    private URI endpoint(Port port, Choice choice) throws Problem {
        if (choice.endpoint() != null) {
            return choice.endpoint();
        }
        var portName = port == null ? "" : " '" + port.name() + "'";
        if (port == null || port.address() == null) {
            throw new Problem(port != null && port.addressProblem() != null
                    ? "port" + portName + ": " + port.addressProblem() + "; set connection.baseUrl to the service's address"
                    : "it names no address for port" + portName + "; set connection.baseUrl to the service's address");
        }
        var address = port.address();
        var scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || address.getHost() == null || address.getRawUserInfo() != null) {
            throw new Problem("the address of port" + portName + " '" + address + "' is not an http(s) URL with a host (and no credentials);"
                    + " set connection.baseUrl to the service's address");
        }
        var from = choice.fetchedFrom();
        if (from != null && !sameOrigin(address, from)) {
            throw new Problem("the address of port" + portName + " '" + address + "' is not on the host the WSDL came from (" + origin(from)
                    + "), so the system's credentials are not sent there; if the address is right, set connection.baseUrl to it");
        }
        return address;
    }

    private Wsdl.Operation operation(Element operation, Element portType, SoapVersion version, String bindingStyle, Choice choice)
            throws Problem {
        var name = operation.getAttribute("name");
        var soapOperation = child(operation, version.bindingNamespace, "operation");
        var action = soapOperation == null ? "" : soapOperation.getAttribute("soapAction").strip();
        if (action.chars().anyMatch(c -> c == '"' || c < 0x20 || c == 0x7f)) {
            throw new Problem("the soapAction of operation '" + name + "' contains a quote or a control character");
        }
        var style = soapOperation != null && !soapOperation.getAttribute("style").isEmpty()
                ? soapOperation.getAttribute("style") : bindingStyle;
        var input = child(operation, WSDL_NS, "input");
        var body = input == null ? null : child(input, version.bindingNamespace, "body");
        var use = body == null || body.getAttribute("use").isEmpty() ? "literal" : body.getAttribute("use");
        if (!use.equals("literal")) {
            return unsupported(name, action, "it uses SOAP encoding (use=\"" + use + "\"); the connector writes literal XML only");
        }
        var parts = inputParts(portType, name, body);
        if (parts == null) {
            return unsupported(name, action, "its port type has no operation '" + name + "' with an input message the WSDL defines" + importHint());
        }
        if (style.equals("rpc")) {
            var names = new ArrayList<String>();
            var nested = new LinkedHashMap<String, Wsdl.Shape>();
            for (var part : parts) {
                var partName = part.getAttribute("name");
                names.add(partName);
                nested.put(partName, partShape(part));
            }
            var namespace = body == null ? "" : body.getAttribute("namespace");
            return new Wsdl.Operation(name, action, namespace, name, Boolean.TRUE.equals(choice.qualified()),
                    new Wsdl.Shape(names, nested), null);
        }
        if (!style.equals("document")) {
            return unsupported(name, action, "its style '" + style + "' is neither document nor rpc");
        }
        if (parts.isEmpty()) {
            return new Wsdl.Operation(name, action, "", null, false, Wsdl.Shape.UNKNOWN, null);
        }
        if (parts.size() > 1) {
            return unsupported(name, action, "its input has " + parts.size() + " body parts; the connector sends one request element");
        }
        var part = parts.getFirst();
        if (part.getAttribute("element").isEmpty()) {
            return unsupported(name, action, "its document-style input part '" + part.getAttribute("name")
                    + "' names a type, not an element");
        }
        var element = resolve(part, part.getAttribute("element"));
        var declaration = schemaElements.get(key(element[0], element[1]));
        var qualified = choice.qualified() != null ? choice.qualified() : schemaQualified.getOrDefault(element[0], Boolean.TRUE);
        var shape = declaration == null ? Wsdl.Shape.UNKNOWN : shapeOfElement(declaration, 0);
        return new Wsdl.Operation(name, action, element[0], element[1], qualified, shape, null);
    }

    private static Wsdl.Operation unsupported(String name, String action, String why) {
        return new Wsdl.Operation(name, action, "", null, false, Wsdl.Shape.UNKNOWN, why);
    }

    /** The input message's parts (restricted to {@code soap:body parts="..."}), or {@code null} when not found. */
    private List<Element> inputParts(Element portType, String operationName, Element soapBody) {
        Element abstractOperation = null;
        for (var candidate : children(portType, WSDL_NS, "operation")) {
            if (candidate.getAttribute("name").equals(operationName)) {
                abstractOperation = candidate;
                break;
            }
        }
        var input = abstractOperation == null ? null : child(abstractOperation, WSDL_NS, "input");
        var message = input == null ? null : messages.get(localPart(input.getAttribute("message")));
        if (message == null) {
            return null;
        }
        var parts = children(message, WSDL_NS, "part");
        if (soapBody != null && soapBody.hasAttribute("parts")) {
            var wanted = Arrays.asList(soapBody.getAttribute("parts").strip().split("\\s+"));
            parts = parts.stream().filter(p -> wanted.contains(p.getAttribute("name"))).toList();
        }
        return parts;
    }

    private Wsdl.Shape partShape(Element part) {
        if (!part.getAttribute("element").isEmpty()) {
            var element = resolve(part, part.getAttribute("element"));
            var declaration = schemaElements.get(key(element[0], element[1]));
            return declaration == null ? Wsdl.Shape.UNKNOWN : shapeOfElement(declaration, 1);
        }
        if (!part.getAttribute("type").isEmpty()) {
            var type = resolve(part, part.getAttribute("type"));
            var declaration = schemaTypes.get(key(type[0], type[1]));
            return declaration == null ? Wsdl.Shape.UNKNOWN : shapeOfType(declaration, 1);
        }
        return Wsdl.Shape.UNKNOWN;
    }

    private Wsdl.Shape shapeOfElement(Element declaration, int depth) {
        if (depth > MAX_SHAPE_DEPTH || ++shapeNodes > MAX_SHAPE_NODES) {
            return Wsdl.Shape.UNKNOWN;
        }
        var inline = child(declaration, XSD_NS, "complexType");
        if (inline != null) {
            return shapeOfType(inline, depth);
        }
        if (!declaration.getAttribute("type").isEmpty()) {
            var type = resolve(declaration, declaration.getAttribute("type"));
            var named = schemaTypes.get(key(type[0], type[1]));
            if (named != null) {
                return shapeOfType(named, depth);
            }
        }
        return Wsdl.Shape.UNKNOWN;
    }

    private Wsdl.Shape shapeOfType(Element complexType, int depth) {
        var names = new ArrayList<String>();
        var nested = new LinkedHashMap<String, Wsdl.Shape>();
        collect(complexType, names, nested, depth);
        return new Wsdl.Shape(names, nested);
    }

    private void collect(Element container, List<String> names, Map<String, Wsdl.Shape> nested, int depth) {
        if (depth > MAX_SHAPE_DEPTH) {
            return;
        }
        for (var child : XmlValues.elements(container)) {
            if (!XSD_NS.equals(child.getNamespaceURI())) {
                continue;
            }
            switch (XmlValues.localName(child)) {
                case "sequence", "choice", "all" -> collect(child, names, nested, depth);
                case "complexContent" -> {
                    for (var derivation : XmlValues.elements(child)) {
                        if ("extension".equals(XmlValues.localName(derivation)) && !derivation.getAttribute("base").isEmpty()) {
                            var base = resolve(derivation, derivation.getAttribute("base"));
                            var baseType = schemaTypes.get(key(base[0], base[1]));
                            if (baseType != null) {
                                collect(baseType, names, nested, depth + 1);
                            }
                        }
                        collect(derivation, names, nested, depth);
                    }
                }
                case "element" -> {
                    String name;
                    Element declaration = child;
                    if (!child.getAttribute("ref").isEmpty()) {
                        var ref = resolve(child, child.getAttribute("ref"));
                        name = ref[1];
                        declaration = schemaElements.get(key(ref[0], ref[1]));
                    } else {
                        name = child.getAttribute("name");
                    }
                    if (!name.isEmpty() && !names.contains(name)) {
                        names.add(name);
                        nested.put(name, declaration == null ? Wsdl.Shape.UNKNOWN : shapeOfElement(declaration, depth + 1));
                    }
                }
                default -> {}
            }
        }
    }

    private SoapVersion version(Element binding) {
        for (var child : XmlValues.elements(binding)) {
            if ("binding".equals(XmlValues.localName(child))) {
                var version = SoapVersion.byBindingNamespace(child.getNamespaceURI());
                if (version != null) {
                    return version;
                }
            }
        }
        return null;
    }

    private static String bindingStyle(Element binding, SoapVersion version) {
        var soapBinding = child(binding, version.bindingNamespace, "binding");
        var style = soapBinding == null ? "" : soapBinding.getAttribute("style");
        return style.isEmpty() ? "document" : style;
    }

    private String portNames() {
        return ports.isEmpty() ? "(none)" : String.join(", ", ports.stream().map(Port::name).toList());
    }

    private String importHint() {
        return imports ? " (imports are not followed: give the connector a WSDL with everything in one file)" : "";
    }

    /** {@code [namespace, localName]} of a QName written in an attribute of {@code context}. */
    private static String[] resolve(Element context, String qname) {
        var colon = qname.indexOf(':');
        var prefix = colon < 0 ? null : qname.substring(0, colon);
        var namespace = context.lookupNamespaceURI(prefix);
        return new String[] {namespace == null ? "" : namespace, colon < 0 ? qname : qname.substring(colon + 1)};
    }

    private static String localPart(String qname) {
        var colon = qname.indexOf(':');
        return colon < 0 ? qname : qname.substring(colon + 1);
    }

    private static String key(String namespace, String name) {
        return "{" + namespace + "}" + name;
    }

    private static Element child(Element parent, String namespace, String localName) {
        for (var child : XmlValues.elements(parent)) {
            if (namespace.equals(child.getNamespaceURI()) && localName.equals(XmlValues.localName(child))) {
                return child;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String namespace, String localName) {
        return XmlValues.elements(parent).stream()
                .filter(child -> namespace.equals(child.getNamespaceURI()) && localName.equals(XmlValues.localName(child)))
                .toList();
    }

    static boolean sameOrigin(URI a, URI b) {
        return origin(a).equals(origin(b));
    }

    private static String origin(URI uri) {
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        var port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        return scheme + "://" + (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }
}
