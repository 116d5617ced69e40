package dev.dovetail.runtime.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.Poll;
import dev.dovetail.model.Workspace;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PollCallTest {

    @TempDir
    Path folder;

    private Workspace workspace(String query) {
        return PollTesting.workspace(folder, Map.of("systems/crm.yaml", """
                connector: http
                connection: {baseUrl: "http://crm.invalid"}
                operations:
                  listChanged:
                    method: GET
                    path: /records
                    query: %s
                    headers: {X-Since: "$watermark", X-Client: "'dovetail'"}
                events:
                  record-changed:
                    key: id
                    poll:
                      operation: listChanged
                      every: 1m
                      watermark: {field: updatedAt, param: updatedSince, initial: "2026-01-01T00:00:00Z"}
                """.formatted(query)));
    }

    private PollCall.Built build(Workspace workspace, String watermark) {
        var crm = workspace.systems().get("crm");
        var poll = (Poll) crm.event("record-changed").orElseThrow().source();
        return PollCall.build(poll, crm.operation("listChanged").orElseThrow(), watermark, PollTesting.mappings(workspace));
    }

    @Test
    void the_watermark_goes_in_its_parameter_and_the_operations_expressions_see_it() {
        var built = build(workspace("{status: \"'active'\", since: watermark}"), "2026-03-01T08:00:00Z");

        assertThat(built).isInstanceOfSatisfying(PollCall.Ready.class, ready -> {
            assertThat(ready.call().queryParams()).containsExactly(Map.entry("status", "active"),
                    Map.entry("since", "2026-03-01T08:00:00Z"), Map.entry("updatedSince", "2026-03-01T08:00:00Z"));
            assertThat(ready.call().headers()).containsExactly(Map.entry("X-Since", "2026-03-01T08:00:00Z"), Map.entry("X-Client", "dovetail"));
        });
    }

    @Test
    void without_a_watermark_the_parameter_is_left_out() {
        var built = build(workspace("{since: watermark}"), null);

        assertThat(built).isInstanceOfSatisfying(PollCall.Ready.class, ready -> {
            assertThat(ready.call().queryParams()).isEmpty();
            assertThat(ready.call().headers()).containsExactly(Map.entry("X-Client", "dovetail"));
        });
    }

    @Test
    void a_query_expression_that_gives_an_object_makes_the_call_impossible() {
        var built = build(workspace("{filter: \"{'a': 1}\"}"), "x");

        assertThat(built).isInstanceOfSatisfying(PollCall.Impossible.class,
                impossible -> assertThat(impossible.reason()).contains("query parameter 'filter' is an object"));
    }
}
