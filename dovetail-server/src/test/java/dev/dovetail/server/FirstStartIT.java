package dev.dovetail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The packaged jar, started as the launcher starts it: the first start creates the admin account. */
class FirstStartIT {
    private static final Pattern PASSWORD = Pattern.compile("password:\\s+(\\S+)");

    @Test
    void the_first_start_prints_a_random_admin_password_once_and_it_logs_in() {
        var dataDir = TestServer.newFolder("first-start");
        String password;
        try (var server = ServerProcess.start(dataDir, Map.of())) {
            System.out.printf("dovetail-server.jar ready in %d ms%n", server.startup().toMillis());
            var found = server.find(PASSWORD);
            assertThat(found).as("password block in the log:\n%s", server.log()).isNotNull();
            password = found.group(1);
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);

            assertThat(Http.to(server.port()).basic("admin", password).get("/api/v1/me").status()).isEqualTo(200);
            assertThat(Http.to(server.port()).get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        }

        try (var again = ServerProcess.start(dataDir, Map.of())) {
            assertThat(again.find(PASSWORD)).as("the password is printed only on the first start").isNull();
            assertThat(again.log()).doesNotContain(password);
            assertThat(Http.to(again.port()).basic("admin", password).get("/api/v1/me").status()).isEqualTo(200);
        }
    }

    @Test
    void the_admin_password_can_be_preset_from_the_environment_and_is_never_printed() {
        var preset = "preset-Password-0123456789";
        try (var server = ServerProcess.start(TestServer.newFolder("preset"), Map.of("DOVETAIL_ADMIN_PASSWORD", preset))) {
            assertThat(server.find(PASSWORD)).isNull();
            assertThat(server.log()).doesNotContain(preset);
            assertThat(Http.to(server.port()).basic("admin", preset).get("/api/v1/me").status()).isEqualTo(200);
        }
    }
}
