package dev.dovetail.runtime.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormBodyTest extends IntakeTestSupport {
    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void fields_are_decoded_with_plus_as_space_and_percent_escapes_as_utf8() {
        var event = accepted(receive(erp("form-submitted", FORM, "ticket=T-1&subject=Hello+World&name=%E5%BC%A0%E4%B8%89&empty=&flag"))).event();

        assertThat(event.payload()).isEqualTo(Map.of("ticket", "T-1", "subject", "Hello World", "name", "张三", "empty", "", "flag", ""));
        assertThat(event.recordKey()).isEqualTo("T-1");
        assertThat(event.payloadJson()).isEqualTo("{\"ticket\":\"T-1\",\"subject\":\"Hello World\",\"name\":\"张三\",\"empty\":\"\",\"flag\":\"\"}");
    }

    @Test
    void a_repeated_field_becomes_a_list() {
        assertThat(accepted(receive(erp("form-submitted", FORM, "ticket=T-1&tag=a&tag=b&tag=c"))).event().payload())
                .isEqualTo(Map.of("ticket", "T-1", "tag", List.of("a", "b", "c")));
    }

    @Test
    void a_payload_field_holding_json_is_parsed_as_json() {
        String body = "ticket=T-1&payload=%7B%22type%22%3A%22block_actions%22%2C%22n%22%3A1.50%7D";

        assertThat(accepted(receive(erp("form-submitted", FORM, body))).event().payload())
                .isEqualTo(Map.of("ticket", "T-1", "payload", Map.of("type", "block_actions", "n", new java.math.BigDecimal("1.50"))));
    }

    @Test
    void a_payload_field_with_plain_text_stays_text() {
        assertThat(accepted(receive(erp("form-submitted", FORM, "ticket=T-1&payload=hello"))).event().payload())
                .isEqualTo(Map.of("ticket", "T-1", "payload", "hello"));
    }

    @Test
    void a_payload_field_with_broken_json_is_refused() {
        var refused = refused(receive(erp("form-submitted", FORM, "ticket=T-1&payload=%7B%22a%22%3A")));

        assertThat(refused.code()).isEqualTo(RefusalCode.MALFORMED_JSON);
        assertThat(refused.message()).startsWith("the form field 'payload' holds invalid JSON");
    }

    @Test
    void the_charset_parameter_decides_how_escapes_decode() {
        String gbk = "ticket=" + java.net.URLEncoder.encode("工单-7", Charset.forName("GBK"));

        assertThat(accepted(receive(erp("form-submitted", FORM + "; charset=GBK", gbk))).event().recordKey()).isEqualTo("工单-7");
    }

    @Test
    void a_bad_escape_is_refused() {
        assertRefused(receive(erp("form-submitted", FORM, "ticket=%zz")), 400, RefusalCode.MALFORMED_FORM);
    }

    @Test
    void too_many_fields_are_refused() {
        var small = new WebhookIntake(new IntakeOptions(64, 100, 100, 100, 3, 100, 8));

        assertRefused(small.receive(workspace, engine, erp("form-submitted", FORM, "ticket=1&a=1&b=2&c=3")), 400, RefusalCode.LIMIT_EXCEEDED);
    }
}
