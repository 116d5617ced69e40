package dev.dovetail.sandbox.crm;

import dev.dovetail.sandbox.common.HttpProblem;
import dev.dovetail.sandbox.common.Json;
import dev.dovetail.sandbox.common.JsonTable;
import dev.dovetail.sandbox.common.Outbox;
import dev.dovetail.sandbox.common.Signatures;
import dev.dovetail.sandbox.common.StateDir;
import dev.dovetail.sandbox.common.Stats;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Outbound webhooks: subscriptions (from {@code --webhook} or {@code POST /api/webhooks}), one
 * signed POST per matching subscription and event, delivered at least once through an
 * {@link Outbox}; with probability {@code duplicateProbability} a second copy of the same delivery
 * (same {@code X-Crm-Delivery}) follows within half a second, as real SaaS sometimes does.
 */
final class Webhooks implements AutoCloseable {

    static final List<String> EVENTS = List.of("account.created", "account.updated", "contact.created",
            "contact.updated", "opportunity.created", "opportunity.updated", "opportunity.won", "opportunity.lost",
            "product.created", "product.updated");

    private static final String SECRET = "secret"; // kept in the outbox for the signer, never sent

    private final List<Map<String, Object>> configured = new ArrayList<>();
    private final JsonTable registered;
    private final String defaultSecret;
    private final double duplicateProbability;
    private final RandomGenerator random;
    private final Stats stats;
    private final Outbox outbox;

    /**
     * @param configured values of {@code --webhook}: {@code URL} (every event) or
     *                   {@code EVENT[,EVENT...]=URL}
     */
    Webhooks(StateDir state, Stats stats, List<String> configured, String defaultSecret, double duplicateProbability,
             Outbox.RetryPolicy retry, RandomGenerator random) {
        this.registered = JsonTable.open(state, "webhooks", "id");
        this.defaultSecret = defaultSecret;
        this.duplicateProbability = duplicateProbability;
        this.random = random;
        this.stats = stats;
        int n = 0;
        for (String value : configured) {
            int eq = value.indexOf('=');
            boolean hasEvents = eq > 0 && !value.substring(0, eq).contains(":");
            String url = hasEvents ? value.substring(eq + 1) : value;
            List<String> events = hasEvents ? List.of(value.substring(0, eq).split(",")) : List.of("*");
            this.configured.add(subscription("cli-" + ++n, checkUrl(url), checkEvents(events), defaultSecret));
        }
        this.outbox = new Outbox("webhooks", state, stats, Webhooks::sign, retry);
    }

    /** {@code POST /api/webhooks {url, events, secret}}. */
    Map<String, Object> register(Map<String, Object> body) {
        if (!(body.get("url") instanceof String url)) {
            throw RecordRules.invalid("url", "is required");
        }
        List<String> events = List.of("*");
        if (body.get("events") != null) {
            if (!(body.get("events") instanceof List<?> list) || list.isEmpty()
                    || !list.stream().allMatch(e -> e instanceof String)) {
                throw RecordRules.invalid("events", "must be a non-empty array of event names");
            }
            events = list.stream().map(String.class::cast).toList();
        }
        Object secret = body.getOrDefault("secret", defaultSecret);
        if (!(secret instanceof String s) || s.isEmpty()) {
            throw RecordRules.invalid("secret", "must be a non-empty string");
        }
        String id = "wh_" + HexFormat.of().toHexDigits(random.nextLong()).substring(0, 12);
        Map<String, Object> subscription = subscription(id, checkUrl(url), checkEvents(events), s);
        registered.put(subscription);
        return visible(subscription);
    }

    List<Map<String, Object>> list() {
        return all().stream().map(Webhooks::visible).toList();
    }

    boolean delete(String id) {
        return registered.remove(id);
    }

    /** Queues the record for every subscription that wants the event. */
    void publish(String event, Map<String, Object> record) {
        String body = Json.write(record);
        for (Map<String, Object> subscription : all()) {
            if (!wants(subscription, event)) {
                continue;
            }
            String delivery = "dlv_" + HexFormat.of().toHexDigits(random.nextLong());
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Crm-Event", event);
            headers.put("X-Crm-Delivery", delivery);
            headers.put(SECRET, (String) subscription.get("secret"));
            String url = (String) subscription.get("url");
            outbox.enqueue(url, body, headers);
            if (duplicateProbability > 0 && random.nextDouble() < duplicateProbability) {
                stats.increment("webhooks.duplicates");
                outbox.enqueue(url, body, headers, Duration.ofMillis(random.nextLong(0, 500)));
            }
        }
    }

    List<Map<String, Object>> pending() {
        return outbox.pending();
    }

    /** Forgets API subscriptions and undelivered messages ({@code --webhook} ones stay). */
    void clear() {
        registered.clear();
        outbox.clear();
    }

    @Override
    public void close() {
        outbox.close();
    }

    /** Signature over {@code "<timestamp>.<body>"}, fresh for every attempt. */
    private static Map<String, String> sign(String body, Map<String, String> fixed, long epochSeconds) {
        Map<String, String> headers = new LinkedHashMap<>();
        String timestamp = Long.toString(epochSeconds);
        headers.put("X-Crm-Event", fixed.get("X-Crm-Event"));
        headers.put("X-Crm-Delivery", fixed.get("X-Crm-Delivery"));
        headers.put("X-Crm-Timestamp", timestamp);
        headers.put("X-Crm-Signature", "sha256=" + Signatures.hmacSha256Hex(fixed.get(SECRET), timestamp + "." + body));
        headers.put("User-Agent", "crm-sandbox-webhooks/1");
        return headers;
    }

    private List<Map<String, Object>> all() {
        List<Map<String, Object>> all = new ArrayList<>(configured);
        all.addAll(registered.all());
        return all;
    }

    @SuppressWarnings("unchecked")
    private static boolean wants(Map<String, Object> subscription, String event) {
        for (String pattern : (List<String>) subscription.get("events")) {
            if (pattern.equals("*") || pattern.equals(event)
                    || (pattern.endsWith(".*") && event.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> subscription(String id, String url, List<String> events, String secret) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("url", url);
        s.put("events", events);
        s.put("secret", secret);
        return s;
    }

    private static Map<String, Object> visible(Map<String, Object> subscription) {
        Map<String, Object> copy = new LinkedHashMap<>(subscription);
        copy.remove("secret");
        return copy;
    }

    private static String checkUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                return url;
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // answered below
        }
        throw new IllegalArgumentException("webhook url must be an absolute http(s) URL: " + url);
    }

    private static List<String> checkEvents(List<String> events) {
        for (String e : events) {
            boolean known = e.equals("*") || EVENTS.contains(e)
                    || (e.endsWith(".*") && EVENTS.stream().anyMatch(k -> k.startsWith(e.substring(0, e.length() - 1))));
            if (!known) {
                throw new IllegalArgumentException("unknown webhook event " + e + " (known: " + String.join(", ", EVENTS)
                        + ", or prefix.* / *)");
            }
        }
        return List.copyOf(events);
    }

    static HttpProblem asProblem(IllegalArgumentException e) {
        return new HttpProblem(422, "validation_failed", e.getMessage());
    }
}
