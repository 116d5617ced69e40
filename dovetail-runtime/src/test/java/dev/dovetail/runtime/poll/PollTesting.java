package dev.dovetail.runtime.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.mapping.JsonataSyntax;
import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.Environment;
import dev.dovetail.model.Workspace;
import dev.dovetail.model.WorkspaceLoader;
import dev.dovetail.runtime.dispatch.Backoff;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.JournalOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/** Workspaces written as files and loaded by the real loader, journal queries and waiting with a deadline. */
final class PollTesting {

    /** A journal row of the tests' interest. */
    record Entry(String system, String event, String recordKey, String dedupKey, String payload) {}

    /** Fast retries for tests. */
    static final PollingOptions OPTIONS = PollingOptions.defaults()
            .withPageBackoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 2.0, 0.0))
            .withStopTimeout(Duration.ofSeconds(5));

    private PollTesting() {}

    /** A CRM whose {@code record-changed} event polls {@code GET /records} every {@code every} with a watermark. */
    static String crm(String baseUrl, String every) {
        return """
                connector: http
                connection: {baseUrl: "%s"}
                operations:
                  listChanged:
                    method: GET
                    path: /records
                    pagination: {type: cursor, items: items, next: nextCursor, param: cursor}
                events:
                  record-changed:
                    key: id
                    version: updatedAt
                    poll:
                      operation: listChanged
                      every: %s
                      watermark: {field: updatedAt, param: updatedSince, initial: "2026-01-01T00:00:00Z"}
                """.formatted(baseUrl, every);
    }

    static Workspace workspace(Path root, Map<String, String> files) {
        var all = new LinkedHashMap<String, String>();
        all.put("dovetail.yaml", "name: poll-test\n");
        all.putAll(files);
        try {
            for (var file : all.entrySet()) {
                var path = root.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var load = new WorkspaceLoader(Environment.of(Map.of()), new JsonataSyntax()).load(root);
        assertThat(load.report().errors()).as("workspace problems").isEmpty();
        return load.workspace().orElseThrow();
    }

    static MappingEngine mappings(Workspace workspace) {
        return MappingEngine.of(workspace);
    }

    static Journal journal(DataSource dataSource) {
        return Journal.open(dataSource, JournalOptions.defaults().withSyncEachBatch(false));
    }

    static List<Entry> entries(DataSource dataSource, String system, String event) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT e.source_system, e.event_name, e.record_key, e.dedup_key, p.payload"
                     + " FROM journal_entry e JOIN journal_payload p ON p.event_id = e.event_id"
                     + " WHERE e.source_system = ? AND e.event_name = ? ORDER BY e.seq")) {
            ps.setString(1, system);
            ps.setString(2, event);
            var rows = new ArrayList<Entry>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
