package dev.dovetail.sandbox.erp;

import dev.dovetail.sandbox.erp.ErpOutcome.Done;
import dev.dovetail.sandbox.erp.ErpOutcome.Refused;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Creating, reading and confirming the shipment of sales orders: the business behind the SOAP
 * service. Validation problems are {@link Refused} values; only a broken database throws.
 */
final class SalesOrders {

    /** The ERP works in local time, as on-premise systems in China do. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String DEFAULT_WAREHOUSE = "CK01";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]{1,7}");
    private static final Pattern FEN = Pattern.compile("[0-9]{1,10}");
    private static final int MAX_LINES = 200;

    private final ErpDatabase database;
    private final Clock clock;
    // Orders are created one at a time: cheap at sandbox volumes and makes idempotency trivially safe.
    private final ReentrantLock writes = new ReentrantLock();

    SalesOrders(ErpDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    ErpOutcome create(SalesOrderRequest request) {
        String key = trimToNull(request.idempotencyKey());
        if (key != null && key.length() > 100) {
            return new Refused("INVALID_FIELD", "idempotencyKey is longer than 100 characters");
        }
        writes.lock();
        try {
            return database.inTransaction(c -> {
                if (key != null) {
                    Optional<String> earlier = orderNumberOfKey(c, key);
                    if (earlier.isPresent()) {
                        return new Done(find(c, earlier.get()).orElseThrow(), true);
                    }
                }
                Valid valid;
                switch (validate(c, request)) {
                    case Checked.No no -> {
                        return no.refused();
                    }
                    case Checked.Ok ok -> valid = ok.order();
                }
                var order = insert(c, valid);
                if (key != null) {
                    try (var ps = c.prepareStatement("INSERT INTO XT_MDJ (MDJ, XSDDH, CJSJ) VALUES (?, ?, ?)")) {
                        ps.setString(1, key);
                        ps.setString(2, order.xsddh());
                        ps.setString(3, order.cjsj());
                        ps.executeUpdate();
                    }
                }
                return new Done(order, false);
            });
        } finally {
            writes.unlock();
        }
    }

    /** Runs database work (reset, seed) while no order is being created or confirmed. */
    void exclusively(ErpDatabase.SqlWork<Void> work) {
        writes.lock();
        try {
            database.inTransaction(work);
        } finally {
            writes.unlock();
        }
    }

    Optional<SalesOrder> find(String orderNo) {
        return database.inTransaction(c -> find(c, orderNo));
    }

    /** Sets the order to SHIPPED with ship date and tracking number and takes the quantities out of stock. */
    ErpOutcome confirmShipment(ShipmentConfirmation confirmation) {
        String orderNo = trimToNull(confirmation.xsddh());
        String shipDate = trimToNull(confirmation.fhrq());
        String tracking = trimToNull(confirmation.wldh());
        String warehouse = Optional.ofNullable(trimToNull(confirmation.ck())).orElse(DEFAULT_WAREHOUSE);
        if (orderNo == null) {
            return missing("XSDDH");
        }
        if (shipDate == null) {
            return missing("FHRQ");
        }
        if (!isDate(shipDate)) {
            return new Refused("INVALID_FIELD", "FHRQ must be a date as yyyyMMdd, got '" + shipDate + "'");
        }
        if (tracking == null) {
            return missing("WLDH");
        }
        if (tracking.length() > 64 || warehouse.length() > 10) {
            return new Refused("INVALID_FIELD", "WLDH is limited to 64 characters and CK to 10");
        }
        writes.lock();
        try {
            return database.inTransaction(c -> {
                Optional<SalesOrder> found = find(c, orderNo);
                if (found.isEmpty()) {
                    return new Refused("UNKNOWN_ORDER", "no sales order " + orderNo);
                }
                SalesOrder order = found.get();
                if (SalesOrder.SHIPPED.equals(order.zt())) {
                    if (tracking.equals(order.wldh())) {
                        return new Done(order, true);
                    }
                    return new Refused("ALREADY_SHIPPED",
                            "sales order " + orderNo + " was already shipped with tracking number " + order.wldh());
                }
                String now = now();
                try (var ps = c.prepareStatement(
                        "UPDATE XS_DD SET ZT = ?, FHRQ = ?, WLDH = ?, XGSJ = ? WHERE XSDDH = ?")) {
                    ps.setString(1, SalesOrder.SHIPPED);
                    ps.setString(2, shipDate);
                    ps.setString(3, tracking);
                    ps.setString(4, now);
                    ps.setString(5, orderNo);
                    ps.executeUpdate();
                }
                for (SalesOrder.Line line : order.lines()) {
                    takeFromStock(c, line.wlbm(), warehouse, line.sl(), now);
                }
                return new Done(find(c, orderNo).orElseThrow(), false);
            });
        } finally {
            writes.unlock();
        }
    }

    private record Valid(String customer, String date, String remark, String externalNo, List<SalesOrder.Line> lines) {}

    private sealed interface Checked {
        record Ok(Valid order) implements Checked {}

        record No(Refused refused) implements Checked {}
    }

    private Checked validate(Connection c, SalesOrderRequest request) throws SQLException {
        String customer = trimToNull(request.khbm());
        if (customer == null) {
            return no(missing("KHBM"));
        }
        if (!exists(c, "SELECT 1 FROM KH_KHXX WHERE KHBM = ?", customer)) {
            return no(new Refused("UNKNOWN_CUSTOMER", "no customer with KHBM " + customer));
        }
        String date = trimToNull(request.djrq());
        if (date == null) {
            date = LocalDate.now(clock.withZone(ZONE)).format(DATE);
        } else if (!isDate(date)) {
            return no(new Refused("INVALID_FIELD", "DJRQ must be a date as yyyyMMdd, got '" + date + "'"));
        }
        String remark = request.bz() == null ? "" : request.bz();
        if (remark.length() > 200) {
            return no(new Refused("INVALID_FIELD", "BZ is limited to 200 characters"));
        }
        String externalNo = trimToNull(request.wbdh());
        if (externalNo != null && externalNo.length() > 64) {
            return no(new Refused("INVALID_FIELD", "WBDH is limited to 64 characters"));
        }
        if (request.lines().isEmpty()) {
            return no(new Refused("MISSING_FIELD", "an order needs at least one MX line"));
        }
        if (request.lines().size() > MAX_LINES) {
            return no(new Refused("INVALID_FIELD", "an order may have at most " + MAX_LINES + " lines"));
        }
        List<SalesOrder.Line> lines = new ArrayList<>();
        for (SalesOrderRequest.Line raw : request.lines()) {
            int lineNo = lines.size() + 1;
            String material = trimToNull(raw.wlbm());
            if (material == null) {
                return no(new Refused("MISSING_FIELD", "line " + lineNo + ": WLBM is required"));
            }
            Optional<Long> listPrice = listPrice(c, material);
            if (listPrice.isEmpty()) {
                return no(new Refused("UNKNOWN_MATERIAL", "line " + lineNo + ": no material with WLBM " + material));
            }
            String quantity = trimToNull(raw.sl());
            if (quantity == null) {
                return no(new Refused("MISSING_FIELD", "line " + lineNo + ": SL is required"));
            }
            if (!QUANTITY.matcher(quantity).matches() || Long.parseLong(quantity) == 0) {
                return no(new Refused("INVALID_FIELD", "line " + lineNo
                        + ": SL must be a positive whole number below 10 000 000, got '"
                        + quantity + "'"));
            }
            String price = trimToNull(raw.djFen());
            if (price != null && !FEN.matcher(price).matches()) {
                return no(new Refused("INVALID_FIELD", "line " + lineNo
                        + ": DJ_FEN must be a whole number of fen (no decimal point), got '" + price + "'"));
            }
            long sl = Long.parseLong(quantity);
            long djFen = price == null ? listPrice.get() : Long.parseLong(price);
            lines.add(new SalesOrder.Line(lineNo, material, sl, djFen, sl * djFen));
        }
        try {
            lines.stream().mapToLong(SalesOrder.Line::jeFen).reduce(0, Math::addExact);
        } catch (ArithmeticException e) {
            return no(new Refused("INVALID_FIELD", "the order total does not fit the JE_FEN column"));
        }
        return new Checked.Ok(new Valid(customer, date, remark, externalNo, lines));
    }

    private SalesOrder insert(Connection c, Valid order) throws SQLException {
        String orderNo;
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT NEXT VALUE FOR XS_DDH_SEQ")) {
            rs.next();
            orderNo = ErpSchema.orderNumber(rs.getLong(1));
        }
        long total = order.lines().stream().mapToLong(SalesOrder.Line::jeFen).reduce(0, Math::addExact);
        String now = now();
        try (var ps = c.prepareStatement("""
                INSERT INTO XS_DD (XSDDH, KHBM, DJRQ, JE_FEN, BZ, WBDH, ZT, FHRQ, WLDH, CJSJ, XGSJ)
                VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)""")) {
            ps.setString(1, orderNo);
            ps.setString(2, order.customer());
            ps.setString(3, order.date());
            ps.setLong(4, total);
            ps.setString(5, order.remark());
            ps.setString(6, order.externalNo());
            ps.setString(7, SalesOrder.NEW);
            ps.setString(8, now);
            ps.setString(9, now);
            ps.executeUpdate();
        }
        try (var ps = c.prepareStatement(
                "INSERT INTO XS_DDMX (XSDDH, HH, WLBM, SL, DJ_FEN, JE_FEN) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (SalesOrder.Line line : order.lines()) {
                ps.setString(1, orderNo);
                ps.setInt(2, line.hh());
                ps.setString(3, line.wlbm());
                ps.setLong(4, line.sl());
                ps.setLong(5, line.djFen());
                ps.setLong(6, line.jeFen());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return find(c, orderNo).orElseThrow();
    }

    static Optional<SalesOrder> find(Connection c, String orderNo) throws SQLException {
        List<SalesOrder.Line> lines = new ArrayList<>();
        try (var ps = c.prepareStatement(
                "SELECT HH, WLBM, SL, DJ_FEN, JE_FEN FROM XS_DDMX WHERE XSDDH = ? ORDER BY HH")) {
            ps.setString(1, orderNo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new SalesOrder.Line(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
        }
        try (var ps = c.prepareStatement("""
                SELECT XSDDH, KHBM, DJRQ, JE_FEN, BZ, WBDH, ZT, FHRQ, WLDH, CJSJ, XGSJ
                FROM XS_DD WHERE XSDDH = ?""")) {
            ps.setString(1, orderNo);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SalesOrder(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), lines));
            }
        }
    }

    private static Optional<String> orderNumberOfKey(Connection c, String key) throws SQLException {
        try (var ps = c.prepareStatement("SELECT XSDDH FROM XT_MDJ WHERE MDJ = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static Optional<Long> listPrice(Connection c, String material) throws SQLException {
        try (var ps = c.prepareStatement("SELECT DJ_FEN FROM WL_WLXX WHERE WLBM = ?")) {
            ps.setString(1, material);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void takeFromStock(Connection c, String material, String warehouse, long quantity, String now)
            throws SQLException {
        try (var ps = c.prepareStatement("UPDATE KC_KCXX SET SL = SL - ?, XGSJ = ? WHERE WLBM = ? AND CK = ?")) {
            ps.setLong(1, quantity);
            ps.setString(2, now);
            ps.setString(3, material);
            ps.setString(4, warehouse);
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        // like many old ERPs, this one lets stock go negative rather than refuse a shipment
        try (var ps = c.prepareStatement("INSERT INTO KC_KCXX (WLBM, CK, SL, XGSJ) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, material);
            ps.setString(2, warehouse);
            ps.setLong(3, -quantity);
            ps.setString(4, now);
            ps.executeUpdate();
        }
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private String now() {
        return clock.instant().atZone(ZONE).format(TIMESTAMP);
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text, DATE);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Checked no(Refused refused) {
        return new Checked.No(refused);
    }

    private static Refused missing(String element) {
        return new Refused("MISSING_FIELD", element + " is required");
    }

    private static String trimToNull(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
