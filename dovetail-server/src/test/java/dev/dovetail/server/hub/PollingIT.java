package dev.dovetail.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dovetail.model.Schedule;
import dev.dovetail.server.DovetailServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub polling a CRM's "changed since" listing end to end: pages read through the HTTP connector, records
 * journaled, run through a flow and delivered to the ERP once; a cron-scheduled flow fired once per tick. The
 * CRM and the ERP are one fake HTTP server on loopback.
 */
class PollingIT {
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static FakeSystems systems;
    private static ConfigurableApplicationContext hub;

    @BeforeAll
    static void start() throws IOException {
        systems = new FakeSystems();
        for (int i = 1; i <= 5; i++) {
            systems.account("ACC-" + i, "Account " + i, 1, Instant.parse("2026-03-01T08:00:00Z").plusSeconds(60L * i));
        }
        var workspace = folder("workspace");
        write(workspace.resolve("dovetail.yaml"), "name: polling-it\ntimezone: Asia/Shanghai\n");
        write(workspace.resolve("systems/crm.yaml"), """
                connector: http
                connection: {baseUrl: "%s"}
                operations:
                  listChangedAccounts:
                    method: GET
                    path: /api/accounts/changes
                    pagination: {type: cursor, items: data, next: next, param: cursor, sizeParam: limit, size: 2}
                events:
                  account-changed:
                    key: id
                    version: version
                    poll:
                      operation: listChangedAccounts
                      every: 300ms
                      watermark: {field: updatedAt, param: updatedSince, initial: "2026-01-01T00:00:00Z"}
                """.formatted(systems.url()));
        write(workspace.resolve("systems/erp.yaml"), """
                connector: http
                connection: {baseUrl: "%s"}
                operations:
                  upsertCustomer: {method: POST, path: /erp/customers, idempotencyHeader: Idempotency-Key}
                  recordTick: {method: POST, path: /erp/ticks, idempotencyHeader: Idempotency-Key}
                """.formatted(systems.url()));
        write(workspace.resolve("flows/account-sync.yaml"), """
                trigger: {event: crm.account-changed}
                steps:
                  - map: {expression: '{"code": id, "name": name, "version": version}'}
                  - deliver: erp.upsertCustomer
                """);
        write(workspace.resolve("flows/heartbeat.yaml"), """
                trigger: {schedule: {cron: "* * * * * *"}}
                steps:
                  - deliver: erp.recordTick
                """);
        hub = DovetailServer.start("--server.port=0", "--dovetail.data-dir=" + folder("data"), "--dovetail.workspace=" + workspace,
                "--dovetail.admin.password=test-admin-password-1", "--dovetail.reload.mode=off");
    }

    @AfterAll
    static void stop() {
        if (hub != null) hub.close();
        if (systems != null) systems.close();
    }

    @Test
    void polled_records_run_through_their_flow_and_reach_the_target_once_each() {
        await("5 customers in the ERP", () -> systems.customers().size() >= 5);
        double runs = count("dovetail.poll.runs", "crm.account-changed", "started");
        await("two more polls", () -> count("dovetail.poll.runs", "crm.account-changed", "started") >= runs + 2);

        assertThat(systems.customers()).extracting(c -> c.get("code").asString())
                .containsExactlyInAnyOrder("ACC-1", "ACC-2", "ACC-3", "ACC-4", "ACC-5");
        assertThat(journal("crm", "account-changed")).isEqualTo(5);
        assertThat(count("dovetail.poll.records", "crm.account-changed", "appended")).isEqualTo(5);
        assertThat(jdbc().sql("SELECT watermark_value FROM poll_watermark WHERE source_system = 'crm' AND event_name = 'account-changed'")
                .query(String.class).single()).isEqualTo("2026-03-01T08:05:00Z");

        systems.account("ACC-2", "Account 2 renamed", 2, Instant.parse("2026-03-01T09:00:00Z"));
        await("the changed account in the ERP", () -> systems.customers().size() >= 6);
        assertThat(systems.customers()).filteredOn(c -> c.get("code").asString().equals("ACC-2"))
                .extracting(c -> c.get("name").asString()).containsExactly("Account 2", "Account 2 renamed");
        assertThat(systems.listings()).allSatisfy(query -> assertThat(query).containsKey("updatedSince"));
    }

    @Test
    void a_cron_scheduled_flow_runs_once_per_tick() {
        await("two ticks delivered", () -> systems.ticks().size() >= 2);

        var ticks = systems.ticks().stream().map(t -> t.get("tick").asString()).toList();
        assertThat(ticks).doesNotHaveDuplicates().allSatisfy(tick -> assertThat(Instant.parse(tick).getNano()).isZero());
        assertThat(systems.ticks()).allSatisfy(t -> assertThat(t.get("schedule").asString()).isEqualTo("heartbeat"));
        assertThat(count("dovetail.schedule.ticks", "schedule.heartbeat", "journaled")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_five_field_cron_expression_fires_in_the_workspace_time_zone() {
        var nightly = PollingConfiguration.cronTimetables().of(Schedule.cron("30 2 * * *"), ZoneId.of("Asia/Shanghai"));

        assertThat(nightly.nextAfter(Instant.parse("2026-03-01T00:00:00Z"))).isEqualTo(Instant.parse("2026-03-01T18:30:00Z"));
        assertThat(PollingConfiguration.springCron("@hourly")).isEqualTo("@hourly");
        assertThat(PollingConfiguration.springCron("0 */5 * * * *")).isEqualTo("0 */5 * * * *");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static JdbcClient jdbc() {
        return JdbcClient.create(hub.getBean(DataSource.class));
    }

    private static long journal(String system, String event) {
        return jdbc().sql("SELECT COUNT(*) FROM journal_entry WHERE source_system = ? AND event_name = ?").params(system, event)
                .query(Long.class).single();
    }

    private static double count(String name, String source, String outcome) {
        Counter counter = hub.getBean(MeterRegistry.class).find(name).tag("source", source).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    private static Path folder(String prefix) {
        try {
            var base = Path.of(System.getProperty("dovetail.it.dir", System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            return Files.createDirectory(base.resolve("polling-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /**
     * A CRM listing accounts changed since a time ({@code GET /api/accounts/changes?updatedSince=&limit=&cursor=},
     * ordered by {@code updatedAt} then {@code id}, {@code updatedSince} inclusive) and an ERP taking customers and
     * ticks ({@code POST /erp/customers}, {@code POST /erp/ticks}; a repeated {@code Idempotency-Key} is answered
     * 200 and not recorded twice).
     */
    private static final class FakeSystems implements AutoCloseable {
        private final HttpServer server;
        private final List<Map<String, Object>> accounts = new CopyOnWriteArrayList<>();
        private final List<Map<String, String>> listings = new CopyOnWriteArrayList<>();
        private final Map<String, JsonNode> customers = new LinkedHashMap<>();
        private final Map<String, JsonNode> ticks = new LinkedHashMap<>();

        FakeSystems() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/api/accounts/changes", this::list);
            server.createContext("/erp/customers", exchange -> take(exchange, customers));
            server.createContext("/erp/ticks", exchange -> take(exchange, ticks));
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** Adds an account, or replaces the one with the same id (a change). */
        void account(String id, String name, int version, Instant updatedAt) {
            var account = new LinkedHashMap<String, Object>();
            account.put("id", id);
            account.put("name", name);
            account.put("version", version);
            account.put("updatedAt", updatedAt.toString());
            accounts.removeIf(a -> a.get("id").equals(id));
            accounts.add(account);
        }

        List<Map<String, String>> listings() {
            return List.copyOf(listings);
        }

        synchronized List<JsonNode> customers() {
            return List.copyOf(customers.values());
        }

        synchronized List<JsonNode> ticks() {
            return List.copyOf(ticks.values());
        }

        private void list(HttpExchange exchange) throws IOException {
            var query = new LinkedHashMap<String, String>();
            var raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (var pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            listings.add(query);
            var since = query.containsKey("updatedSince") ? Instant.parse(query.get("updatedSince")) : Instant.EPOCH;
            var after = query.get("cursor");
            int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
            var found = new ArrayList<Map<String, Object>>();
            for (var account : accounts) {
                var position = account.get("updatedAt") + "|" + account.get("id");
                if (Instant.parse((String) account.get("updatedAt")).isBefore(since)) continue;
                if (after != null && position.compareTo(after) <= 0) continue;
                found.add(account);
            }
            found.sort(Comparator.comparing(a -> a.get("updatedAt") + "|" + a.get("id")));
            var page = found.subList(0, Math.min(limit, found.size()));
            var answer = new LinkedHashMap<String, Object>();
            answer.put("data", page);
            answer.put("next", found.size() > page.size() ? page.getLast().get("updatedAt") + "|" + page.getLast().get("id") : null);
            respond(exchange, 200, JSON.writeValueAsString(answer));
        }

        private void take(HttpExchange exchange, Map<String, JsonNode> received) throws IOException {
            var body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            var key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            boolean repeat;
            synchronized (this) {
                repeat = received.containsKey(key);
                if (!repeat) received.put(key, body);
            }
            respond(exchange, repeat ? 200 : 201, "{}");
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
