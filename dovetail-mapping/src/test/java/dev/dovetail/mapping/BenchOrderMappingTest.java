package dev.dovetail.mapping;

import static dev.dovetail.mapping.Engines.engine;
import static dev.dovetail.mapping.Engines.json;
import static dev.dovetail.mapping.Engines.mapping;
import static dev.dovetail.mapping.Engines.output;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The order-relay scenario of the benchmark kit: a CRM "order won" event becomes an ERP sales order. */
class BenchOrderMappingTest {

    static final String ORDER_OUT = """
            {
              "XSDDH": id,
              "KHBM": "C" & $pad($substringAfter(accountId, "ACC-"), -5, "0"),
              "DJRQ": $formatDate(closeDate, "yyyyMMdd"),
              "JE_FEN": $toMinor(amount),
              "BZ": currency,
              "ZT": $valuemap("order-stage", stage),
              "MX": [lines.{
                "WLBM": sku,
                "SL": qty,
                "DJ_FEN": $toMinor(unitPrice)
              }]
            }""";

    static final String EXAMPLE_EVENT = """
            {"id":"OPP-000123","accountId":"ACC-42","stage":"Closed Won","amount":1234.5,"currency":"CNY",\
            "closeDate":"2026-11-20T10:15:00+08:00","owner":{"email":"li.lei@example.com"},\
            "lines":[{"sku":"SKU-1","qty":3,"unitPrice":100.5},{"sku":"SKU-2","qty":1,"unitPrice":933.0}]}""";

    static final String EXAMPLE_ORDER = """
            {"XSDDH":"OPP-000123","KHBM":"C00042","DJRQ":"20261120","JE_FEN":123450,"BZ":"CNY","ZT":"APPROVED",\
            "MX":[{"WLBM":"SKU-1","SL":3,"DJ_FEN":10050},{"WLBM":"SKU-2","SL":1,"DJ_FEN":93300}]}""";

    final MappingEngine engine = engine(mapping("erp/order.out", ORDER_OUT));

    @Test
    void the_example_event_becomes_exactly_the_example_erp_order() {
        Object order = output(engine.evaluate("erp/order.out", json(EXAMPLE_EVENT)));

        assertThat(JsonValues.render(order)).isEqualTo(EXAMPLE_ORDER);
        assertThat(JsonValues.jsonEquals(json(EXAMPLE_ORDER), order)).isTrue();
    }

    @Test
    void a_single_line_still_gives_an_array_and_an_unknown_stage_gives_unknown() {
        Object order = output(engine.evaluate("erp/order.out", json("""
                {"id":"OPP-7","accountId":"ACC-7","stage":"Qualification","amount":0.285,"currency":"USD",
                 "closeDate":"2026-12-31T23:30:00-05:00","lines":[{"sku":"S","qty":2,"unitPrice":0.1}]}""")));

        assertThat(JsonValues.render(order)).isEqualTo("""
                {"XSDDH":"OPP-7","KHBM":"C00007","DJRQ":"20261231","JE_FEN":29,"BZ":"USD","ZT":"UNKNOWN",\
                "MX":[{"WLBM":"S","SL":2,"DJ_FEN":10}]}""");
    }

    @Test
    void no_lines_give_an_empty_array() {
        Object order = output(engine.evaluate("erp/order.out", json("""
                {"id":"OPP-8","accountId":"ACC-12345","stage":"Closed Lost","amount":10,"currency":"CNY",
                 "closeDate":"2026-01-02T00:00:00+08:00","lines":[]}""")));

        assertThat(JsonValues.render(order)).isEqualTo("""
                {"XSDDH":"OPP-8","KHBM":"C12345","DJRQ":"20260102","JE_FEN":1000,"BZ":"CNY","ZT":"CANCELLED","MX":[]}""");
    }
}
