package dev.dovetail.runtime.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that appends to an H2 file journal with SIGKILL at random moments, and checks that
 * every event it acknowledged before dying is in the journal afterwards. Runs with the server's URL
 * options (a short write delay, where the journal checkpoints itself), with H2's default write delay, and
 * with WRITE_DELAY=0 (every commit written at once), which an operator's own URL may set.
 */
class JournalCrashIT {

    @Test
    void every_acknowledged_event_survives_a_sigkill_with_the_servers_h2_options(@TempDir Path folder) throws Exception {
        killThreeTimes(folder, TestDatabase.H2_OPTIONS);
    }

    @Test
    void every_acknowledged_event_survives_a_sigkill_with_commits_written_at_once(@TempDir Path folder) throws Exception {
        killThreeTimes(folder, ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void every_acknowledged_event_survives_a_sigkill_with_h2s_default_write_delay(@TempDir Path folder) throws Exception {
        killThreeTimes(folder, ";DB_CLOSE_ON_EXIT=FALSE");
    }

    private static void killThreeTimes(Path folder, String options) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Set<String> acked = new HashSet<>();
        for (int round = 1; round <= 3; round++) {
            int killAfterAcks = 200 + random.nextInt(3000);
            Set<String> ackedThisRound = runAndKill(folder, options, round, killAfterAcks);
            acked.addAll(ackedThisRound);

            Set<String> stored = storedEventIds(folder, options);
            assertThat(ackedThisRound).as("round %d (seed %d) acknowledged events", round, seed)
                    .hasSizeGreaterThanOrEqualTo(killAfterAcks);
            assertThat(stored).as("events in the journal after round %d (seed %d)", round, seed).containsAll(acked);
            System.out.printf("crash round %d (%s, seed %d): killed after %d acks (%d acked in all), %d stored%n",
                    round, options, seed, ackedThisRound.size(), acked.size(), stored.size());
        }
    }

    private static Set<String> runAndKill(Path folder, String options, int round, int killAfterAcks) throws Exception {
        Path log = folder.resolve("appender-" + round + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingAppender.class.getName(),
                folder.resolve("db").toString(), "32", options)
                .redirectError(log.toFile())
                .start();
        Set<String> acked = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4));
                    if (!killed && acked.size() >= killAfterAcks) {
                        // SIGKILL through the handle, which (unlike Process.destroyForcibly) leaves our end of the
                        // pipe open, so acknowledgements printed just before the kill are still read
                        process.toHandle().destroyForcibly();
                        killed = true;
                    }
                }
            }
            if (!killed) {
                throw new AssertionError("the appender ended by itself after " + acked.size() + " acks:\n" + Files.readString(log));
            }
        } finally {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        return acked;
    }

    private static Set<String> storedEventIds(Path folder, String options) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(TestDatabase.H2.url(folder.resolve("db"), options), "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_id FROM journal_entry")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IOException("cannot reopen the crashed journal", e);
        }
        return ids;
    }
}
