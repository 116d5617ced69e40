package dev.dovetail.sandbox.wms;

import java.util.List;

/** A shipment order from the inbox: one or more rows of an order file with the same orderNo. */
record ShipmentOrder(String orderNo, String customerCode, String customerName, String address, String shipDate,
        List<Line> lines) {

    ShipmentOrder {
        lines = List.copyOf(lines);
    }

    record Line(String sku, long qty) {}
}
