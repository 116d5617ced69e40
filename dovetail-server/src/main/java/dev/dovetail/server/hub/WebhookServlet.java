package dev.dovetail.server.hub;

import dev.dovetail.runtime.flow.Reply;
import dev.dovetail.runtime.hub.Replies;
import dev.dovetail.runtime.hub.Subscriptions;
import dev.dovetail.runtime.intake.IntakeDecision;
import dev.dovetail.runtime.intake.InboundEvent;
import dev.dovetail.runtime.intake.RefusalCode;
import dev.dovetail.runtime.intake.WebhookIntake;
import dev.dovetail.runtime.intake.WebhookRequest;
import dev.dovetail.runtime.journal.AppendResult;
import dev.dovetail.runtime.journal.EventType;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.JournalOverloaded;
import dev.dovetail.runtime.journal.JournalUnavailable;
import dev.dovetail.runtime.journal.NewEvent;
import dev.dovetail.server.workspace.LiveWorkspace;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /hooks/{system}/{event}}: a plain servlet (no MVC dispatch on the hot path). Reads at most the
 * event's body limit + 1 bytes, lets {@link WebhookIntake} decide, appends an accepted event to the journal
 * and answers only once the append is durable:
 *
 * <ul>
 *   <li>202 {@code {"eventId": "..."}} — a new event;</li>
 *   <li>200 {@code {"eventId": "...", "duplicate": true}} — a repeat of an event already in the journal;</li>
 *   <li>the flow's {@code reply} (status and body) — when the event's one flow has a reply step and its run
 *       reaches it within {@code dovetail.webhooks.reply-timeout}; else 202 as above;</li>
 *   <li>4xx problem+json — refused by the intake (nothing journaled);</li>
 *   <li>503 problem+json with {@code Retry-After} — the journal is overloaded or unavailable (nothing
 *       acknowledged; the sender retries and the dedup key catches a repeat).</li>
 * </ul>
 */
final class WebhookServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(WebhookServlet.class);
    private static final String PREFIX = "/hooks/";
    static final String EVENT_ID_HEADER = "Dovetail-Event-Id";

    private final transient LiveWorkspace live;
    private final transient WebhookIntake intake;
    private final transient Journal journal;
    private final transient Replies replies;
    private final transient HubMetrics metrics;
    private final transient JsonMapper json;
    private final transient Clock clock;
    private final Duration appendTimeout;
    private final Duration replyTimeout;

    WebhookServlet(LiveWorkspace live, WebhookIntake intake, Journal journal, Replies replies, HubMetrics metrics, JsonMapper json,
                   Clock clock, Duration appendTimeout, Duration replyTimeout) {
        this.live = live;
        this.intake = intake;
        this.journal = journal;
        this.replies = replies;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.appendTimeout = appendTimeout;
        this.replyTimeout = replyTimeout;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            problem(response, 405, "method-not-allowed", "Webhooks are sent with POST.");
            return;
        }
        var receivedAt = clock.instant();
        var segments = pathSegments(request);
        if (segments == null) {
            problem(response, 404, RefusalCode.UNKNOWN_EVENT, "Webhooks are posted to /hooks/{system}/{event}.");
            return;
        }
        var active = live.active().orElse(null);
        if (active == null) {
            response.setHeader("Retry-After", "10");
            problem(response, 503, "workspace-not-loaded", "The hub has no loaded workspace; it cannot accept events now.");
            return;
        }
        var workspace = active.workspace();
        String system = segments[0];
        String event = segments[1];
        OptionalLong limit = intake.bodyLimit(workspace, system, event);
        byte[] body;
        if (limit.isEmpty()) {
            body = new byte[0]; // unknown system or event: the intake answers 404 without looking at the body
        } else if (request.getContentLengthLong() > limit.getAsLong()) {
            respondRefused(response, new IntakeDecision.Refused(413, RefusalCode.BODY_TOO_LARGE,
                    "the body is larger than the limit of " + limit.getAsLong() + " bytes"));
            return;
        } else {
            body = readAtMost(request.getInputStream(), limit.getAsLong() + 1);
        }
        var webhookRequest = new WebhookRequest(system, event, request.getContentType(), headers(request), body,
                request.getRemoteAddr(), receivedAt);
        switch (intake.receive(workspace, active.mappings(), webhookRequest)) {
            case IntakeDecision.Refused refused -> respondRefused(response, refused);
            case IntakeDecision.Accepted accepted -> accept(response, accepted, expectsReply(workspace, accepted.event()));
        }
    }

    /** The event types whose one flow has a reply step, of the workspace version they were computed for. */
    private record ReplyingTypes(dev.dovetail.model.Workspace workspace, java.util.Set<EventType> types) {}

    private transient volatile ReplyingTypes replying = new ReplyingTypes(null, java.util.Set.of());

    private boolean expectsReply(dev.dovetail.model.Workspace workspace, InboundEvent event) {
        var known = replying;
        if (known.workspace() != workspace) {
            var types = new java.util.HashSet<EventType>();
            Subscriptions.of(workspace).forEach((type, flows) -> {
                if (flows.size() == 1 && Subscriptions.replies(flows.getFirst())) types.add(type);
            });
            known = new ReplyingTypes(workspace, java.util.Set.copyOf(types));
            replying = known;
        }
        return !known.types().isEmpty() && known.types().contains(new EventType(event.system(), event.event()));
    }

    private void accept(HttpServletResponse response, IntakeDecision.Accepted accepted, boolean expectsReply) throws IOException {
        InboundEvent event = accepted.event();
        NewEvent newEvent;
        try {
            newEvent = new NewEvent(event.system(), event.event(), event.recordKey(), event.dedupKey(), "application/json",
                    event.payloadJson());
        } catch (IllegalArgumentException e) {
            respondRefused(response, new IntakeDecision.Refused(422, "not-storable", "the event cannot be stored: " + e.getMessage()));
            return;
        }
        Optional<Replies.Waiter> waiter = expectsReply ? replies.expect(newEvent.type(), newEvent.dedupKey()) : Optional.empty();
        try {
            AppendResult result;
            try {
                result = journal.append(newEvent).get(appendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                unavailable(response, e.getCause());
                return;
            } catch (TimeoutException e) {
                unavailable(response, new JournalUnavailable("the journal did not confirm the write within " + appendTimeout));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable(response, new JournalUnavailable("interrupted while waiting for the journal"));
                return;
            } catch (RuntimeException e) {
                unavailable(response, e);
                return;
            }
            intake.committed(accepted);
            switch (result) {
                case AppendResult.Duplicate duplicate -> {
                    metrics.duplicate(event.system(), event.event());
                    writeJson(response, 200, "{\"eventId\":\"" + duplicate.eventId() + "\",\"duplicate\":true}", duplicate.eventId().toString());
                }
                case AppendResult.Appended appended -> {
                    metrics.received(event.system(), event.event());
                    Optional<Reply> reply = waiter.isPresent() ? awaitReply(waiter.get()) : Optional.empty();
                    if (reply.isPresent()) {
                        writeReply(response, reply.get(), appended.eventId().toString());
                    } else {
                        writeJson(response, 202, "{\"eventId\":\"" + appended.eventId() + "\"}", appended.eventId().toString());
                    }
                }
            }
        } finally {
            waiter.ifPresent(Replies.Waiter::close);
        }
    }

    private Optional<Reply> awaitReply(Replies.Waiter waiter) {
        try {
            return waiter.reply().get(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void writeReply(HttpServletResponse response, Reply reply, String eventId) throws IOException {
        int status = reply.status() >= 200 && reply.status() <= 599 ? reply.status() : 200;
        response.setStatus(status);
        response.setHeader(EVENT_ID_HEADER, eventId);
        if (reply.body() == null) {
            response.setContentLength(0);
            return;
        }
        byte[] bytes = json.writeValueAsBytes(reply.body());
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private void unavailable(HttpServletResponse response, Throwable cause) throws IOException {
        if (cause instanceof JournalOverloaded) {
            metrics.refused("overloaded");
            response.setHeader("Retry-After", "1");
            problem(response, 503, "overloaded", "The hub is taking in more events than it can store right now; retry shortly.");
        } else {
            log.warn("A webhook could not be journaled: {}", cause == null ? "unknown" : cause.toString());
            metrics.refused("journal-unavailable");
            response.setHeader("Retry-After", "5");
            problem(response, 503, "journal-unavailable", "The hub cannot store events right now; nothing was accepted. Retry later.");
        }
    }

    private void respondRefused(HttpServletResponse response, IntakeDecision.Refused refused) throws IOException {
        metrics.refused(refused.code());
        problem(response, refused.status(), refused.code(), refused.message());
    }

    private void problem(HttpServletResponse response, int status, String code, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:dovetail:problem:" + code);
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Not authenticated";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Body too large";
            case 415 -> "Unsupported media type";
            case 422 -> "Unprocessable event";
            case 503 -> "Unavailable";
            default -> "Refused";
        };
    }

    private static void writeJson(HttpServletResponse response, int status, String text, String eventId) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader(EVENT_ID_HEADER, eventId);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** {@code {system, event}} from the raw (still percent-encoded) path, or null when it has another shape. */
    static String[] pathSegments(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (context != null && !context.isEmpty() && uri.startsWith(context)) {
            uri = uri.substring(context.length());
        }
        if (!uri.startsWith(PREFIX)) return null;
        String rest = uri.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) return null;
        String system = decode(rest.substring(0, slash));
        String event = decode(rest.substring(slash + 1));
        return system == null || event == null ? null : new String[] {system, event};
    }

    /** Strict percent-decoding as UTF-8; null when malformed. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) return segment;
        var out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) return null;
                int high = Character.digit(segment.charAt(i + 1), 16);
                int low = Character.digit(segment.charAt(i + 2), 16);
                if (high < 0 || low < 0) return null;
                out.write(high * 16 + low);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                return null;
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return headers;
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        return in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8));
    }
}
