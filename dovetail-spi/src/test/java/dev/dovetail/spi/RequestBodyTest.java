package dev.dovetail.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    @Test
    void json_like_values_are_accepted_at_any_depth() {
        var value = new HashMap<String, Object>();
        value.put("amount", new BigDecimal("12.30"));
        value.put("lines", List.of(Map.of("qty", 2, "ok", true), "text"));
        value.put("none", null);
        assertThat(RequestBody.json(value)).isInstanceOf(RequestBody.Json.class);
    }

    @Test
    void a_value_json_cannot_hold_is_refused_with_its_location() {
        assertThatThrownBy(() -> RequestBody.json(Map.of("order", Map.of("date", LocalDate.of(2025, 1, 1)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("body.order.date").hasMessageContaining("LocalDate");
        assertThatThrownBy(() -> RequestBody.json(List.of(1.0, Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("body[1]");
    }

    @Test
    void raw_bytes_are_copied_so_later_changes_do_not_leak_in() {
        var bytes = "<a/>".getBytes();
        var body = (RequestBody.Raw) RequestBody.raw(bytes, "application/xml");
        bytes[0] = 'X';
        assertThat(body.bytes()).isEqualTo("<a/>".getBytes());
        assertThat(body).isEqualTo(RequestBody.raw("<a/>".getBytes(), "application/xml"));
    }

    @Test
    void an_operation_call_keeps_its_values_when_the_caller_s_maps_change() {
        var query = new HashMap<String, Object>();
        query.put("status", "open");
        var call = OperationCall.of("crm", "listAccounts").withQueryParams(query);
        query.put("status", "closed");
        assertThat(call.queryParams()).containsEntry("status", "open");
        assertThat(call.target()).isEqualTo("crm.listAccounts");
        var list = new ArrayList<Object>();
        assertThat(call.withQueryParam("ids", list).queryParams()).containsKey("ids");
    }

    @Test
    void an_operation_call_refuses_a_non_positive_timeout() {
        assertThatThrownBy(() -> OperationCall.of("crm", "x").withTimeout(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
