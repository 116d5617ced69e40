package dev.dovetail.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StepPathTest {

    @Test
    void a_path_reads_back_from_its_text() {
        assertThat(StepPath.parse("3.1.0")).isEqualTo(StepPath.of(3, 1, 0)).hasToString("3.1.0");
        assertThat(StepPath.parse("12")).isEqualTo(StepPath.of(12));
    }

    @Test
    void the_next_step_is_in_the_same_list_and_a_branch_step_nests() {
        assertThat(StepPath.of(3, 1, 0).next()).hasToString("3.1.1");
        assertThat(StepPath.of(3).inBranch(2, 0)).hasToString("3.2.0");
    }

    @Test
    void text_that_is_no_step_path_is_refused() {
        for (var bad : new String[] {"", "3.", "3.1", "a", "-1", "1..2", " 1"}) {
            assertThatThrownBy(() -> StepPath.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
