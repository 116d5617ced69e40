package dev.dovetail.runtime.journal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;

/**
 * The process {@link JournalCrashIT} kills: appends events from several threads to an H2 file journal
 * and prints {@code ACK <event id>} for each append the journal acknowledged, until it is killed.
 * Arguments: the database folder, the number of appending threads, the H2 URL options.
 */
public final class CrashingAppender {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        String options = args[2];
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabase.H2.url(folder, options));
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        Journal journal = Journal.open(dataSource);
        String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        out.println("READY");
        out.flush();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    String key = run + "-" + thread + "-" + i;
                    EventId id = journal.append(new NewEvent("crm", "order-won", key, key, "application/json",
                            "{\"order\":\"" + key + "\",\"amount\":" + i + "}")).join().eventId();
                    synchronized (out) {
                        out.println("ACK " + id);
                        out.flush();
                    }
                }
            });
        }
        // never exits by itself before the test kills it; a safety net if the test died first
        Thread.sleep(120_000);
        System.exit(3);
    }
}
