package dev.dovetail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub on PostgreSQL (127.0.0.1:5432, user postgres, trust auth as on the development and CI
 * machines): Flyway creates the schema in a fresh database, and users, tokens and the audit log work there.
 */
class PostgresIT {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private String database;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = "dovetail_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            admin.createStatement().execute("create database " + database);
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (var admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            admin.createStatement().execute("drop database if exists " + database + " with (force)");
        }
    }

    @Test
    void the_hub_migrates_and_runs_on_a_fresh_postgresql_database() throws SQLException {
        try (var server = TestServer.start(Map.of(
                "spring.datasource.url", SERVER + database,
                "spring.datasource.username", "postgres"))) {
            assertThat(server.anonymous().get("/actuator/health").json().get("status").asString()).isEqualTo("UP");

            var created = server.admin().post("/api/v1/tokens", "{\"name\": \"on-postgres\"}");
            assertThat(created.status()).isEqualTo(201);
            var token = created.json().get("token").asString();
            assertThat(Http.to(server.port()).bearer(token).get("/api/v1/me").status()).isEqualTo(200);
            assertThat(server.admin().get("/api/v1/audit").json().values())
                    .anySatisfy(e -> assertThat(e.get("action").asString()).isEqualTo("token.created"));
        }

        try (var db = DriverManager.getConnection(SERVER + database, "postgres", "")) {
            var versions = db.createStatement().executeQuery(
                    "select version from flyway_schema_history where success order by installed_rank");
            versions.next();
            assertThat(versions.getString(1)).isEqualTo("1");
            var hash = db.createStatement().executeQuery("select token_hash from api_tokens");
            hash.next();
            assertThat(hash.getString(1)).hasSize(64).doesNotStartWith("dvt_");
        }
    }
}
