package dev.dovetail.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.mapping.JsonataSyntax;
import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.mapping.MappingResult;
import dev.dovetail.model.Environment;
import dev.dovetail.model.WorkspaceLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveWorkspaceTest {
    @TempDir
    Path root;
    private LiveWorkspace live;

    @BeforeEach
    void workspace() throws IOException {
        Files.writeString(root.resolve("dovetail.yaml"), "name: tiny\n");
        Files.createDirectories(root.resolve("mappings"));
        write("\"one\"");
        var loader = new WorkspaceLoader(Environment.of(Map.of()), new JsonataSyntax());
        live = new LiveWorkspace(Optional.of(root), loader::load, MappingEngine::of, Clock.systemUTC());
    }

    @Test
    void the_first_valid_load_is_accepted_and_serves() {
        assertThat(live.reload()).isInstanceOf(LiveWorkspace.Reload.Accepted.class);

        assertThat(live.snapshot().status()).isEqualTo(LiveWorkspace.Status.OK);
        assertThat(evaluate()).isEqualTo("one");
    }

    @Test
    void a_broken_folder_is_rejected_and_the_previous_version_keeps_serving() throws IOException {
        live.reload();
        var serving = live.active().orElseThrow();
        write("\"two\" &");

        var outcome = live.reload();

        assertThat(outcome).isInstanceOf(LiveWorkspace.Reload.Rejected.class);
        assertThat(live.active()).containsSame(serving);
        assertThat(live.snapshot().status()).isEqualTo(LiveWorkspace.Status.REJECTED_EDIT);
        assertThat(live.snapshot().lastRejected().orElseThrow().report().errors())
                .anySatisfy(p -> assertThat(p.file()).isEqualTo("mappings/m.jsonata"));
        assertThat(evaluate()).isEqualTo("one");
    }

    @Test
    void a_valid_version_after_a_rejection_clears_it() throws IOException {
        live.reload();
        write("(");
        live.reload();
        write("\"three\"");

        assertThat(live.reload()).isInstanceOf(LiveWorkspace.Reload.Accepted.class);
        assertThat(live.snapshot().lastRejected()).isEmpty();
        assertThat(evaluate()).isEqualTo("three");
    }

    @Test
    void reloading_unchanged_files_keeps_the_serving_version_unless_forced() {
        live.reload();
        var serving = live.active().orElseThrow();

        assertThat(live.reload()).isInstanceOf(LiveWorkspace.Reload.Unchanged.class);
        assertThat(live.active()).containsSame(serving);
        assertThat(live.reload(true)).isInstanceOf(LiveWorkspace.Reload.Accepted.class);
        assertThat(live.active().orElseThrow()).isNotSameAs(serving);
    }

    @Test
    void a_folder_that_never_loaded_is_not_loaded_with_its_problems() throws IOException {
        Files.delete(root.resolve("dovetail.yaml"));

        live.reload();

        assertThat(live.snapshot().status()).isEqualTo(LiveWorkspace.Status.NOT_LOADED);
        assertThat(live.snapshot().lastRejected()).isPresent();
    }

    @Test
    void without_a_folder_nothing_is_loaded() {
        var none = new LiveWorkspace(Optional.empty(), p -> { throw new AssertionError("no load"); },
                MappingEngine::of, Clock.systemUTC());

        assertThat(none.reload()).isInstanceOf(LiveWorkspace.Reload.NotConfigured.class);
        assertThat(none.snapshot().status()).isEqualTo(LiveWorkspace.Status.NOT_LOADED);
    }

    private void write(String expression) throws IOException {
        Files.writeString(root.resolve("mappings/m.jsonata"), expression);
    }

    private Object evaluate() {
        var result = live.active().orElseThrow().mappings().evaluate("m", Map.of());
        return ((MappingResult.Success) result).output();
    }
}
