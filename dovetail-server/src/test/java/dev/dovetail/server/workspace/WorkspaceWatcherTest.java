package dev.dovetail.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.server.DovetailProperties.Reload.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceWatcherTest {
    private static final Duration DEBOUNCE = Duration.ofMillis(150);

    @TempDir
    Path root;
    private final AtomicInteger reloads = new AtomicInteger();
    private WorkspaceWatcher watcher;

    @AfterEach
    void close() {
        if (watcher != null) watcher.close();
    }

    @Test
    void a_burst_of_writes_reloads_once() throws IOException {
        start(Mode.WATCH);
        for (int i = 0; i < 20; i++) Files.writeString(root.resolve("a.jsonata"), "\"" + i + "\"");

        assertThat(awaitReloads(n -> n >= 1)).isEqualTo(1);
        assertThat(reloadsAfter(DEBOUNCE.multipliedBy(3))).isEqualTo(1);
    }

    @Test
    void files_in_folders_created_after_the_start_are_watched() throws IOException {
        start(Mode.WATCH);
        Files.createDirectories(root.resolve("mappings/crm"));
        awaitReloads(n -> n >= 1);
        var before = reloadsAfter(DEBOUNCE.multipliedBy(3));

        Files.writeString(root.resolve("mappings/crm/new.jsonata"), "1");

        assertThat(awaitReloads(n -> n > before)).isGreaterThan(before);
    }

    @Test
    void hidden_folders_such_as_git_do_not_trigger_reloads() throws IOException {
        Files.createDirectories(root.resolve(".git"));
        start(Mode.WATCH);

        Files.writeString(root.resolve(".git/index"), "x");

        assertThat(reloadsAfter(DEBOUNCE.multipliedBy(4))).isZero();
    }

    @Test
    void the_poll_mode_notices_a_changed_file() throws IOException {
        Files.writeString(root.resolve("a.jsonata"), "1");
        start(Mode.POLL);

        Files.writeString(root.resolve("a.jsonata"), "2");

        assertThat(awaitReloads(n -> n >= 1)).isEqualTo(1);
        assertThat(watcher.watching()).isFalse();
    }

    @Test
    void off_means_no_reloads() throws IOException {
        start(Mode.OFF);

        Files.writeString(root.resolve("a.jsonata"), "2");

        assertThat(reloadsAfter(DEBOUNCE.multipliedBy(4))).isZero();
    }

    private void start(Mode mode) {
        watcher = new WorkspaceWatcher(root, reloads::incrementAndGet, DEBOUNCE, Duration.ofMillis(100));
        watcher.start(mode);
    }

    private int awaitReloads(IntPredicate done) {
        var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!done.test(reloads.get()) && System.nanoTime() < deadline) pause(Duration.ofMillis(20));
        return reloads.get();
    }

    /** The count once a quiet period has passed: for asserting that nothing (more) happens. */
    private int reloadsAfter(Duration quiet) {
        pause(quiet);
        return reloads.get();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
