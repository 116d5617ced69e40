package dev.dovetail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running hub follows its workspace folder: a valid edit is live within 2 s, a broken edit is
 * rejected and reported while the previous version keeps serving.
 */
class HotReloadIT {
    private static final Duration LIVE_WITHIN = Duration.ofSeconds(2);
    private static final String ORDER_OUT = """
            {
              "orderNo": id,
              "status": $valuemap('order-status', stage),
              "version": %d
            }
            """;

    private static Path workspace;
    private static TestServer server;

    @BeforeAll
    static void start() {
        workspace = Workspaces.copyOf("small");
        server = TestServer.start(Map.of("dovetail.workspace", workspace.toString()));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void the_workspace_api_describes_the_loaded_workspace() {
        var view = server.admin().get("/api/v1/workspace").json();

        assertThat(view.get("status").asString()).isEqualTo("ok");
        assertThat(view.get("name").asString()).isEqualTo("small");
        assertThat(view.get("version").asString()).isNotBlank();
        assertThat(view.get("root").asString()).isEqualTo(workspace.toString());
        assertThat(view.get("counts").get("valueMaps").asInt()).isEqualTo(1);
        assertThat(view.get("names").get("mappings").values()).extracting(n -> n.asString()).contains("erp/order.out");
        assertThat(view.get("current").get("errors").asInt()).isZero();
        assertThat(view.get("lastRejected").isNull()).isTrue();
    }

    @Test
    void an_edited_mapping_is_live_within_two_seconds() {
        assertThat(greet("Ann")).isEqualTo("\"hello Ann\"");

        var edited = System.nanoTime();
        Workspaces.write(workspace.resolve("mappings/greeting.jsonata"), "\"hi \" & name\n");
        var answer = Eventually.poll(LIVE_WITHIN, () -> greet("Ann"), "\"hi Ann\""::equals);

        assertThat(answer).as("evaluate answer %d ms after the edit", (System.nanoTime() - edited) / 1_000_000)
                .isEqualTo("\"hi Ann\"");
    }

    @Test
    void a_mapping_in_a_new_sub_folder_is_live_too() {
        Workspaces.write(workspace.resolve("mappings/new/deeper/echo.jsonata"), "$\n");

        var answer = Eventually.poll(LIVE_WITHIN,
                () -> server.admin().post("/api/v1/mappings/new/deeper/echo/evaluate", "{\"a\": 1}"),
                r -> r.status() == 200);

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.json().get("a").asInt()).isEqualTo(1);
    }

    @Test
    void a_broken_edit_is_rejected_with_file_and_line_while_the_old_version_keeps_serving() {
        var file = workspace.resolve("mappings/erp/order.out.jsonata");
        try {
            var before = server.admin().get("/api/v1/workspace").json().get("version").asString();
            Workspaces.write(file, """
                    {
                      "orderNo": id,
                      "status": $valuemap('order-status', stage
                    }
                    """);

            var view = Eventually.poll(LIVE_WITHIN, () -> server.admin().get("/api/v1/workspace").json(),
                    v -> v.get("status").asString().equals("rejected-edit")).get("lastRejected");

            assertThat(view.isNull()).as("lastRejected").isFalse();
            assertThat(view.get("at").asString()).isNotBlank();
            assertThat(view.get("problems").values()).anySatisfy(p -> {
                assertThat(p.get("file").asString()).isEqualTo("mappings/erp/order.out.jsonata");
                assertThat(p.get("line").asInt()).isBetween(3, 4);
                assertThat(p.get("severity").asString()).isEqualTo("error");
                assertThat(p.get("message").asString()).isNotBlank();
            });
            var evaluated = server.admin().post("/api/v1/mappings/erp/order.out/evaluate",
                    "{\"id\": \"SO-1\", \"stage\": \"Closed Won\"}");
            assertThat(evaluated.status()).isEqualTo(200);
            assertThat(evaluated.json().get("version").asInt()).isEqualTo(1);
            assertThat(evaluated.header("Dovetail-Workspace-Version")).isEqualTo(before);
            var problems = server.admin().get("/api/v1/workspace/problems").json();
            assertThat(problems.get("source").asString()).isEqualTo("last-rejected");
            var health = server.admin().get("/actuator/health").json();
            assertThat(health.get("status").asString()).isEqualTo("UP");
            assertThat(health.get("components").get("workspace").get("details").get("status").asString())
                    .isEqualTo("rejected-edit");
            assertThat(server.anonymous().get("/actuator/prometheus").body())
                    .containsPattern("dovetail_workspace_reloads_total\\{[^}]*outcome=\"rejected\"[^}]*\\} [1-9]")
                    .containsPattern("dovetail_workspace_rejected_edit\\{[^}]*\\} 1");
        } finally {
            Workspaces.write(file, ORDER_OUT.formatted(2));
        }
        var fixed = Eventually.poll(LIVE_WITHIN, () -> server.admin().get("/api/v1/workspace").json(),
                v -> v.get("status").asString().equals("ok"));
        assertThat(fixed.get("status").asString()).isEqualTo("ok");
        assertThat(server.admin().post("/api/v1/mappings/erp/order.out/evaluate", "{\"id\": \"SO-1\", \"stage\": \"Closed Won\"}")
                .json().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void a_mapping_that_fails_on_its_input_answers_422_with_the_mapping_error() {
        var response = server.admin().post("/api/v1/mappings/erp/order.out/evaluate",
                "{\"id\": \"SO-2\", \"stage\": \"Lost in space\"}");

        assertThat(response.status()).as("%s", response).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asString()).isEqualTo("mapping-failed");
        assertThat(response.json().get("mapping").asString()).isEqualTo("erp/order.out");
        assertThat(response.json().get("detail").asString()).contains("Lost in space");
    }

    @Test
    void evaluating_an_unknown_mapping_is_a_404_problem() {
        var response = server.admin().post("/api/v1/mappings/no/such.mapping/evaluate", "{}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("code").asString()).isEqualTo("unknown-mapping");
    }

    @Test
    void a_forced_reload_answers_with_the_workspace() {
        var response = server.admin().post("/api/v1/workspace/reload", "");

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.json().get("outcome").asString()).isEqualTo("accepted");
        assertThat(response.json().get("workspace").get("name").asString()).isEqualTo("small");
    }

    private static String greet(String name) {
        return server.admin().post("/api/v1/mappings/greeting/evaluate", "{\"name\": \"" + name + "\"}").body();
    }
}
