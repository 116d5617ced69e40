package dev.dovetail.sandbox.wms;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a shipment order file: a header row naming the columns (any order, case-insensitive;
 * unknown columns are ignored), then one row per order line. Required columns: {@code orderNo},
 * {@code customerCode}, {@code sku}, {@code qty}, {@code address}; optional: {@code shipDate}
 * ({@code yyyy-MM-dd}), {@code customerName}. Rows of one order must agree on customer, address and
 * ship date. Either every order of a file is accepted or the file is rejected with every problem.
 */
final class OrderFile {

    static final List<String> REQUIRED = List.of("orderNo", "customerCode", "sku", "qty", "address");
    static final List<String> OPTIONAL = List.of("shipDate", "customerName");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern QTY = Pattern.compile("[0-9]{1,9}");
    private static final int MAX_PROBLEMS = 50;

    private OrderFile() {}

    /** What reading a file gave. */
    sealed interface Result {
        record Orders(List<ShipmentOrder> orders) implements Result {}

        /** Problems as {@code line N: message}, at most 50. */
        record Rejected(List<String> problems) implements Result {}
    }

    static Result read(String text) {
        List<CsvText.Row> rows;
        try {
            rows = CsvText.parse(text).stream().filter(r -> !r.isBlank()).toList();
        } catch (CsvText.Malformed e) {
            return new Result.Rejected(List.of("line " + e.line + ": " + e.getMessage()));
        }
        if (rows.isEmpty()) {
            return new Result.Rejected(List.of("the file is empty; expected a header row "
                    + String.join(",", REQUIRED) + " and order lines"));
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> header = rows.getFirst().cells();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        List<String> missing = REQUIRED.stream().filter(c -> !columns.containsKey(c.toLowerCase(Locale.ROOT))).toList();
        if (!missing.isEmpty()) {
            return new Result.Rejected(List.of("line 1: the header lacks column(s) " + String.join(", ", missing)
                    + "; expected " + String.join(",", REQUIRED) + " (optional: " + String.join(", ", OPTIONAL) + ")"));
        }
        if (rows.size() == 1) {
            return new Result.Rejected(List.of("the file has a header but no order lines"));
        }
        List<String> problems = new ArrayList<>();
        Map<String, Draft> orders = new LinkedHashMap<>();
        for (CsvText.Row row : rows.subList(1, rows.size())) {
            if (problems.size() >= MAX_PROBLEMS) {
                break;
            }
            String where = "line " + row.line() + ": ";
            if (row.cells().size() != header.size()) {
                problems.add(where + "has " + row.cells().size() + " fields, the header has " + header.size());
                continue;
            }
            String orderNo = cell(row, columns, "orderNo");
            String customer = cell(row, columns, "customerCode");
            String sku = cell(row, columns, "sku");
            String qty = cell(row, columns, "qty");
            String address = cell(row, columns, "address");
            String shipDate = cell(row, columns, "shipDate");
            String name = cell(row, columns, "customerName");
            List<String> rowProblems = new ArrayList<>();
            for (var required : List.of(Map.entry("orderNo", orderNo), Map.entry("customerCode", customer),
                    Map.entry("sku", sku), Map.entry("qty", qty), Map.entry("address", address))) {
                if (required.getValue().isEmpty()) {
                    rowProblems.add(required.getKey() + " is empty");
                }
            }
            if (orderNo.length() > 64 || sku.length() > 64) {
                rowProblems.add("orderNo and sku are limited to 64 characters");
            }
            if (!qty.isEmpty() && (!QTY.matcher(qty).matches() || Long.parseLong(qty) == 0)) {
                rowProblems.add("qty must be a positive whole number, got '" + qty + "'");
            }
            if (!shipDate.isEmpty() && !isDate(shipDate)) {
                rowProblems.add("shipDate must be yyyy-MM-dd, got '" + shipDate + "'");
            }
            if (!rowProblems.isEmpty()) {
                problems.add(where + String.join("; ", rowProblems));
                continue;
            }
            Draft draft = orders.computeIfAbsent(orderNo, no -> new Draft(no, customer, name, address, shipDate));
            if (!draft.customerCode.equals(customer) || !draft.address.equals(address)
                    || !draft.shipDate.equals(shipDate)) {
                problems.add(where + "order " + orderNo
                        + " has another customerCode, address or shipDate than on its first line");
                continue;
            }
            draft.lines.add(new ShipmentOrder.Line(sku, Long.parseLong(qty)));
        }
        if (!problems.isEmpty()) {
            return new Result.Rejected(problems);
        }
        return new Result.Orders(orders.values().stream().map(Draft::toOrder).toList());
    }

    private static final class Draft {
        final String orderNo;
        final String customerCode;
        final String customerName;
        final String address;
        final String shipDate;
        final List<ShipmentOrder.Line> lines = new ArrayList<>();

        Draft(String orderNo, String customerCode, String customerName, String address, String shipDate) {
            this.orderNo = orderNo;
            this.customerCode = customerCode;
            this.customerName = customerName;
            this.address = address;
            this.shipDate = shipDate;
        }

        ShipmentOrder toOrder() {
            return new ShipmentOrder(orderNo, customerCode, customerName.isEmpty() ? null : customerName, address,
                    shipDate.isEmpty() ? null : shipDate, lines);
        }
    }

    private static String cell(CsvText.Row row, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name.toLowerCase(Locale.ROOT));
        return index == null ? "" : Objects.requireNonNullElse(row.cells().get(index), "").strip();
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text, DATE);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
