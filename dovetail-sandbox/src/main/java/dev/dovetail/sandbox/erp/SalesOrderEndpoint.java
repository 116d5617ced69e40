package dev.dovetail.sandbox.erp;

import dev.dovetail.sandbox.common.Request;
import dev.dovetail.sandbox.common.Response;
import dev.dovetail.sandbox.common.Stats;
import dev.dovetail.sandbox.erp.ErpOutcome.Done;
import dev.dovetail.sandbox.erp.ErpOutcome.Refused;
import dev.dovetail.sandbox.erp.SoapXml.UnreadableRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import org.w3c.dom.Element;

/**
 * The SOAP 1.1 sales order service at {@code /erp/ws/SalesOrderService}: the WSDL on
 * {@code GET ?wsdl}, the operations on {@code POST}. The operation is chosen by the body element
 * (SOAPAction is not checked, as many old stacks do). Faults follow SOAP 1.1: HTTP 500 with
 * {@code soap:Client} for requests that will never succeed as sent, {@code soap:Server} for trouble
 * on this side that a retry may get past.
 */
final class SalesOrderEndpoint {

    static final String PATH = "/erp/ws/SalesOrderService";
    private static final String XML = "text/xml; charset=utf-8";

    private final SalesOrders orders;
    private final Stats stats;
    private final Supplier<URI> baseUrl;
    private final String wsdlTemplate;

    SalesOrderEndpoint(SalesOrders orders, Stats stats, Supplier<URI> baseUrl) {
        this.orders = orders;
        this.stats = stats;
        this.baseUrl = baseUrl;
        this.wsdlTemplate = resource("SalesOrderService.wsdl");
    }

    Response wsdl(Request request) {
        if (request.queryParam("wsdl").isEmpty() && !request.query().containsKey("WSDL")) {
            return Response.text(404, "SalesOrderService: GET " + PATH + "?wsdl for the WSDL, POST for SOAP calls\n");
        }
        String wsdl = wsdlTemplate.replace("@ADDRESS@", baseUrl.get() + PATH);
        return Response.of(200, XML, wsdl.getBytes(StandardCharsets.UTF_8));
    }

    Response call(Request request) {
        Element operation;
        try {
            operation = SoapXml.operation(request.body());
        } catch (UnreadableRequest e) {
            return fault(e.faultCode, e.code, e.getMessage());
        }
        if (!SoapXml.SERVICE_NS.equals(operation.getNamespaceURI())) {
            return fault("Client", "UNKNOWN_OPERATION", "operation element must be in namespace " + SoapXml.SERVICE_NS
                    + ", got {" + Objects.toString(operation.getNamespaceURI(), "") + "}" + operation.getLocalName());
        }
        try {
            return switch (operation.getLocalName()) {
                case "createSalesOrder" -> createSalesOrder(operation);
                case "getSalesOrder" -> getSalesOrder(operation);
                case "confirmShipment" -> confirmShipment(operation);
                default -> fault("Client", "UNKNOWN_OPERATION", "no operation " + operation.getLocalName()
                        + " (known: createSalesOrder, getSalesOrder, confirmShipment)");
            };
        } catch (RuntimeException e) {
            stats.increment("erp.errors");
            return fault("Server", "INTERNAL_ERROR", "the ERP could not process the request: " + e.getMessage());
        }
    }

    /** A soap:Server fault for an injected failure or outage; a 4xx injected status gives soap:Client. */
    static Response injectedFault(int status, boolean outage, String message) {
        String faultCode = status >= 500 ? "Server" : "Client";
        String code = outage ? "SERVICE_UNAVAILABLE" : "INJECTED_FAULT";
        return Response.of(status, XML, SoapXml.fault(faultCode, code, message).getBytes(StandardCharsets.UTF_8));
    }

    private Response createSalesOrder(Element op) {
        var lines = SoapXml.children(op, "MX").stream()
                .map(mx -> new SalesOrderRequest.Line(SoapXml.text(mx, "WLBM"), SoapXml.text(mx, "SL"),
                        SoapXml.text(mx, "DJ_FEN")))
                .toList();
        var request = new SalesOrderRequest(SoapXml.text(op, "idempotencyKey"), SoapXml.text(op, "KHBM"),
                SoapXml.text(op, "DJRQ"), SoapXml.text(op, "BZ"), SoapXml.text(op, "WBDH"), lines);
        return switch (orders.create(request)) {
            case Refused r -> refused(r);
            case Done d -> {
                stats.increment(d.replayed() ? "erp.orders.replayed" : "erp.orders.created");
                SalesOrder o = d.order();
                yield ok(new SoapXml.Writer().startRoot("createSalesOrderResponse")
                        .element("XSDDH", o.xsddh()).element("JE_FEN", o.jeFen()).element("ZT", o.zt())
                        .element("replayed", d.replayed()).end("createSalesOrderResponse"));
            }
        };
    }

    private Response getSalesOrder(Element op) {
        String orderNo = SoapXml.text(op, "XSDDH");
        if (orderNo == null || orderNo.isBlank()) {
            return refused(new Refused("MISSING_FIELD", "XSDDH is required"));
        }
        var found = orders.find(orderNo.strip());
        if (found.isEmpty()) {
            return refused(new Refused("UNKNOWN_ORDER", "no sales order " + orderNo.strip()));
        }
        SalesOrder o = found.get();
        var xml = new SoapXml.Writer().startRoot("getSalesOrderResponse").start("DD")
                .element("XSDDH", o.xsddh()).element("KHBM", o.khbm()).element("DJRQ", o.djrq())
                .element("JE_FEN", o.jeFen()).element("BZ", o.bz()).element("WBDH", o.wbdh()).element("ZT", o.zt())
                .element("FHRQ", o.fhrq()).element("WLDH", o.wldh()).element("CJSJ", o.cjsj())
                .element("XGSJ", o.xgsj());
        for (SalesOrder.Line line : o.lines()) {
            xml.start("MX").element("HH", line.hh()).element("WLBM", line.wlbm()).element("SL", line.sl())
                    .element("DJ_FEN", line.djFen()).element("JE_FEN", line.jeFen()).end("MX");
        }
        return ok(xml.end("DD").end("getSalesOrderResponse"));
    }

    private Response confirmShipment(Element op) {
        var confirmation = new ShipmentConfirmation(SoapXml.text(op, "XSDDH"), SoapXml.text(op, "FHRQ"),
                SoapXml.text(op, "WLDH"), SoapXml.text(op, "CK"));
        return switch (orders.confirmShipment(confirmation)) {
            case Refused r -> refused(r);
            case Done d -> {
                stats.increment(d.replayed() ? "erp.shipments.replayed" : "erp.shipments.confirmed");
                SalesOrder o = d.order();
                yield ok(new SoapXml.Writer().startRoot("confirmShipmentResponse")
                        .element("XSDDH", o.xsddh()).element("ZT", o.zt()).element("FHRQ", o.fhrq())
                        .element("WLDH", o.wldh()).element("replayed", d.replayed()).end("confirmShipmentResponse"));
            }
        };
    }

    private Response refused(Refused refused) {
        return fault("Client", refused.code(), refused.message());
    }

    private Response fault(String faultCode, String code, String message) {
        stats.increment("erp.faults." + faultCode.toLowerCase(java.util.Locale.ROOT));
        return Response.of(500, XML, SoapXml.fault(faultCode, code, message).getBytes(StandardCharsets.UTF_8));
    }

    private static Response ok(SoapXml.Writer body) {
        return Response.of(200, XML, SoapXml.envelope(body.toString()).getBytes(StandardCharsets.UTF_8));
    }

    private static String resource(String name) {
        try (InputStream in = SalesOrderEndpoint.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
