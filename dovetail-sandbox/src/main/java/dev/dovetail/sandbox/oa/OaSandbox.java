package dev.dovetail.sandbox.oa;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An approval system in the style of DingTalk/WeCom approvals: {@code gettoken}, approval
 * instances created from a form (name/value list), status queries, signed callbacks when the
 * approver agrees or refuses, and a page where a person acts as the approver. See docs/sandbox.md,
 * section OA.
 *
 * <p>Options: {@code --app-key} (dovetail), {@code --app-secret} / env {@code OA_APP_SECRET}
 * (oa-secret), {@code --token-ttl} seconds (7200), {@code --approver} (manager01),
 * {@code --callback URL} (repeatable), {@code --callback-token} / env {@code OA_CALLBACK_TOKEN}
 * (oa-callback-token), {@code --callback-retry-ms} (1000), {@code --callback-max-attempts} (12),
 * {@code --seed} (seed when the state is empty).
 */
public final class OaSandbox extends HttpSandbox {

    /** Default HTTP port. */
    public static final int DEFAULT_PORT = 9303;

    private final Clock clock = Clock.systemUTC();
    private AccessTokens tokens;
    private Callbacks callbacks;
    private Approvals approvals;

    public OaSandbox(SandboxOptions options) {
        super("oa", DEFAULT_PORT, options);
    }

    @Override
    protected void onStart() {
        SandboxOptions o = options();
        tokens = new AccessTokens(state(), o.value("app-key", "dovetail"),
                o.valueOrEnv("app-secret", "OA_APP_SECRET", "oa-secret"),
                Duration.ofSeconds(o.longValue("token-ttl", 7200)), clock);
        callbacks = new Callbacks(state(), stats(), o.values("callback"),
                o.valueOrEnv("callback-token", "OA_CALLBACK_TOKEN", "oa-callback-token"),
                new Outbox.RetryPolicy(Duration.ofMillis(o.longValue("callback-retry-ms", 1000)),
                        o.intValue("callback-max-attempts", 12)));
        approvals = new Approvals(state(), clock, o.value("approver", "manager01"), event -> {
            stats().increment("events." + event.get("type") + (event.get("result").equals("") ? "" : "." + event.get("result")));
            callbacks.publish(event);
        });
        if (o.flag("seed") && approvals.list(null).isEmpty()) {
            seed();
        }
    }

    @Override
    protected void onStop() {
        if (callbacks != null) {
            callbacks.close();
        }
    }

    @Override
    protected void routes(Router router) {
        Handler gettoken = request -> Response.json(tokens.issue(request));
        router.get("/oa/gettoken", gettoken);
        router.post("/oa/gettoken", gettoken);
        router.post("/oa/processinstance/create", withToken(request -> {
            String id = approvals.create(request.jsonBody());
            stats().increment("instances.created");
            return ok(Map.of("process_instance_id", id, "request_id", java.util.UUID.randomUUID().toString()));
        }));
        Handler get = withToken(request -> {
            String id = request.queryParam("process_instance_id")
                    .or(() -> request.body().length == 0 ? java.util.Optional.empty()
                            : java.util.Optional.ofNullable((String) request.jsonBody().get("process_instance_id")))
                    .orElseThrow(() -> OaErrors.error(OaErrors.INVALID_PARAMETER,
                            "缺少参数 process_instance_id (process_instance_id is required)"));
            return ok(Map.of("process_instance", approvals.get(id)));
        });
        router.get("/oa/processinstance/get", get);
        router.post("/oa/processinstance/get", get);
        router.get("/oa/processinstance/list", withToken(request ->
                ok(Map.of("list", approvals.list(request.queryParam("status").orElse(null))))));
        router.post("/oa/processinstance/terminate", withToken(request -> {
            Map<String, Object> body = request.jsonBody();
            String id = body.get("process_instance_id") instanceof String s ? s : "";
            if (!approvals.exists(id)) {
                throw OaErrors.error(OaErrors.NO_SUCH_INSTANCE, "审批实例不存在 (no process instance " + id + ")");
            }
            try {
                approvals.terminate(id, (String) body.get("operating_userid"), (String) body.get("remark"));
            } catch (HttpProblem p) {
                throw OaErrors.error(OaErrors.WRONG_STATE, p.getMessage());
            }
            return ok(Map.of("result", true));
        }));
        router.post("/oa/callback/register", withToken(request -> {
            callbacks.register(request.jsonBody());
            return ok(Map.of());
        }));
        router.get("/oa/callback/list", withToken(request -> ok(Map.of("urls", callbacks.urls()))));
        router.post("/approve", request -> {
            Map<String, String> form = request.formBody();
            String id = form.getOrDefault("process_instance_id", "");
            try {
                approvals.decide(id, form.getOrDefault("result", ""), form.getOrDefault("remark", ""));
            } catch (HttpProblem p) {
                return Response.html(p.status(), HtmlPage.titled("OA sandbox").refreshEverySeconds(0)
                        .paragraph(p.getMessage()).raw("<p><a href=\"/\">Back</a></p>").render());
            }
            return Response.redirect("/");
        });
        router.post("/_control/approve", request -> {
            Map<String, Object> body = request.jsonBody();
            if (!(body.get("process_instance_id") instanceof String id) || !(body.get("result") instanceof String result)) {
                throw HttpProblem.badRequest("process_instance_id and result (agree|refuse) are required");
            }
            Map<String, Object> remark = new LinkedHashMap<>(body);
            return Response.json(approvals.decide(id, result, remark.get("remark") instanceof String r ? r : ""));
        });
    }

    @Override
    protected Response problem(HttpProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", OaErrors.errcode(problem));
        body.put("errmsg", problem.getMessage());
        Response response = Response.json(problem.status(), body);
        for (var header : problem.headers().entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return response;
    }

    @Override
    protected void reset() {
        approvals.clear();
        callbacks.clear();
        tokens.clear();
    }

    @Override
    protected void seed() {
        OaSeed.into(approvals);
    }

    @Override
    protected String page(Request request) {
        StringBuilder pending = new StringBuilder("<table>\n<caption>Waiting for approval (")
                .append(approvals.list("RUNNING").size()).append(")</caption>\n")
                .append("<thead><tr><th>instance</th><th>title</th><th>process</th><th>originator</th><th>approver</th>")
                .append("<th>form</th><th>created</th><th>decision</th></tr></thead>\n<tbody>\n");
        for (Map<String, Object> i : approvals.list("RUNNING")) {
            String id = HtmlPage.escape(i.get("process_instance_id"));
            pending.append("<tr><td>").append(id).append("</td><td>").append(HtmlPage.escape(i.get("title")))
                    .append("</td><td>").append(HtmlPage.escape(i.get("process_code")))
                    .append("</td><td>").append(HtmlPage.escape(i.get("originator_user_id")))
                    .append("</td><td>").append(HtmlPage.escape(((List<?>) i.get("approver_userid_list")).getFirst()))
                    .append("</td><td>").append(formText(i))
                    .append("</td><td>").append(HtmlPage.escape(i.get("create_time")))
                    .append("</td><td><form method=\"post\" action=\"/approve\">")
                    .append("<input type=\"hidden\" name=\"process_instance_id\" value=\"").append(id).append("\">")
                    .append("<button name=\"result\" value=\"agree\">Agree</button> ")
                    .append("<button name=\"result\" value=\"refuse\">Refuse</button></form></td></tr>\n");
        }
        pending.append("</tbody>\n</table>");
        List<Map<String, Object>> done = approvals.list(null).stream().filter(i -> !"RUNNING".equals(i.get("status"))).toList();
        return HtmlPage.titled("OA sandbox: approvals")
                .refreshEverySeconds(5)
                .paragraph("You are the approver. Agree or refuse; the callback goes to: "
                        + (callbacks.urls().isEmpty() ? "(no callback registered)" : String.join(", ", callbacks.urls()))
                        + " · callbacks waiting: " + callbacks.pending().size())
                .raw(pending.toString())
                .records("Finished", List.of("process_instance_id", "title", "process_code", "status", "result",
                        "create_time", "finish_time"), done)
                .render();
    }

    private Handler withToken(Handler handler) {
        return request -> {
            tokens.check(request);
            return handler.handle(request);
        };
    }

    private static Response ok(Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", 0);
        body.put("errmsg", "ok");
        body.putAll(fields);
        return Response.json(body);
    }

    private static String formText(Map<String, Object> instance) {
        StringBuilder text = new StringBuilder();
        for (Object f : (List<?>) instance.get("form_component_values")) {
            Map<?, ?> field = (Map<?, ?>) f;
            text.append(HtmlPage.escape(field.get("name"))).append(": ").append(HtmlPage.escape(field.get("value"))).append("<br>");
        }
        return text.toString();
    }
}
