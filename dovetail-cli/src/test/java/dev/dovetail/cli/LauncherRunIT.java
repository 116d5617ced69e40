package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dovetail run} as a user starts it: the launcher finds the JDK, execs the server (so the PID
 * started is the JVM's) on the given port and data folder, with the workspace named relative to the
 * caller's folder; health answers UP and the API wants a login. Uses the server jar of this build
 * (built before this module in the reactor); skipped when there is none, as in a CLI-only build.
 */
class LauncherRunIT {
    private static final Path HOME = Path.of(System.getProperty("dovetail.home", "..")).toAbsolutePath().normalize();
    private static final Path SERVER_JAR = Path.of(System.getProperty("dovetail.server.jar", "missing"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @TempDir
    Path tmp;

    private Process server;

    @AfterEach
    void stop_the_server() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void run_starts_the_hub_on_the_workspace_and_port_given() throws Exception {
        assumeTrue(Files.isRegularFile(SERVER_JAR), "no server jar at " + SERVER_JAR + " (build dovetail-server first)");
        Path jar = Files.copy(SERVER_JAR, tmp.resolve("dovetail-server.jar")); // the class-data archive goes beside it
        Path caller = Files.createDirectories(tmp.resolve("caller"));
        int port = freePort();
        String showcase = caller.relativize(HOME.resolve("examples/showcase")).toString();

        var builder = new ProcessBuilder(List.of(HOME.resolve("dovetail").toString(), "run",
                "--workspace", showcase, "--port", String.valueOf(port), "--data", "hub-data"))
                .directory(caller.toFile())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("server.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DOVETAIL_"));
        builder.environment().put("DOVETAIL_SERVER_JAR", jar.toString());
        builder.environment().put("DOVETAIL_SECRET_CRM_CLIENT_SECRET", "crm-secret-for-tests");
        builder.environment().put("DOVETAIL_SECRET_CRM_WEBHOOK_SECRET", "webhook-secret-for-tests");
        builder.environment().put("DOVETAIL_SECRET_ERP_PASSWORD", "erp-password-for-tests");
        server = builder.start();

        awaitHealthUp(port, Duration.ofSeconds(120));

        assertThat(server.info().command()).as("the launcher execs java").hasValueSatisfying(c -> assertThat(c).endsWith("/java"));
        assertThat(get(port, "/api/v1/workspace").statusCode()).isEqualTo(401);
        assertThat(caller.resolve("hub-data")).as("--data relative to the caller's folder").isDirectory();

        server.destroy(); // SIGTERM, as Ctrl-C or a service manager would
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the hub stops on SIGTERM").isTrue();
        assertThat(tmp.resolve("dovetail-server-run/dovetail-server.jar.jsa"))
                .as("the first stop leaves a class-data archive for the next start").exists();
    }

    private void awaitHealthUp(int port, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as(() -> "the server exited early:\n" + log()).isTrue();
            try {
                var health = get(port, "/actuator/health");
                if (health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"")) return;
            } catch (IOException notYetListening) {
                // poll again
            }
            Thread.sleep(100);
        }
        throw new AssertionError("/actuator/health was not UP within " + patience + ":\n" + log());
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String log() {
        try {
            return Files.readString(tmp.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * A port below Linux's ephemeral range (32768+) that nothing listens on: a port the OS hands out for
     * {@code new ServerSocket(0)} may be taken by an outgoing connection before the hub binds it.
     */
    private static int freePort() throws IOException {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = random.nextInt(20_000, 32_000);
            try (var socket = new ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress(candidate));
                return candidate;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
