package dev.dovetail.sandbox.erp;

import dev.dovetail.sandbox.common.HtmlPage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read-only page at {@code /}: newest orders with their lines, customers, stock. */
final class ErpPage {

    private static final int ORDERS_SHOWN = 50;

    private ErpPage() {}

    static String render(ErpDatabase database, String jdbcUrl, String wsdlUrl) {
        return database.inTransaction(c -> HtmlPage.titled("Sandbox ERP (legacy on-premise)")
                .paragraph("Database: " + jdbcUrl + " (user " + ErpDatabase.USER + ") · SOAP: " + wsdlUrl)
                .table("XS_DD sales orders, newest " + ORDERS_SHOWN,
                        List.of("XSDDH", "KHBM", "KHMC", "DJRQ", "JE_FEN", "WBDH", "ZT", "FHRQ", "WLDH", "XGSJ", "MX lines"),
                        orders(c))
                .table("KH_KHXX customers", List.of("KHBM", "KHMC", "SH", "DH", "DZ", "LXR", "XGSJ"),
                        rows(c, "SELECT KHBM, '[' || KHMC || ']', SH, DH, DZ, LXR, XGSJ FROM KH_KHXX ORDER BY KHBM"))
                .table("KC_KCXX stock", List.of("WLBM", "WLMC", "CK", "SL", "XGSJ"),
                        rows(c, """
                                SELECT K.WLBM, W.WLMC, K.CK, K.SL, K.XGSJ FROM KC_KCXX K
                                LEFT JOIN WL_WLXX W ON W.WLBM = K.WLBM ORDER BY K.WLBM, K.CK"""))
                .paragraph("Customer names are shown in [brackets] so trailing spaces are visible.")
                .render());
    }

    private static List<List<Object>> orders(Connection c) throws SQLException {
        Map<String, List<Object>> byOrder = new LinkedHashMap<>();
        try (var ps = c.prepareStatement("""
                SELECT D.XSDDH, D.KHBM, K.KHMC, D.DJRQ, D.JE_FEN, D.WBDH, D.ZT, D.FHRQ, D.WLDH, D.XGSJ
                FROM XS_DD D LEFT JOIN KH_KHXX K ON K.KHBM = D.KHBM
                ORDER BY D.CJSJ DESC, D.XSDDH DESC LIMIT ?""")) {
            ps.setInt(1, ORDERS_SHOWN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= 10; i++) {
                        row.add(rs.getObject(i));
                    }
                    row.add(new StringBuilder());
                    byOrder.put(rs.getString(1), row);
                }
            }
        }
        if (!byOrder.isEmpty()) {
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery(
                    """
                    SELECT XSDDH, HH, WLBM, SL, DJ_FEN FROM XS_DDMX WHERE XSDDH IN (
                      SELECT XSDDH FROM XS_DD ORDER BY CJSJ DESC, XSDDH DESC LIMIT %d)
                    ORDER BY XSDDH, HH""".formatted(ORDERS_SHOWN))) {
                while (rs.next()) {
                    List<Object> row = byOrder.get(rs.getString(1));
                    if (row != null) {
                        var lines = (StringBuilder) row.getLast();
                        if (!lines.isEmpty()) {
                            lines.append("; ");
                        }
                        lines.append(rs.getInt(2)).append(". ").append(rs.getString(3)).append(" × ")
                                .append(rs.getLong(4)).append(" @ ").append(rs.getLong(5));
                    }
                }
            }
        }
        return new ArrayList<>(byOrder.values());
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
