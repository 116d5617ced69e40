package dev.dovetail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hub is secure by default: what is open, what needs a login, and how scripts and browsers log in. */
class SecurityIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void health_answers_up_without_login() {
        var health = server.anonymous().get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void an_unauthenticated_api_call_gets_401_problem_json_not_a_redirect() {
        var response = server.anonymous().get("/api/v1/workspace");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asString()).isEqualTo("unauthenticated");
        assertThat(response.json().get("status").asInt()).isEqualTo(401);
    }

    @Test
    void a_wrong_password_gets_401_and_is_audited() {
        var response = Http.to(server.port()).basic("admin", "not-the-password").get("/api/v1/me");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("code").asString()).isEqualTo("unauthenticated");
        var audit = server.admin().get("/api/v1/audit").json();
        assertThat(audit.values()).anySatisfy(entry -> {
            assertThat(entry.get("action").asString()).isEqualTo("login.failed");
            assertThat(entry.get("actor").asString()).isEqualTo("admin");
            assertThat(entry.get("detail").asString()).contains("method=basic");
            assertThat(entry.get("ip").asString()).isNotBlank();
        });
    }

    @Test
    void the_preset_admin_password_logs_in_with_http_basic() {
        var me = server.admin().get("/api/v1/me");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo("admin");
        assertThat(me.json().get("authenticatedBy").asString()).isEqualTo("basic");
    }

    @Test
    void an_api_token_works_until_it_is_revoked() {
        var created = server.admin().post("/api/v1/tokens", "{\"name\": \"deploy-script\"}");
        assertThat(created.status()).isEqualTo(201);
        var token = created.json().get("token").asString();
        var id = created.json().get("id").asLong();
        assertThat(token).startsWith("dvt_").hasSizeGreaterThan(40);

        var me = Http.to(server.port()).bearer(token).get("/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("authenticatedBy").asString()).isEqualTo("token");
        assertThat(me.json().get("tokenId").asLong()).isEqualTo(id);

        var listed = server.admin().get("/api/v1/tokens");
        assertThat(listed.body()).doesNotContain(token).doesNotContain(token.substring(4, 20));
        assertThat(listed.json().values()).anySatisfy(t -> {
            assertThat(t.get("id").asLong()).isEqualTo(id);
            assertThat(t.get("name").asString()).isEqualTo("deploy-script");
            assertThat(t.get("lastUsedAt").isNull()).isFalse();
        });

        assertThat(Http.to(server.port()).bearer(token).delete("/api/v1/tokens/" + id).status()).isEqualTo(204);

        var afterRevoke = Http.to(server.port()).bearer(token).get("/api/v1/me");
        assertThat(afterRevoke.status()).isEqualTo(401);
        assertThat(afterRevoke.contentType()).startsWith("application/problem+json");
        var actions = server.admin().get("/api/v1/audit").json().values().stream()
                .filter(e -> ("token:" + id).equals(e.get("target").asString()))
                .map(e -> e.get("action").asString()).toList();
        assertThat(actions).contains("token.created", "token.revoked");
    }

    @Test
    void a_made_up_bearer_token_gets_401() {
        var response = Http.to(server.port()).bearer("dvt_madeUpTokenmadeUpTokenmadeUpTokenmadeUpTok").get("/api/v1/me");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("code").asString()).isEqualTo("unauthenticated");
    }

    @Test
    void revoking_an_unknown_token_is_a_404_problem() {
        var response = server.admin().delete("/api/v1/tokens/999999");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("code").asString()).isEqualTo("token-not-found");
    }

    @Test
    void a_browser_is_sent_to_the_login_form_and_then_sees_the_console_placeholder() {
        var browser = Http.browser(server.port());
        var index = browser.get("/", "Accept", "text/html");
        assertThat(index.status()).isEqualTo(302);
        assertThat(index.location()).endsWith("/login");

        login(browser);

        var page = browser.get("/", "Accept", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Dovetail").contains("admin");
        assertThat(browser.get("/api/v1/me").json().get("authenticatedBy").asString()).isEqualTo("form");
    }

    @Test
    void a_browser_session_needs_the_csrf_header_to_change_anything() {
        var browser = Http.browser(server.port());
        login(browser);

        var withoutToken = browser.post("/api/v1/tokens", "{\"name\": \"from-browser\"}");
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(withoutToken.json().get("code").asString()).isEqualTo("csrf-token-missing");

        var xsrf = browser.client().cookieHandler().map(h -> (java.net.CookieManager) h).orElseThrow()
                .getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .findFirst().orElseThrow().getValue();
        var withToken = browser.post("/api/v1/tokens", "{\"name\": \"from-browser\"}", "X-XSRF-TOKEN", xsrf);
        assertThat(withToken.status()).isEqualTo(201);
    }

    @Test
    void webhooks_are_not_behind_the_login() {
        var response = server.anonymous().post("/hooks/crm/order-won", "{}");

        assertThat(response.status()).isNotIn(401, 403);
    }

    @Test
    void prometheus_metrics_are_open_by_default() {
        var metrics = server.anonymous().get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void the_list_of_actuator_endpoints_needs_a_login() {
        assertThat(server.anonymous().get("/actuator").status()).isEqualTo(401);
    }

    @Test
    void workspace_file_schemas_are_served_without_login() {
        var schema = server.anonymous().get("/schemas/system.schema.json");

        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.contentType()).startsWith("application/schema+json");
        assertThat(schema.json().has("$schema")).isTrue();
        assertThat(server.anonymous().get("/schemas/nothing.schema.json").json().get("code").asString())
                .isEqualTo("unknown-schema");
    }

    @Test
    void unknown_api_paths_are_404_problems_with_a_code() {
        var response = server.admin().get("/api/v1/does-not-exist");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asString()).isEqualTo("not-found");
    }

    @Test
    void a_password_change_needs_the_current_password_and_a_long_new_one() {
        var wrongCurrent = server.admin().put("/api/v1/me/password",
                "{\"currentPassword\": \"nope\", \"newPassword\": \"a-long-enough-password\"}");
        assertThat(wrongCurrent.status()).isEqualTo(403);
        assertThat(wrongCurrent.json().get("code").asString()).isEqualTo("wrong-password");

        var tooShort = server.admin().put("/api/v1/me/password",
                "{\"currentPassword\": \"" + TestServer.ADMIN_PASSWORD + "\", \"newPassword\": \"short\"}");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().get("code").asString()).isEqualTo("weak-password");
    }

    private static void login(Http browser) {
        var form = browser.get("/login", "Accept", "text/html");
        var csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).as("login form has a CSRF field: %s", form.body()).isTrue();
        var loggedIn = browser.postForm("/login", "username=admin&password="
                + URLEncoder.encode(TestServer.ADMIN_PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8), "Accept", "text/html");
        assertThat(loggedIn.status()).isEqualTo(302);
        assertThat(loggedIn.location()).doesNotContain("error");
    }
}
