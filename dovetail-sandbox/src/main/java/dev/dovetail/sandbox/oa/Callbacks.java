package dev.dovetail.sandbox.oa;

import dev.dovetail.sandbox.common.Json;
import dev.dovetail.sandbox.common.JsonTable;
import dev.dovetail.sandbox.common.Outbox;
import dev.dovetail.sandbox.common.Signatures;
import dev.dovetail.sandbox.common.StateDir;
import dev.dovetail.sandbox.common.Stats;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Approval callbacks: every registered URL gets each {@code bpms_instance_change} event, signed
 * with HMAC-SHA256 over {@code "<timestamp>.<body>"} keyed by the callback token, and retried
 * until it answers 2xx (an {@link Outbox}).
 */
final class Callbacks implements AutoCloseable {

    static final String EVENT = "bpms_instance_change";
    private static final String TOKEN = "token"; // kept in the outbox for the signer, never sent

    private final List<Map<String, Object>> configured = new ArrayList<>();
    private final JsonTable registered;
    private final String defaultToken;
    private final Outbox outbox;

    Callbacks(StateDir state, Stats stats, List<String> urls, String defaultToken, Outbox.RetryPolicy retry) {
        this.registered = JsonTable.open(state, "callbacks", "url");
        this.defaultToken = defaultToken;
        for (String url : urls) {
            configured.add(callback(checkUrl(url), defaultToken));
        }
        this.outbox = new Outbox("callbacks", state, stats, Callbacks::sign, retry);
    }

    /** {@code {url, token?, call_back_tag?}}; re-registering a URL replaces it. */
    void register(Map<String, Object> body) {
        if (!(body.get("url") instanceof String url)) {
            throw OaErrors.error(OaErrors.INVALID_PARAMETER, "缺少参数 url (url is required)");
        }
        Object token = body.getOrDefault("token", defaultToken);
        if (!(token instanceof String t) || t.isEmpty()) {
            throw OaErrors.error(OaErrors.INVALID_PARAMETER, "token must be a non-empty string");
        }
        if (body.get("call_back_tag") instanceof List<?> tags && !tags.stream().allMatch(EVENT::equals)) {
            throw OaErrors.error(OaErrors.INVALID_PARAMETER, "only call_back_tag " + EVENT + " is supported");
        }
        try {
            registered.put(callback(checkUrl(url), t));
        } catch (IllegalArgumentException e) {
            throw OaErrors.error(OaErrors.INVALID_PARAMETER, e.getMessage());
        }
    }

    List<String> urls() {
        return all().stream().map(c -> (String) c.get("url")).toList();
    }

    void publish(Map<String, Object> event) {
        String body = Json.write(event);
        for (Map<String, Object> callback : all()) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Oa-Event", EVENT);
            headers.put("X-Oa-Delivery", UUID.randomUUID().toString());
            headers.put(TOKEN, (String) callback.get("token"));
            outbox.enqueue((String) callback.get("url"), body, headers);
        }
    }

    List<Map<String, Object>> pending() {
        return outbox.pending();
    }

    void clear() {
        registered.clear();
        outbox.clear();
    }

    @Override
    public void close() {
        outbox.close();
    }

    private static Map<String, String> sign(String body, Map<String, String> fixed, long epochSeconds) {
        String timestamp = Long.toString(epochSeconds);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Oa-Event", fixed.get("X-Oa-Event"));
        headers.put("X-Oa-Delivery", fixed.get("X-Oa-Delivery"));
        headers.put("X-Oa-Timestamp", timestamp);
        headers.put("X-Oa-Signature", "sha256=" + Signatures.hmacSha256Hex(fixed.get(TOKEN), timestamp + "." + body));
        headers.put("User-Agent", "oa-sandbox-callbacks/1");
        return headers;
    }

    private List<Map<String, Object>> all() {
        List<Map<String, Object>> all = new ArrayList<>(configured);
        all.addAll(registered.all());
        return all;
    }

    private static Map<String, Object> callback(String url, String token) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("url", url);
        c.put("token", token);
        c.put("call_back_tag", List.of(EVENT));
        return c;
    }

    private static String checkUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new IllegalArgumentException("callback url must be an absolute http(s) URL: " + url);
    }
}
