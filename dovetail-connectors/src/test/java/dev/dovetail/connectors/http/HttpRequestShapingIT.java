package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovetail.connectors.http.RecordingHttpServer.Reply;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.RequestBody;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpRequestShapingIT {

    private final RecordingHttpServer server = RecordingHttpServer.start().on("/", r -> Reply.json(200, "{\"ok\":true}"));

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpInvoker erp(HttpOperationConfig operation) {
        return HttpInvoker.create(HttpSystemConfig.of("erp", server.baseUrl().resolve("/erp/v2/"))
                .withHeader("X-Tenant", "acme")
                .withOperation("op", operation));
    }

    @Test
    void path_parameters_are_percent_encoded_so_they_cannot_change_the_path() {
        try (var invoker = erp(HttpOperationConfig.of("GET", "/customers/{id}/orders/{orderNo}"))) {
            var outcome = invoker.invoke(OperationCall.of("erp", "op")
                    .withPathParam("id", "a b/../c?d#e").withPathParam("orderNo", "客户-1"));
            assertThat(outcome).isInstanceOf(Delivered.class);
        }
        assertThat(server.requests().getFirst().rawPath())
                .isEqualTo("/erp/v2/customers/a%20b%2F..%2Fc%3Fd%23e/orders/%E5%AE%A2%E6%88%B7-1");
    }

    @Test
    void numbers_in_path_and_query_are_written_without_a_needless_fraction() {
        try (var invoker = erp(HttpOperationConfig.of("GET", "/items/{id}"))) {
            invoker.invoke(OperationCall.of("erp", "op").withPathParam("id", 42.0)
                    .withQueryParam("price", new BigDecimal("10.50")).withQueryParam("active", true));
        }
        var request = server.requests().getFirst();
        assertThat(request.rawPath()).isEqualTo("/erp/v2/items/42");
        assertThat(request.rawQuery()).isEqualTo("price=10.50&active=true");
    }

    @Test
    void a_missing_path_parameter_is_rejected_before_anything_is_sent() {
        try (var invoker = erp(HttpOperationConfig.of("GET", "/customers/{id}"))) {
            assertThat(invoker.invoke(OperationCall.of("erp", "op"))).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.reason()).contains("path parameter 'id' has no value"));
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void list_query_values_repeat_the_parameter_and_null_values_are_left_out() {
        var query = new LinkedHashMap<String, Object>();
        query.put("status", List.of("open", "on hold"));
        query.put("since", null);
        query.put("q", "a&b=c+d");
        try (var invoker = erp(HttpOperationConfig.of("GET", "/orders"))) {
            invoker.invoke(OperationCall.of("erp", "op").withQueryParams(query));
        }
        var request = server.requests().getFirst();
        assertThat(request.rawQuery()).isEqualTo("status=open&status=on%20hold&q=a%26b%3Dc%2Bd");
        assertThat(request.query()).containsEntry("q", List.of("a&b=c+d")).doesNotContainKey("since");
    }

    @Test
    void a_json_body_is_sent_as_json_with_headers_of_the_system_and_the_call() throws Exception {
        var body = new LinkedHashMap<String, Object>();
        body.put("orderNo", "SO-1");
        body.put("amount", new BigDecimal("1999.90"));
        var line = new LinkedHashMap<String, Object>();
        line.put("sku", "A-1");
        line.put("qty", 2);
        body.put("lines", List.of(line));
        body.put("note", null);
        try (var invoker = erp(HttpOperationConfig.of("POST", "/orders"))) {
            invoker.invoke(OperationCall.of("erp", "op").withHeader("X-Request-Source", "dovetail").withJsonBody(body));
        }
        var request = server.requests().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Tenant")).isEqualTo("acme");
        assertThat(request.header("X-Request-Source")).isEqualTo("dovetail");
        assertThat(request.bodyText()).isEqualTo("{\"orderNo\":\"SO-1\",\"amount\":1999.90,\"lines\":[{\"sku\":\"A-1\",\"qty\":2}],\"note\":null}");
        assertThat(new ObjectMapper().readTree(request.body()).get("amount").decimalValue()).isEqualByComparingTo("1999.90");
    }

    @Test
    void a_form_operation_sends_the_body_form_encoded() {
        try (var invoker = erp(HttpOperationConfig.of("POST", "/orders").withBodyFormat(HttpOperationConfig.BodyFormat.FORM))) {
            invoker.invoke(OperationCall.of("erp", "op").withJsonBody(Map.of("name", "张三 & Co")));
        }
        var request = server.requests().getFirst();
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(java.net.URLDecoder.decode(request.bodyText(), StandardCharsets.UTF_8)).isEqualTo("name=张三 & Co");
    }

    @Test
    void a_raw_body_is_sent_unchanged_with_its_content_type() {
        var xml = "<order no=\"SO-1\">测试</order>".getBytes(Charset.forName("GBK"));
        try (var invoker = erp(HttpOperationConfig.of("PUT", "/orders/SO-1"))) {
            invoker.invoke(OperationCall.of("erp", "op").withBody(RequestBody.raw(xml, "application/xml; charset=GBK")));
        }
        var request = server.requests().getFirst();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.body()).isEqualTo(xml);
        assertThat(request.header("Content-Type")).isEqualTo("application/xml; charset=GBK");
    }

    @Test
    void the_idempotency_key_is_sent_in_the_operation_s_declared_header() {
        try (var invoker = erp(HttpOperationConfig.of("POST", "/orders").withIdempotencyHeader("Idempotency-Key"))) {
            invoker.invoke(OperationCall.of("erp", "op").withJsonBody(Map.of()).withIdempotencyKey("evt-0001"));
            invoker.invoke(OperationCall.of("erp", "op").withJsonBody(Map.of()).withIdempotencyKey("evt-0001"));
        }
        assertThat(server.requests()).extracting(r -> r.header("Idempotency-Key")).containsExactly("evt-0001", "evt-0001");
    }

    @Test
    void no_idempotency_header_is_sent_when_the_operation_declares_none() {
        try (var invoker = erp(HttpOperationConfig.of("POST", "/orders"))) {
            invoker.invoke(OperationCall.of("erp", "op").withIdempotencyKey("evt-0001"));
        }
        assertThat(server.requests().getFirst().headers().values()).flatExtracting(v -> v).doesNotContain("evt-0001");
    }

    @Test
    void a_json_answer_is_parsed_into_maps_and_lists_with_exact_decimals() {
        server.on("/erp", r -> Reply.json(201, "{\"id\":\"SO-1\",\"total\":12.30,\"lines\":[1,2]}").withHeader("Location", "/orders/SO-1"));
        try (var invoker = erp(HttpOperationConfig.of("POST", "/orders"))) {
            var outcome = invoker.invoke(OperationCall.of("erp", "op"));
            assertThat(outcome).isInstanceOfSatisfying(Delivered.class, delivered -> {
                assertThat(delivered.status()).isEqualTo(201);
                assertThat(delivered.response()).isEqualTo(Map.of("id", "SO-1", "total", new BigDecimal("12.30"), "lines", List.of(1, 2)));
                assertThat(delivered.header("location")).contains("/orders/SO-1");
            });
        }
    }

    @Test
    void a_text_answer_is_decoded_with_its_charset() {
        server.on("/erp", r -> Reply.text(200, "订单已创建", Charset.forName("GBK")));
        try (var invoker = erp(HttpOperationConfig.of("GET", "/orders"))) {
            assertThat(invoker.invoke(OperationCall.of("erp", "op"))).isInstanceOfSatisfying(Delivered.class,
                    delivered -> assertThat(delivered.response()).isEqualTo("订单已创建"));
        }
    }

    @Test
    void an_empty_answer_gives_no_response_value() {
        server.on("/erp", r -> Reply.status(204));
        try (var invoker = erp(HttpOperationConfig.of("DELETE", "/orders/1"))) {
            assertThat(invoker.invoke(OperationCall.of("erp", "op"))).isInstanceOfSatisfying(Delivered.class, delivered -> {
                assertThat(delivered.status()).isEqualTo(204);
                assertThat(delivered.response()).isNull();
            });
        }
    }

    @Test
    void a_header_with_a_line_break_is_rejected_before_anything_is_sent() {
        try (var invoker = erp(HttpOperationConfig.of("GET", "/orders"))) {
            assertThat(invoker.invoke(OperationCall.of("erp", "op").withHeader("X-Note", "a\r\nX-Injected: 1")))
                    .isInstanceOf(Rejected.class);
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void an_unknown_operation_is_rejected() {
        try (var invoker = erp(HttpOperationConfig.of("GET", "/orders"))) {
            assertThat(invoker.invoke(OperationCall.of("erp", "nope"))).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.reason()).contains("no operation 'nope'"));
        }
    }
}
