package dev.dovetail.mapping;

import static dev.dovetail.mapping.Engines.engine;
import static dev.dovetail.mapping.Engines.eval;
import static dev.dovetail.mapping.Engines.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextFunctionsTest {

    @Test
    void full_width_ascii_and_the_ideographic_space_become_half_width() {
        assertThat(eval("$halfWidth(name)", Map.of("name", "ＡＢＣ１２３（北京）有限公司\u3000！～")))
                .isEqualTo("ABC123(北京)有限公司 !~");
    }

    @Test
    void half_width_ascii_becomes_full_width_and_other_text_is_kept() {
        assertThat(eval("$fullWidth('ABC 123-北京')", null)).isEqualTo("ＡＢＣ\u3000１２３－北京");
        assertThat(eval("$halfWidth($fullWidth(s))", Map.of("s", "Order #42 (paid) ~ok"))).isEqualTo("Order #42 (paid) ~ok");
    }

    @Test
    void trim_all_removes_every_kind_of_blank_at_both_ends_only() {
        String messy = "\u3000\u00A0 \t\u200B张 三\u200D\u3000\r\n\uFEFF";
        assertThat(eval("$trimAll(s)", Map.of("s", messy))).isEqualTo("张 三");
        assertThat(eval("$trimAll('\u3000\u3000')", null)).isEqualTo("");
    }

    @Test
    void text_functions_take_the_context_value_when_called_without_arguments() {
        assertThat(eval("names.$trimAll()", Map.of("names", List.of(" a ", "\u3000b")))).isEqualTo(List.of("a", "b"));
        assertThat(eval("name.$halfWidth()", Map.of("name", "ＡＢ"))).isEqualTo("AB");
        assertThat(eval("$map(names, $fullWidth)", Map.of("names", List.of("a", "b")))).isEqualTo(List.of("ａ", "ｂ"));
    }

    @Test
    void absent_text_stays_absent_and_non_text_fails_naming_the_function() {
        assertThat(eval("{ 'a': $trimAll(nothing) }", Map.of())).isEqualTo(Map.of());

        var failure = failure(engine().evaluateExpression("$halfWidth(12)", null));
        assertThat(failure.code()).isEqualTo("BAD_ARGUMENT");
        assertThat(failure.message()).isEqualTo("$halfWidth: expects a string, got number 12");

        var arity = failure(engine().evaluateExpression("$trimAll('a', 'b')", null));
        assertThat(arity.message()).startsWith("$trimAll:").contains("1 argument", "$trimAll(text)");
    }
}
