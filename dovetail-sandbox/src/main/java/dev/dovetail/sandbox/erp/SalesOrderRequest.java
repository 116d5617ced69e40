package dev.dovetail.sandbox.erp;

import java.util.List;

/**
 * A createSalesOrder request as it arrived: every field is the raw text of its element (null when
 * absent), so {@link SalesOrders} can validate all of it in one place.
 */
record SalesOrderRequest(String idempotencyKey, String khbm, String djrq, String bz, String wbdh, List<Line> lines) {

    SalesOrderRequest {
        lines = List.copyOf(lines);
    }

    /** One {@code MX} element: material code, quantity and (optional) unit price in fen. */
    record Line(String wlbm, String sl, String djFen) {}
}
