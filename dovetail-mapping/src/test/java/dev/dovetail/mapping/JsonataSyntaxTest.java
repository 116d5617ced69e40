package dev.dovetail.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.ExpressionSyntax.SyntaxError;
import org.junit.jupiter.api.Test;

class JsonataSyntaxTest {
    final JsonataSyntax syntax = new JsonataSyntax();

    @Test
    void a_valid_expression_has_no_error() {
        assertThat(syntax.check("{ 'a': $valuemap('order-stage', stage), 'b': [lines.{ 'x': sku }] }")).isEmpty();
    }

    @Test
    void an_error_is_reported_at_its_line_and_column_within_the_expression() {
        SyntaxError error = syntax.check("{\n  'a': foo,\n  'b': bar baz\n}").orElseThrow();

        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isEqualTo(14);
        assertThat(error.message()).contains("baz", "S0");
    }

    @Test
    void an_unexpected_end_points_at_the_last_token() {
        SyntaxError error = syntax.check("a +").orElseThrow();

        assertThat(error.line()).isEqualTo(1);
        assertThat(error.column()).isEqualTo(3);
        assertThat(error.message()).contains("end of expression");
    }

    @Test
    void an_unterminated_string_is_reported() {
        SyntaxError error = syntax.check("x & \"abc").orElseThrow();

        assertThat(error.message()).contains("quote");
        assertThat(error.line()).isEqualTo(1);
    }
}
