package dev.dovetail.sandbox.wms;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The WMS's memory in an embedded H2 file: received batches (one per inbox file), their
 * shipments and lines, and the stock. Files themselves live in the SFTP folder.
 */
final class WmsStore implements AutoCloseable {

    static final String DEFAULT_WAREHOUSE = "WH01";
    private static final List<String> CARRIERS = List.of("SF", "ZTO", "YTO");

    private final JdbcConnectionPool pool;

    private WmsStore(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    static WmsStore open(Path dir) {
        var pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("wms").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE", "wms", "");
        var store = new WmsStore(pool);
        store.inTransaction(c -> {
            try (var st = c.createStatement()) {
                st.execute("""
                        CREATE TABLE IF NOT EXISTS BATCH (
                          ID BIGINT PRIMARY KEY, SOURCE_FILE VARCHAR(255) NOT NULL, RECEIVED_AT BIGINT NOT NULL,
                          DUE_AT BIGINT NOT NULL, STATUS VARCHAR(16) NOT NULL, CONFIRMATION_FILE VARCHAR(255))""");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS SHIPMENT (
                          ID BIGINT PRIMARY KEY, ORDER_NO VARCHAR(64) NOT NULL UNIQUE, BATCH_ID BIGINT NOT NULL,
                          CUSTOMER_CODE VARCHAR(64) NOT NULL, CUSTOMER_NAME VARCHAR(200), ADDRESS VARCHAR(500) NOT NULL,
                          SHIP_DATE VARCHAR(10), CARRIER VARCHAR(8) NOT NULL, TRACKING_NO VARCHAR(32) NOT NULL,
                          STATUS VARCHAR(16) NOT NULL, SHIPPED_AT BIGINT)""");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS SHIPMENT_LINE (
                          SHIPMENT_ID BIGINT NOT NULL, LINE_NO INT NOT NULL, SKU VARCHAR(64) NOT NULL,
                          QTY BIGINT NOT NULL, PRIMARY KEY (SHIPMENT_ID, LINE_NO))""");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS STOCK (
                          SKU VARCHAR(64) NOT NULL, WAREHOUSE VARCHAR(16) NOT NULL, QTY BIGINT NOT NULL,
                          PRIMARY KEY (SKU, WAREHOUSE))""");
                st.execute("CREATE SEQUENCE IF NOT EXISTS BATCH_SEQ START WITH 1");
                st.execute("CREATE SEQUENCE IF NOT EXISTS SHIPMENT_SEQ START WITH 1");
            }
            return null;
        });
        return store;
    }

    /** A received file's new orders, to be shipped at {@code dueAt}. */
    record Batch(long id, String sourceFile, Instant receivedAt, Instant dueAt, List<Shipment> shipments) {}

    record Shipment(String orderNo, String carrier, String trackingNo, List<ShipmentOrder.Line> lines) {}

    /** What receiving a file did: the batch of new orders (null when every order was a repeat) and the repeats. */
    record Received(Batch batch, List<String> duplicateOrderNos) {}

    /** Records the orders not seen before as one batch; orders already received (by orderNo) are skipped. */
    Received receive(String sourceFile, List<ShipmentOrder> orders, Instant receivedAt, Instant dueAt) {
        return inTransaction(c -> {
            List<String> duplicates = new ArrayList<>();
            List<ShipmentOrder> fresh = new ArrayList<>();
            for (ShipmentOrder order : orders) {
                if (known(c, order.orderNo())) {
                    duplicates.add(order.orderNo());
                } else {
                    fresh.add(order);
                }
            }
            if (fresh.isEmpty()) {
                return new Received(null, duplicates);
            }
            long batchId = next(c, "BATCH_SEQ");
            try (var ps = c.prepareStatement("""
                    INSERT INTO BATCH (ID, SOURCE_FILE, RECEIVED_AT, DUE_AT, STATUS) VALUES (?, ?, ?, ?, 'RECEIVED')""")) {
                ps.setLong(1, batchId);
                ps.setString(2, sourceFile);
                ps.setLong(3, receivedAt.toEpochMilli());
                ps.setLong(4, dueAt.toEpochMilli());
                ps.executeUpdate();
            }
            List<Shipment> shipments = new ArrayList<>();
            for (ShipmentOrder order : fresh) {
                long id = next(c, "SHIPMENT_SEQ");
                String carrier = CARRIERS.get((int) (id % CARRIERS.size()));
                String tracking = carrier + "%012d".formatted(880_000_000_000L + id);
                try (var ps = c.prepareStatement("""
                        INSERT INTO SHIPMENT (ID, ORDER_NO, BATCH_ID, CUSTOMER_CODE, CUSTOMER_NAME, ADDRESS, SHIP_DATE,
                                              CARRIER, TRACKING_NO, STATUS)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED')""")) {
                    ps.setLong(1, id);
                    ps.setString(2, order.orderNo());
                    ps.setLong(3, batchId);
                    ps.setString(4, order.customerCode());
                    ps.setString(5, order.customerName());
                    ps.setString(6, order.address());
                    ps.setString(7, order.shipDate());
                    ps.setString(8, carrier);
                    ps.setString(9, tracking);
                    ps.executeUpdate();
                }
                try (var ps = c.prepareStatement(
                        "INSERT INTO SHIPMENT_LINE (SHIPMENT_ID, LINE_NO, SKU, QTY) VALUES (?, ?, ?, ?)")) {
                    int lineNo = 1;
                    for (ShipmentOrder.Line line : order.lines()) {
                        ps.setLong(1, id);
                        ps.setInt(2, lineNo++);
                        ps.setString(3, line.sku());
                        ps.setLong(4, line.qty());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                shipments.add(new Shipment(order.orderNo(), carrier, tracking, order.lines()));
            }
            return new Received(new Batch(batchId, sourceFile, receivedAt, dueAt, shipments), duplicates);
        });
    }

    /** Batches received but not yet confirmed whose ship time has come, oldest first. */
    List<Batch> due(Instant now) {
        return inTransaction(c -> {
            List<Batch> batches = new ArrayList<>();
            try (var ps = c.prepareStatement("""
                    SELECT ID, SOURCE_FILE, RECEIVED_AT, DUE_AT FROM BATCH
                    WHERE STATUS = 'RECEIVED' AND DUE_AT <= ? ORDER BY DUE_AT, ID""")) {
                ps.setLong(1, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        batches.add(new Batch(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                                Instant.ofEpochMilli(rs.getLong(4)), List.of()));
                    }
                }
            }
            List<Batch> full = new ArrayList<>();
            for (Batch b : batches) {
                full.add(new Batch(b.id(), b.sourceFile(), b.receivedAt(), b.dueAt(), shipments(c, b.id())));
            }
            return full;
        });
    }

    /** Marks a batch shipped (its confirmation file is written) and takes its quantities out of stock. */
    void shipped(Batch batch, String confirmationFile) {
        inTransaction(c -> {
            try (var ps = c.prepareStatement(
                    "UPDATE BATCH SET STATUS = 'SHIPPED', CONFIRMATION_FILE = ? WHERE ID = ? AND STATUS = 'RECEIVED'")) {
                ps.setString(1, confirmationFile);
                ps.setLong(2, batch.id());
                if (ps.executeUpdate() == 0) {
                    return null;
                }
            }
            try (var ps = c.prepareStatement(
                    "UPDATE SHIPMENT SET STATUS = 'SHIPPED', SHIPPED_AT = ? WHERE BATCH_ID = ?")) {
                ps.setLong(1, batch.dueAt().toEpochMilli());
                ps.setLong(2, batch.id());
                ps.executeUpdate();
            }
            for (Shipment shipment : batch.shipments()) {
                for (ShipmentOrder.Line line : shipment.lines()) {
                    adjust(c, line.sku(), DEFAULT_WAREHOUSE, -line.qty());
                }
            }
            return null;
        });
    }

    /** A stock row. */
    record StockRow(String sku, String warehouse, long qty) {}

    List<StockRow> stock() {
        return inTransaction(c -> {
            List<StockRow> rows = new ArrayList<>();
            try (var st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT SKU, WAREHOUSE, QTY FROM STOCK ORDER BY SKU, WAREHOUSE")) {
                while (rs.next()) {
                    rows.add(new StockRow(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return rows;
        });
    }

    /** Sets a stock quantity. */
    void setStock(String sku, String warehouse, long qty) {
        inTransaction(c -> {
            try (var ps = c.prepareStatement("MERGE INTO STOCK (SKU, WAREHOUSE, QTY) VALUES (?, ?, ?)")) {
                ps.setString(1, sku);
                ps.setString(2, warehouse);
                ps.setLong(3, Math.max(0, qty));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Changes a stock quantity by {@code delta} (never below zero) and returns the new quantity. */
    long adjustStock(String sku, String warehouse, long delta) {
        return inTransaction(c -> adjust(c, sku, warehouse, delta));
    }

    /** Newest shipments for the page: order, customer, status, carrier, tracking, batch file, lines. */
    List<List<Object>> recentShipments(int limit) {
        return inTransaction(c -> {
            Map<Long, List<Object>> rows = new LinkedHashMap<>();
            try (var ps = c.prepareStatement("""
                    SELECT S.ID, S.ORDER_NO, S.CUSTOMER_CODE, S.ADDRESS, S.STATUS, S.CARRIER, S.TRACKING_NO,
                           B.SOURCE_FILE, B.CONFIRMATION_FILE
                    FROM SHIPMENT S JOIN BATCH B ON B.ID = S.BATCH_ID ORDER BY S.ID DESC LIMIT ?""")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int i = 2; i <= 9; i++) {
                            row.add(rs.getObject(i));
                        }
                        rows.put(rs.getLong(1), row);
                    }
                }
            }
            for (var entry : rows.entrySet()) {
                StringBuilder lines = new StringBuilder();
                for (ShipmentOrder.Line line : lines(c, entry.getKey())) {
                    lines.append(lines.isEmpty() ? "" : "; ").append(line.sku()).append(" × ").append(line.qty());
                }
                entry.getValue().add(lines.toString());
            }
            return new ArrayList<>(rows.values());
        });
    }

    long count(String sql) {
        return inTransaction(c -> {
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Forgets everything and restarts the numbering. */
    void clear() {
        inTransaction(c -> {
            try (var st = c.createStatement()) {
                for (String table : List.of("SHIPMENT_LINE", "SHIPMENT", "BATCH", "STOCK")) {
                    st.execute("DELETE FROM " + table);
                }
                st.execute("ALTER SEQUENCE BATCH_SEQ RESTART WITH 1");
                st.execute("ALTER SEQUENCE SHIPMENT_SEQ RESTART WITH 1");
            }
            return null;
        });
    }

    @Override
    public void close() {
        try (Connection c = pool.getConnection(); var st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            // already closed
        }
        pool.dispose();
    }

    private static boolean known(Connection c, String orderNo) throws SQLException {
        try (var ps = c.prepareStatement("SELECT 1 FROM SHIPMENT WHERE ORDER_NO = ?")) {
            ps.setString(1, orderNo);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<Shipment> shipments(Connection c, long batchId) throws SQLException {
        List<Shipment> shipments = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        try (var ps = c.prepareStatement(
                "SELECT ID, ORDER_NO, CARRIER, TRACKING_NO FROM SHIPMENT WHERE BATCH_ID = ? ORDER BY ID")) {
            ps.setLong(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    shipments.add(new Shipment(rs.getString(2), rs.getString(3), rs.getString(4), List.of()));
                }
            }
        }
        for (int i = 0; i < shipments.size(); i++) {
            Shipment s = shipments.get(i);
            shipments.set(i, new Shipment(s.orderNo(), s.carrier(), s.trackingNo(), lines(c, ids.get(i))));
        }
        return shipments;
    }

    private static List<ShipmentOrder.Line> lines(Connection c, long shipmentId) throws SQLException {
        List<ShipmentOrder.Line> lines = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT SKU, QTY FROM SHIPMENT_LINE WHERE SHIPMENT_ID = ? ORDER BY LINE_NO")) {
            ps.setLong(1, shipmentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new ShipmentOrder.Line(rs.getString(1), rs.getLong(2)));
                }
            }
        }
        return lines;
    }

    private static long adjust(Connection c, String sku, String warehouse, long delta) throws SQLException {
        long current = 0;
        try (var ps = c.prepareStatement("SELECT QTY FROM STOCK WHERE SKU = ? AND WAREHOUSE = ?")) {
            ps.setString(1, sku);
            ps.setString(2, warehouse);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    current = rs.getLong(1);
                }
            }
        }
        // the WMS ships what it is told and never counts below zero
        long updated = Math.max(0, current + delta);
        try (var ps = c.prepareStatement("MERGE INTO STOCK (SKU, WAREHOUSE, QTY) VALUES (?, ?, ?)")) {
            ps.setString(1, sku);
            ps.setString(2, warehouse);
            ps.setLong(3, updated);
            ps.executeUpdate();
        }
        return updated;
    }

    private static long next(Connection c, String sequence) throws SQLException {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT NEXT VALUE FOR " + sequence)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("WMS store: " + e.getMessage(), e);
        }
    }
}
