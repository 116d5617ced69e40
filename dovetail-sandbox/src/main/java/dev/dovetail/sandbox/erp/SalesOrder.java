package dev.dovetail.sandbox.erp;

import java.util.List;

/** A row of {@code XS_DD} with its {@code XS_DDMX} lines, named as the ERP names them. */
record SalesOrder(String xsddh, String khbm, String djrq, long jeFen, String bz, String wbdh, String zt,
        String fhrq, String wldh, String cjsj, String xgsj, List<Line> lines) {

    static final String NEW = "NEW";
    static final String SHIPPED = "SHIPPED";

    SalesOrder {
        lines = List.copyOf(lines);
    }

    /** A row of {@code XS_DDMX}. */
    record Line(int hh, String wlbm, long sl, long djFen, long jeFen) {}
}
