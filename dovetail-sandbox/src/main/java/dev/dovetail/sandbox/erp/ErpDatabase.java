package dev.dovetail.sandbox.erp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.tools.Server;

/**
 * The ERP's own relational database: an H2 file database in the state folder, served over H2's
 * TCP protocol on loopback so that an integration reads it like a legacy on-premise database.
 *
 * <p>The database belongs to an internal owner whose random password is kept beside the files;
 * the integration account {@code erp} gets its password set on every start (so changing
 * {@code --db-password} between runs just works) and may read and write the tables but not run
 * DDL or define Java functions, which an H2 admin could.
 */
final class ErpDatabase implements AutoCloseable {

    static final String USER = "erp";
    static final String NAME = "erp";
    private static final String OWNER = "ERP_OWNER";

    private final JdbcConnectionPool pool;
    private final Path dir;
    private final int port;
    private Server tcpServer;

    private ErpDatabase(JdbcConnectionPool pool, Path dir, Server tcpServer) {
        this.pool = pool;
        this.dir = dir;
        this.tcpServer = tcpServer;
        this.port = tcpServer.getPort();
    }

    /**
     * Opens (creating on first use) the database under {@code dir}, brings the schema up to date,
     * sets the {@code erp} account's password and starts the TCP server on {@code tcpPort}.
     */
    static ErpDatabase open(Path dir, int tcpPort, String erpPassword) {
        try {
            Files.createDirectories(dir);
            boolean exists = Files.exists(dir.resolve(NAME + ".mv.db"));
            String ownerPassword = ownerPassword(dir, exists);
            // DB_CLOSE_ON_EXIT=FALSE: the sandbox closes the database itself, after the server stopped
            String url = "jdbc:h2:file:" + dir.resolve(NAME).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
            var pool = JdbcConnectionPool.create(url, OWNER, ownerPassword);
            pool.setMaxConnections(16);
            try (Connection c = pool.getConnection(); var st = c.createStatement()) {
                ErpSchema.create(c);
                st.execute("CREATE USER IF NOT EXISTS " + USER + " PASSWORD " + sqlString(erpPassword));
                st.execute("ALTER USER " + USER + " SET PASSWORD " + sqlString(erpPassword));
                st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA PUBLIC TO " + USER);
            }
            Server tcp;
            try {
                tcp = tcpServer(dir, tcpPort).start();
            } catch (SQLException e) {
                pool.dispose();
                shutdown(url, ownerPassword);
                throw e;
            }
            return new ErpDatabase(pool, dir, tcp);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the ERP database in " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDBC URL an integration uses (user {@code erp}). */
    String jdbcUrl() {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/" + NAME;
    }

    int port() {
        return port;
    }

    /** Stops accepting TCP clients and drops the connected ones (an outage); the data stays open. */
    synchronized void closePort() {
        if (tcpServer != null) {
            tcpServer.stop();
            tcpServer = null;
        }
    }

    /** Serves TCP clients again on the same port after {@link #closePort()}. */
    synchronized void openPort() throws SQLException {
        if (tcpServer == null) {
            tcpServer = tcpServer(dir, port).start();
        }
    }

    synchronized boolean portOpen() {
        return tcpServer != null;
    }

    // No -tcpAllowOthers: loopback only. -ifExists: clients cannot create other databases.
    private static Server tcpServer(Path dir, int port) throws SQLException {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toAbsolutePath().toString(),
                "-ifExists", "-tcpDaemon");
    }

    /** A pooled connection of the owner; close it after use. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ERP database: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    @Override
    public void close() {
        closePort();
        try (Connection c = pool.getConnection(); var st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            // already closed
        }
        pool.dispose();
    }

    private static void shutdown(String url, String ownerPassword) {
        try (var c = java.sql.DriverManager.getConnection(url, OWNER, ownerPassword); var st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            // nothing left to close
        }
    }

    private static String ownerPassword(Path dir, boolean databaseExists) throws IOException {
        Path file = dir.resolve("owner.key");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        if (databaseExists) {
            throw new IllegalStateException(file + " is missing, so the existing ERP database cannot be opened;"
                    + " delete " + dir + " (or start with a new --state folder) to begin afresh");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path tmp = dir.resolve("owner.key.tmp");
        Files.writeString(tmp, password, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return password;
    }

    private static String sqlString(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
