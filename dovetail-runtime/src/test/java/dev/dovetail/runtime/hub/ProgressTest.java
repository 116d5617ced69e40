package dev.dovetail.runtime.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.runtime.flow.StepPath;
import dev.dovetail.runtime.flow.StepRef;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void progress_survives_its_json_form() {
        var progress = Progress.of("order-relay", StepPath.parse("3.1.0")).withDelivered(Set.of("k1"))
                .withFailed(new StepRef(StepPath.parse("4"), "deliver", 12));

        var json = progress.toJson();

        assertThat(json).isEqualTo("{\"flow\":\"order-relay\",\"resumeAt\":\"3.1.0\",\"delivered\":[\"k1\"],"
                + "\"failed\":{\"step\":\"4\",\"kind\":\"deliver\",\"line\":12}}");
        assertThat(Progress.parse(json)).isEqualTo(progress);
        assertThat(Progress.parse(json).start()).isEqualTo(StepPath.parse("3.1.0"));
    }

    @Test
    void no_progress_starts_at_the_first_step_with_nothing_delivered() {
        assertThat(Progress.parse(null)).isEqualTo(Progress.NONE);
        assertThat(Progress.parse(" ").start()).isEqualTo(StepPath.first());
        assertThat(Progress.NONE.toJson()).isEqualTo("{}");
    }

    @Test
    void delivered_keys_accumulate_in_order_and_unknown_members_are_ignored() {
        var progress = Progress.parse("{\"delivered\":[\"a\",\"b\"],\"later\":{\"x\":1}}").withDelivered(Set.of("b", "c"));

        assertThat(progress.delivered()).containsExactly("a", "b", "c");
        assertThat(progress.flow()).isEqualTo(Optional.empty());
    }

    @Test
    void text_that_is_not_progress_is_refused() {
        assertThatThrownBy(() -> Progress.parse("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Progress.parse("{\"flow\":")).isInstanceOf(IllegalArgumentException.class);
    }
}
