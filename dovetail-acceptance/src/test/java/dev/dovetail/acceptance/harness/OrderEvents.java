package dev.dovetail.acceptance.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The CRM "order-won" events the senders post, as a pure function of a sequence number (the same number always
 * gives the same bytes), and the ERP order the relay workspace's mapping must make of each
 * ({@link #expectedErp(int)}: the rule of the bench's order relay, written again in Java).
 */
public final class OrderEvents {
    private static final String[] STAGES = {"Closed Won", "Closed Won", "Closed Won", "Closed Won", "Closed Won", "Closed Won",
            "Negotiation", "Proposal", "Closed Lost", "Qualification"};
    private static final String[] CURRENCIES = {"CNY", "CNY", "CNY", "USD", "EUR"};
    private static final String[] OFFSETS = {"+08:00", "+08:00", "-05:00", "+00:00"};
    private static final Map<String, String> STATUS = Map.of("Closed Won", "APPROVED", "Closed Lost", "CANCELLED",
            "Negotiation", "PENDING", "Proposal", "DRAFT");

    private OrderEvents() {}

    /** One event: its order id ({@code OPP-000042}) and body. */
    public record OrderEvent(int seq, String orderId, byte[] body) {}

    /** Events 1..count. */
    public static List<OrderEvent> events(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(OrderEvents::event).toList();
    }

    public static OrderEvent event(int seq) {
        return new OrderEvent(seq, orderId(seq), Json.compact(crmOrder(seq)).getBytes(UTF_8));
    }

    public static String orderId(int seq) {
        return "OPP-%06d".formatted(seq);
    }

    /** The sequence number in an order id, or empty when it is not one of ours. */
    public static Optional<Integer> seq(String orderId) {
        if (orderId == null || !orderId.matches("OPP-\\d{6}")) return Optional.empty();
        return Optional.of(Integer.parseInt(orderId.substring(4)));
    }

    /** The CRM opportunity of event {@code seq} (field order as a CRM sends it). */
    public static Map<String, Object> crmOrder(int seq) {
        var order = new LinkedHashMap<String, Object>();
        order.put("id", orderId(seq));
        order.put("accountId", "ACC-" + account(seq));
        order.put("stage", STAGES[seq % STAGES.length]);
        var lines = lines(seq);
        order.put("amount", lines.stream().map(l -> ((BigDecimal) l.get("unitPrice")).multiply(BigDecimal.valueOf((Integer) l.get("qty"))))
                .reduce(BigDecimal.ZERO, BigDecimal::add));
        order.put("currency", CURRENCIES[seq % CURRENCIES.length]);
        order.put("closeDate", closeDate(seq));
        order.put("owner", Map.of("email", "owner" + (seq % 17) + "@example.com"));
        order.put("lines", lines);
        return order;
    }

    /** The ERP sales order the relay mapping makes of event {@code seq}. */
    public static Map<String, Object> expectedErp(int seq) {
        var crm = crmOrder(seq);
        var erp = new LinkedHashMap<String, Object>();
        erp.put("XSDDH", crm.get("id"));
        erp.put("KHBM", "C%05d".formatted(account(seq)));
        erp.put("DJRQ", OffsetDateTime.parse((String) crm.get("closeDate")).toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE));
        erp.put("JE_FEN", fen((BigDecimal) crm.get("amount")));
        erp.put("BZ", crm.get("currency"));
        erp.put("ZT", STATUS.getOrDefault((String) crm.get("stage"), "UNKNOWN"));
        var mx = new ArrayList<Map<String, Object>>();
        for (var line : lines(seq)) {
            var row = new LinkedHashMap<String, Object>();
            row.put("WLBM", line.get("sku"));
            row.put("SL", line.get("qty"));
            row.put("DJ_FEN", fen((BigDecimal) line.get("unitPrice")));
            mx.add(row);
        }
        erp.put("MX", mx);
        return erp;
    }

    /**
     * Why an ERP body the sink received is not the expected order of its order number, or empty when it is. Numbers
     * compare by value ({@code 123450} equals {@code 123450.0}).
     */
    public static Optional<String> mismatch(String erpBody) {
        var parsed = Json.tryParse(erpBody);
        if (parsed.isEmpty() || !(parsed.get() instanceof Map<?, ?> actual)) return Optional.of("not a JSON object");
        var seq = seq(actual.get("XSDDH") instanceof String s ? s : null);
        if (seq.isEmpty()) return Optional.of("XSDDH is not one of the sent order ids: " + actual.get("XSDDH"));
        return difference("", expectedErp(seq.get()), actual);
    }

    private static Optional<String> difference(String path, Object expected, Object actual) {
        if (expected instanceof Map<?, ?> e) {
            if (!(actual instanceof Map<?, ?> a)) return Optional.of(path + ": expected an object, got " + actual);
            if (!e.keySet().equals(a.keySet())) return Optional.of(path + ": fields " + a.keySet() + ", expected " + e.keySet());
            for (var key : e.keySet()) {
                var d = difference(path + "." + key, e.get(key), a.get(key));
                if (d.isPresent()) return d;
            }
            return Optional.empty();
        }
        if (expected instanceof List<?> e) {
            if (!(actual instanceof List<?> a) || a.size() != e.size()) return Optional.of(path + ": expected " + e + ", got " + actual);
            for (int i = 0; i < e.size(); i++) {
                var d = difference(path + "[" + i + "]", e.get(i), a.get(i));
                if (d.isPresent()) return d;
            }
            return Optional.empty();
        }
        if (expected instanceof Number e) {
            if (actual instanceof Number a && new BigDecimal(e.toString()).compareTo(new BigDecimal(a.toString())) == 0) return Optional.empty();
            return Optional.of(path + ": expected " + e + ", got " + actual);
        }
        return expected.equals(actual) ? Optional.empty() : Optional.of(path + ": expected " + expected + ", got " + actual);
    }

    private static int account(int seq) {
        return 1 + (seq * 37) % 500;
    }

    private static String closeDate(int seq) {
        int day = 1 + seq % 28;
        int hour = (seq * 7) % 24;
        int minute = (seq * 13) % 60;
        return "2026-11-%02dT%02d:%02d:00%s".formatted(day, hour, minute, OFFSETS[seq % OFFSETS.length]);
    }

    private static List<Map<String, Object>> lines(int seq) {
        int count = 1 + seq % 4;
        var lines = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < count; i++) {
            var line = new LinkedHashMap<String, Object>();
            line.put("sku", "SKU-" + (1 + (seq * 11 + i * 7) % 250));
            line.put("qty", 1 + (seq + i) % 9);
            line.put("unitPrice", BigDecimal.valueOf(100 + (seq * 131L + i * 977L) % 99_900, 2));
            lines.add(line);
        }
        return lines;
    }

    private static long fen(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }
}
