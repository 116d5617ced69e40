package dev.dovetail.runtime.journal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A fresh, migrated database for one test class: an H2 file in a temp folder, or a new PostgreSQL database. */
public abstract class TestDatabase implements AutoCloseable {

    /** What the server uses for H2 (StoreConfiguration.H2_OPTIONS; see docs/adr/0014-h2-store-settings.md). */
    public static final String H2_OPTIONS = ";WRITE_DELAY=100;RETENTION_TIME=5000;AUTO_COMPACT_FILL_RATE=50;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE";

    protected HikariDataSource dataSource;

    public DataSource dataSource() {
        return dataSource;
    }

    public abstract String name();

    protected void connect(String url, String user, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword("");
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("test-" + name());
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    public void clear() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM journal_entry");
        }
    }

    public static TestDatabase h2() {
        return new H2(H2_OPTIONS);
    }

    /** An H2 file database opened with other URL options than the server's. */
    public static TestDatabase h2(String options) {
        return new H2(options);
    }

    public static TestDatabase postgres() {
        return new Postgres();
    }

    /** An H2 file database in a new temp folder, opened with the options the server uses. */
    public static final class H2 extends TestDatabase {
        private final Path folder;

        H2(String options) {
            try {
                folder = Files.createTempDirectory("dovetail-journal-");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            connect(url(folder, options), "sa", 16);
        }

        public static String url(Path folder) {
            return url(folder, H2_OPTIONS);
        }

        public static String url(Path folder, String options) {
            return "jdbc:h2:file:" + folder.resolve("journal").toAbsolutePath() + options;
        }

        public Path folder() {
            return folder;
        }

        @Override
        public String name() {
            return "h2";
        }

        @Override
        public void close() throws IOException {
            dataSource.close();
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A new database {@code dovetail_it_<random>} on the local PostgreSQL, dropped on close. */
    public static final class Postgres extends TestDatabase {
        private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
        private final String database = "dovetail_it_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

        Postgres() {
            admin("CREATE DATABASE " + database);
            connect(SERVER + database, "postgres", 16);
        }

        @Override
        public String name() {
            return "postgresql";
        }

        @Override
        public void close() {
            dataSource.close();
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }

        private static void admin(String sql) {
            try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 (user postgres) is needed: " + e.getMessage(), e);
            }
        }
    }
}
