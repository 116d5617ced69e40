package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.Problem;
import dev.dovetail.model.ValidationReport;
import dev.dovetail.model.WorkspaceLoad;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatTest {
    private static final WorkspaceFolder BROKEN = new WorkspaceFolder(Path.of("/ws/broken").toAbsolutePath(), "examples/broken");
    private static final WorkspaceLoad REJECTED = WorkspaceLoad.rejected(new ValidationReport(List.of(
            Problem.warning("systems/erp.yaml", 4, 3, "at-least-once", "delivery to erp.createOrder is at-least-once", ""),
            Problem.error("flows/relay.yaml", 7, 13, "unknown-system", "flow step names unknown system 'crn'",
                    "did you mean 'crm'?"))));

    @Test
    void text_shows_each_problem_at_its_place_relative_to_the_folder_as_typed_then_a_summary() {
        String text = print(ReportFormat.text, BROKEN, REJECTED);

        assertThat(text.lines().toList()).containsExactly(
                "examples/broken/flows/relay.yaml:7:13: error [unknown-system]: flow step names unknown system 'crn'",
                "    hint: did you mean 'crm'?",
                "examples/broken/systems/erp.yaml:4:3: warning [at-least-once]: delivery to erp.createOrder is at-least-once",
                "",
                "examples/broken: invalid, 1 error, 1 warning; nothing was loaded");
    }

    @Test
    void text_for_the_current_folder_shows_paths_as_they_are_in_the_workspace() {
        var here = new WorkspaceFolder(Path.of("").toAbsolutePath(), ".");

        assertThat(print(ReportFormat.text, here, REJECTED)).startsWith("flows/relay.yaml:7:13: error");
    }

    @Test
    void a_problem_with_the_whole_file_has_no_line() {
        var load = WorkspaceLoad.rejected(new ValidationReport(List.of(
                Problem.error("dovetail.yaml", 0, 0, "missing-file", "dovetail.yaml is missing", "create it"))));

        assertThat(print(ReportFormat.text, BROKEN, load)).startsWith("examples/broken/dovetail.yaml: error [missing-file]");
    }

    @Test
    void json_is_one_object_with_counts_and_workspace_relative_problems() {
        String json = print(ReportFormat.json, BROKEN, REJECTED);

        assertThat(json).isEqualTo("{\"workspace\":\"examples/broken\",\"name\":null,\"valid\":false,\"errors\":1,\"warnings\":1,"
                + "\"problems\":[{\"file\":\"flows/relay.yaml\",\"line\":7,\"column\":13,\"severity\":\"error\","
                + "\"code\":\"unknown-system\",\"message\":\"flow step names unknown system 'crn'\",\"hint\":\"did you mean 'crm'?\"},"
                + "{\"file\":\"systems/erp.yaml\",\"line\":4,\"column\":3,\"severity\":\"warning\",\"code\":\"at-least-once\","
                + "\"message\":\"delivery to erp.createOrder is at-least-once\",\"hint\":\"\"}]}\n");
    }

    @Test
    void json_escapes_quotes_backslashes_and_control_characters() {
        assertThat(Json.write(List.of("say \"hi\"\\\n\t\u0001", 1.5, true))).isEqualTo("[\"say \\\"hi\\\"\\\\\\n\\t\\u0001\",1.5,true]");
    }

    private static String print(ReportFormat format, WorkspaceFolder folder, WorkspaceLoad load) {
        var out = new StringWriter();
        format.print(folder, load, new PrintWriter(out));
        return out.toString();
    }
}
