package dev.dovetail.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceMaskingTest {

    final TraceMasking masking = TraceMasking.of(List.of("phone", "idCard", "bankCard", "password", "apiToken", "customer"));

    @Test
    void a_sensitive_value_keeps_only_its_last_four_characters() {
        assertThat(masking.mask(TestWorkspace.json("{\"phone\":\"13812345678\"}"))).isEqualTo(TestWorkspace.json("{\"phone\":\"****5678\"}"));
    }

    @Test
    void field_names_match_case_insensitively_at_any_depth_and_in_lists() {
        var masked = masking.mask(TestWorkspace.json("""
                {"contacts":[{"PHONE":"13812345678"},{"Phone":"13900001111","name":"Han Meimei"}],"order":{"IDCARD":"110101199003074512"}}"""));

        assertThat(masked).isEqualTo(TestWorkspace.json("""
                {"contacts":[{"PHONE":"****5678"},{"Phone":"****1111","name":"Han Meimei"}],"order":{"IDCARD":"****4512"}}"""));
    }

    @Test
    void short_values_secrets_objects_and_lists_are_masked_completely() {
        var masked = masking.mask(TestWorkspace.json("""
                {"phone":"1234567","password":"a-very-long-password","apiToken":"tok_1234567890","customer":{"name":"x"},"bankCard":["6222"]}"""));

        assertThat(masked).isEqualTo(TestWorkspace.json("""
                {"phone":"****","password":"****","apiToken":"****","customer":"****","bankCard":"****"}"""));
    }

    @Test
    void numbers_are_masked_as_text_and_null_stays_null() {
        var masked = masking.mask(new java.util.LinkedHashMap<String, Object>() {{
            put("phone", 13812345678L);
            put("bankCard", new BigDecimal("6222020200112233445"));
            put("idCard", null);
        }});

        assertThat(masked).isEqualTo(new java.util.LinkedHashMap<String, Object>() {{
            put("phone", "****5678");
            put("bankCard", "****3445");
            put("idCard", null);
        }});
    }

    @Test
    void a_value_without_sensitive_fields_is_returned_as_it_is_and_the_original_is_never_changed() {
        var clean = TestWorkspace.json("{\"name\":\"Li Lei\",\"lines\":[{\"sku\":\"A\"}]}");
        var dirty = TestWorkspace.json("{\"name\":\"Li Lei\",\"phone\":\"13812345678\"}");

        assertThat(masking.mask(clean)).isSameAs(clean);
        masking.mask(dirty);
        assertThat(dirty).isEqualTo(TestWorkspace.json("{\"name\":\"Li Lei\",\"phone\":\"13812345678\"}"));
    }

    @Test
    void json_and_xml_text_is_masked_too() {
        assertThat(masking.maskText("{\"phone\": \"13812345678\", \"n\": 1, \"bankCard\": 6222020200112233445}"))
                .isEqualTo("{\"phone\": \"****5678\", \"n\": 1, \"bankCard\": \"****3445\"}");
        assertThat(masking.maskText("<r><idCard>110101199003074512</idCard><ns:Password a=\"1\">x</ns:Password></r>"))
                .isEqualTo("<r><idCard>****4512</idCard><ns:Password a=\"1\">****</ns:Password></r>");
        assertThat(masking.maskText("plain text with 13812345678")).isEqualTo("plain text with 13812345678");
    }

    @Test
    void no_fields_mask_nothing() {
        var value = TestWorkspace.json("{\"phone\":\"13812345678\"}");

        assertThat(TraceMasking.of(List.of()).mask(value)).isSameAs(value);
        assertThat(TraceMasking.none().maskText("{\"phone\":\"13812345678\"}")).isEqualTo("{\"phone\":\"13812345678\"}");
    }
}
