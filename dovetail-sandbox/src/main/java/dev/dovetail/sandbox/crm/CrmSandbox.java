package dev.dovetail.sandbox.crm;

import dev.dovetail.sandbox.common.HtmlPage;
import dev.dovetail.sandbox.common.HttpProblem;
import dev.dovetail.sandbox.common.HttpSandbox;
import dev.dovetail.sandbox.common.Handler;
import dev.dovetail.sandbox.common.Outbox;
import dev.dovetail.sandbox.common.Request;
import dev.dovetail.sandbox.common.Response;
import dev.dovetail.sandbox.common.Router;
import dev.dovetail.sandbox.common.SandboxOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * A modern SaaS CRM: REST/JSON under {@code /api}, OAuth2 client credentials, cursor paging with
 * {@code updatedSince}, a per-client rate limit (429 + Retry-After) and signed outbound webhooks
 * delivered at least once. See docs/sandbox.md, section CRM, for the API.
 *
 * <p>Options: {@code --client-id} (dovetail), {@code --client-secret} / env
 * {@code CRM_CLIENT_SECRET} (crm-secret), {@code --token-ttl} seconds (3600), {@code --rate-limit}
 * requests per second per client (20; 0 = off), {@code --webhook [EVENTS=]URL} (repeatable),
 * {@code --webhook-secret} / env {@code CRM_WEBHOOK_SECRET} (crm-webhook-secret),
 * {@code --webhook-duplicate-probability} (0.05), {@code --webhook-retry-ms} (1000),
 * {@code --webhook-max-attempts} (12), {@code --seed} (seed when the state is empty).
 */
public final class CrmSandbox extends HttpSandbox {

    /** Default HTTP port. */
    public static final int DEFAULT_PORT = 9301;

    private final Clock clock = Clock.systemUTC();
    private OAuthTokens tokens;
    private RateLimiter limiter;
    private Webhooks webhooks;
    private CrmRecords records;

    public CrmSandbox(SandboxOptions options) {
        super("crm", DEFAULT_PORT, options);
    }

    @Override
    protected void onStart() {
        SandboxOptions o = options();
        tokens = new OAuthTokens(state(), o.value("client-id", "dovetail"),
                o.valueOrEnv("client-secret", "CRM_CLIENT_SECRET", "crm-secret"),
                Duration.ofSeconds(o.longValue("token-ttl", 3600)), clock);
        limiter = new RateLimiter(o.doubleValue("rate-limit", 20));
        double duplicates = o.doubleValue("webhook-duplicate-probability", 0.05);
        if (duplicates < 0 || duplicates > 1) {
            throw new IllegalArgumentException("--webhook-duplicate-probability must be between 0 and 1");
        }
        webhooks = new Webhooks(state(), stats(), o.values("webhook"),
                o.valueOrEnv("webhook-secret", "CRM_WEBHOOK_SECRET", "crm-webhook-secret"), duplicates,
                new Outbox.RetryPolicy(Duration.ofMillis(o.longValue("webhook-retry-ms", 1000)),
                        o.intValue("webhook-max-attempts", 12)),
                RandomGenerator.getDefault());
        records = new CrmRecords(state(), clock, (event, record) -> {
            stats().increment("events." + event);
            webhooks.publish(event, record);
        });
        if (o.flag("seed") && records.count(Kind.ACCOUNTS) == 0) {
            seed();
        }
    }

    @Override
    protected void onStop() {
        if (webhooks != null) {
            webhooks.close();
        }
    }

    @Override
    protected void routes(Router router) {
        router.post("/api/oauth/token", request -> Response.json(tokens.issue(request))
                .withHeader("Cache-Control", "no-store"));
        for (Kind kind : Kind.values()) {
            String base = "/api/" + kind.path;
            router.get(base, secured(request -> Response.json(records.list(kind, request))));
            router.post(base, secured(request -> {
                Map<String, Object> created = records.create(kind, request.jsonBody(), true);
                return Response.json(201, created).withHeader("Location", base + "/" + created.get("id"));
            }));
            router.get(base + "/{id}", secured(request -> Response.json(records.get(kind, request.pathParam("id")))));
            router.patch(base + "/{id}", secured(request -> Response.json(
                    records.update(kind, request.pathParam("id"), request.jsonBody()))));
        }
        router.post("/api/opportunities/{id}/win", secured(request -> {
            String id = request.pathParam("id");
            Map<String, Object> current = records.get(Kind.OPPORTUNITIES, id);
            Map<String, Object> patch = new java.util.LinkedHashMap<>();
            patch.put("stage", "Closed Won");
            if (current.get("closeDate") == null) {
                patch.put("closeDate", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.ofHours(8))
                        .truncatedTo(ChronoUnit.SECONDS).toString());
            }
            return Response.json(records.update(Kind.OPPORTUNITIES, id, patch));
        }));
        router.get("/api/webhooks", secured(request -> Response.json(Map.of("data", webhooks.list()))));
        router.post("/api/webhooks", secured(request -> {
            try {
                return Response.json(201, webhooks.register(request.jsonBody()));
            } catch (IllegalArgumentException e) {
                throw Webhooks.asProblem(e);
            }
        }));
        router.delete("/api/webhooks/{id}", secured(request -> {
            if (!webhooks.delete(request.pathParam("id"))) {
                throw HttpProblem.notFound("no webhook subscription " + request.pathParam("id"));
            }
            return Response.empty(204);
        }));
    }

    /** Bearer token first (401), then the client's rate limit (429). */
    private Handler secured(Handler handler) {
        return request -> {
            String client = tokens.authenticate(request);
            OptionalLong wait = limiter.acquire(client);
            if (wait.isPresent()) {
                stats().increment("rateLimited");
                throw new HttpProblem(429, "rate_limited", "too many requests; retry after " + wait.getAsLong() + " s",
                        Map.of("Retry-After", Long.toString(wait.getAsLong())));
            }
            return handler.handle(request);
        };
    }

    @Override
    protected void reset() {
        records.clear();
        webhooks.clear();
        tokens.clear();
        limiter.clear();
    }

    @Override
    protected void seed() {
        CrmSeed.into(records);
    }

    @Override
    protected String page(Request request) {
        return HtmlPage.titled("CRM sandbox")
                .paragraph("Opportunities: " + records.count(Kind.OPPORTUNITIES) + " · accounts: "
                        + records.count(Kind.ACCOUNTS) + " · webhooks waiting: " + webhooks.pending().size()
                        + " · delivered: " + stats().get("webhooks.delivered"))
                .records("Opportunities (latest 100)", List.of("id", "name", "accountId", "stage", "amount", "currency",
                        "closeDate", "owner.email", "lines", "updatedAt"), records.latest(Kind.OPPORTUNITIES, 100))
                .records("Accounts", List.of("id", "name", "city", "taxId", "phone", "updatedAt"),
                        records.latest(Kind.ACCOUNTS, 100))
                .records("Products", List.of("id", "sku", "name", "unitPrice", "currency"), records.latest(Kind.PRODUCTS, 100))
                .render();
    }
}
