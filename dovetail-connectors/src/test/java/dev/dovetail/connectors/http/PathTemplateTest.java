package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {

    @Test
    void placeholders_are_replaced_with_encoded_values() {
        assertThat(PathTemplate.parse("/a/{x}/b/{y.z}").expand(Map.of("x", "1 2", "y.z", "ü/?")))
                .isEqualTo("/a/1%202/b/%C3%BC%2F%3F");
    }

    @Test
    void a_value_that_would_walk_the_path_is_refused() {
        assertThatThrownBy(() -> PathTemplate.parse("/a/{x}").expand(Map.of("x", "..")))
                .isInstanceOf(InvalidCall.class).hasMessageContaining("would change the path");
    }

    @Test
    void objects_cannot_be_path_values() {
        assertThatThrownBy(() -> PathTemplate.parse("/a/{x}").expand(Map.of("x", Map.of("k", 1))))
                .isInstanceOf(InvalidCall.class).hasMessageContaining("an object");
    }

    @Test
    void malformed_templates_are_refused() {
        assertThatThrownBy(() -> PathTemplate.parse("/a/{x")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> PathTemplate.parse("/a/x}")).hasMessageContaining("unmatched");
        assertThatThrownBy(() -> PathTemplate.parse("/a/{x y}")).hasMessageContaining("bad placeholder");
    }
}
