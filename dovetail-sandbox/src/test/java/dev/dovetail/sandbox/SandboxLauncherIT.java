package dev.dovetail.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a user runs it: a separate JVM, the READY line, a clean stop on SIGTERM. */
class SandboxLauncherIT {

    @TempDir
    Path state;

    @Test
    void a_system_prints_its_ready_line_serves_and_stops_on_sigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Sandbox.class.getName(), "crm", "--port", "0", "--state", state.toString(), "--seed"))
                .redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return lines.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("SANDBOX crm READY (http://127\\.0\\.0\\.1:\\d+)").matcher(String.valueOf(ready));
            assertThat(m.matches()).as(ready).isTrue();

            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(m.group(1) + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("OPP-000001");
            assertThat(Files.exists(state.resolve("opportunities.json"))).isTrue();

            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isIn(0, 143);
        } finally {
            process.destroyForcibly();
        }
    }
}
