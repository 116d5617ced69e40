package dev.dovetail.server.hub;

import dev.dovetail.runtime.flow.TraceMasking;
import dev.dovetail.runtime.hub.Progress;
import dev.dovetail.runtime.hub.TraceStore;
import dev.dovetail.runtime.journal.EntryStatus;
import dev.dovetail.runtime.journal.EventId;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.server.audit.AuditLog;
import dev.dovetail.server.web.ProblemException;
import dev.dovetail.server.workspace.LiveWorkspace;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/messages} and {@code /api/v1/dead-letters}: search the journal, look at one message with its
 * payload and traces, replay (one, or dead letters in bulk, optionally with a corrected payload) and discard
 * dead letters with a reason. Every replay and discard is audited.
 */
@RestController
class MessagesController {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_BULK = 1000;
    private static final int MAX_REASON = 1000;

    private final MessageQueries queries;
    private final Journal journal;
    private final TraceStore traces;
    private final LiveWorkspace live;
    private final AuditLog auditLog;
    private final ObjectReader reader;
    private final JsonMapper json;

    MessagesController(MessageQueries queries, Journal journal, TraceStore traces, LiveWorkspace live, AuditLog auditLog,
                       JsonMapper json) {
        this.queries = queries;
        this.journal = journal;
        this.traces = traces;
        this.live = live;
        this.auditLog = auditLog;
        this.json = json;
        this.reader = json.readerFor(Object.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    // ---- views -----------------------------------------------------------------------------------

    record MessageSummary(String eventId, String system, String event, String key, String status, int attempts,
                          Instant receivedAt, Instant nextAttemptAt, Instant finishedAt, String causedBy, String flow,
                          String resumeAt, String lastError) {
        static MessageSummary of(MessageQueries.Row row) {
            Progress progress = row.parsedProgress();
            return new MessageSummary(row.eventId().toString(), row.system(), row.event(), row.key(),
                    MessageQueries.label(row.status()), row.attempts(), row.receivedAt(), row.nextAttemptAt(), row.finishedAt(),
                    row.causedBy() == null ? null : row.causedBy().toString(), progress.flow().orElse(null),
                    progress.resumeAt().orElse(null), row.lastError());
        }
    }

    record FailedStepView(String step, String kind, int line) {}

    record DeadLetter(String eventId, String system, String event, String key, int attempts, Instant receivedAt,
                      Instant failedAt, String flow, String reason, FailedStepView step, String lastAnswer) {}

    record PageView<T>(List<T> items, String nextCursor) {}

    record TraceView(int attempt, String flow, Instant startedAt, long durationMicros, String outcome, Instant recordedAt,
                     JsonNode trace) {}

    record MessageDetail(MessageSummary message, String dedupKey, String contentType, Object payload, boolean payloadMasked,
                         List<String> delivered, FailedStepView failedStep, String lastErrorDetail, List<String> derived,
                         List<TraceView> traces) {}

    // ---- search --------------------------------------------------------------------------------------

    @GetMapping("/api/v1/messages")
    PageView<MessageSummary> messages(@RequestParam(required = false) String system, @RequestParam(required = false) String event,
                                      @RequestParam(required = false) String status, @RequestParam(required = false) String key,
                                      @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                      @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        var page = queries.search(filter(system, event, statuses(status), key, from, to, limit, cursor));
        return new PageView<>(page.rows().stream().map(MessageSummary::of).toList(), page.next().map(String::valueOf).orElse(null));
    }

    @GetMapping("/api/v1/dead-letters")
    PageView<DeadLetter> deadLetters(@RequestParam(required = false) String system, @RequestParam(required = false) String event,
                                     @RequestParam(required = false) String key, @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to, @RequestParam(required = false) Integer limit,
                                     @RequestParam(required = false) String cursor) {
        var page = queries.search(filter(system, event, EnumSet.of(EntryStatus.DEAD), key, from, to, limit, cursor), true);
        var masking = masking();
        var items = page.rows().stream().map(row -> deadLetter(row, masking)).toList();
        return new PageView<>(items, page.next().map(String::valueOf).orElse(null));
    }

    private DeadLetter deadLetter(MessageQueries.Row row, TraceMasking masking) {
        Progress progress = row.parsedProgress();
        String answer = masking.maskText(row.lastErrorDetail());
        return new DeadLetter(row.eventId().toString(), row.system(), row.event(), row.key(), row.attempts(), row.receivedAt(),
                row.finishedAt(), progress.flow().orElse(null), row.lastError(),
                progress.failed().map(f -> new FailedStepView(f.step(), f.kind(), f.line())).orElse(null), answer);
    }

    @GetMapping("/api/v1/messages/{eventId}")
    MessageDetail message(@PathVariable String eventId, @RequestParam(defaultValue = "false") boolean reveal,
                          Authentication who, HttpServletRequest request) {
        EventId id = eventId(eventId);
        var row = queries.find(id).orElseThrow(() -> notFound(eventId));
        var body = queries.body(id).orElseThrow(() -> notFound(eventId));
        var masking = masking();
        Object payload;
        try {
            payload = reader.readValue(body.payload());
        } catch (JacksonException e) {
            payload = body.payload();
        }
        boolean masked = !reveal && !masking.fields().isEmpty();
        if (masked) {
            payload = payload instanceof String text ? masking.maskText(text) : masking.mask(payload);
        } else if (reveal) {
            auditLog.record(who.getName(), "message.payload-revealed", "message:" + id, null, request.getRemoteAddr());
        }
        var progress = row.parsedProgress();
        var traceViews = new ArrayList<TraceView>();
        for (var trace : traces.traces(id)) {
            JsonNode node;
            try {
                node = json.readTree(trace.trace());
            } catch (JacksonException e) {
                node = json.getNodeFactory().textNode(trace.trace());
            }
            traceViews.add(new TraceView(trace.attempt(), trace.flow(), trace.startedAt(), trace.duration().toNanos() / 1000,
                    trace.outcome(), trace.recordedAt(), node));
        }
        return new MessageDetail(MessageSummary.of(row), body.dedupKey(), body.contentType(), payload, masked,
                List.copyOf(progress.delivered()),
                progress.failed().map(f -> new FailedStepView(f.step(), f.kind(), f.line())).orElse(null),
                masking.maskText(body.lastErrorDetail()), queries.derived(id).stream().map(EventId::toString).toList(), traceViews);
    }

    // ---- replay and discard --------------------------------------------------------------------------

    record Replayed(String eventId, String status) {}

    /** Replays a finished message (done, dead or discarded); the body, if any, is the corrected payload (JSON). */
    @PostMapping("/api/v1/messages/{eventId}/replay")
    ResponseEntity<Replayed> replay(@PathVariable String eventId, @RequestBody(required = false) String correctedPayload,
                                    Authentication who, HttpServletRequest request) {
        EventId id = eventId(eventId);
        var row = queries.find(id).orElseThrow(() -> notFound(eventId));
        Optional<String> corrected = Optional.ofNullable(correctedPayload).filter(text -> !text.isBlank()).map(this::compactJson);
        if (!row.status().isFinished()) {
            throw new ProblemException(HttpStatus.CONFLICT, "not-replayable", "Not replayable",
                    "Message " + id + " is " + MessageQueries.label(row.status()) + "; only finished messages (done, dead, discarded)"
                            + " can be replayed.");
        }
        if (!await(journal.replay(id, corrected))) {
            throw new ProblemException(HttpStatus.CONFLICT, "not-replayable", "Not replayable",
                    "Message " + id + " changed meanwhile and is no longer finished.");
        }
        auditLog.record(who.getName(), "message.replayed", "message:" + id,
                "was " + MessageQueries.label(row.status()) + (corrected.isPresent() ? "; corrected payload of "
                        + corrected.get().length() + " characters" : ""), request.getRemoteAddr());
        return ResponseEntity.accepted().body(new Replayed(id.toString(), "pending"));
    }

    record DiscardRequest(String reason) {}

    record Discarded(String eventId, String status, String reason) {}

    @PostMapping("/api/v1/messages/{eventId}/discard")
    Discarded discard(@PathVariable String eventId, @RequestBody(required = false) DiscardRequest body, Authentication who,
                      HttpServletRequest request) {
        EventId id = eventId(eventId);
        String reason = body == null || body.reason() == null ? "" : body.reason().strip();
        if (reason.isEmpty()) {
            throw ProblemException.badRequest("reason-required", "Say why the message is discarded: {\"reason\": \"...\"}.");
        }
        if (reason.length() > MAX_REASON) {
            throw ProblemException.badRequest("reason-too-long", "The reason is longer than " + MAX_REASON + " characters.");
        }
        var row = queries.find(id).orElseThrow(() -> notFound(eventId));
        if (row.status() != EntryStatus.DEAD || !await(journal.discard(id))) {
            throw new ProblemException(HttpStatus.CONFLICT, "not-dead", "Not a dead letter",
                    "Message " + id + " is " + MessageQueries.label(queries.find(id).map(MessageQueries.Row::status).orElse(row.status()))
                            + "; only dead letters can be discarded.");
        }
        auditLog.record(who.getName(), "message.discarded", "message:" + id, reason, request.getRemoteAddr());
        return new Discarded(id.toString(), "discarded", reason);
    }

    record BulkFilter(String system, String event, String key, String from, String to) {}

    record BulkReplayRequest(List<String> eventIds, BulkFilter filter, Integer limit) {}

    record Skipped(String eventId, String reason) {}

    record BulkReplayed(List<String> replayed, List<Skipped> skipped) {}

    /** Replays dead letters: the listed ones, or up to {@code limit} (default 100, at most 1000) matching a filter. */
    @PostMapping("/api/v1/dead-letters/replay")
    BulkReplayed replayDeadLetters(@RequestBody(required = false) BulkReplayRequest body, Authentication who,
                                   HttpServletRequest request) {
        if (body == null || (body.eventIds() == null) == (body.filter() == null)) {
            throw ProblemException.badRequest("bad-replay-request",
                    "Send either {\"eventIds\": [...]} or {\"filter\": {\"system\": ..., \"event\": ..., \"key\": ..., \"from\": ..., \"to\": ...}}.");
        }
        List<EventId> candidates = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        if (body.eventIds() != null) {
            if (body.eventIds().size() > MAX_BULK) {
                throw ProblemException.badRequest("too-many", "At most " + MAX_BULK + " messages per request.");
            }
            for (String text : body.eventIds()) {
                EventId id = eventId(text);
                var row = queries.find(id);
                if (row.isEmpty()) {
                    skipped.add(new Skipped(text, "no such message"));
                } else if (row.get().status() != EntryStatus.DEAD) {
                    skipped.add(new Skipped(text, "not a dead letter (" + MessageQueries.label(row.get().status()) + ")"));
                } else {
                    candidates.add(id);
                }
            }
        } else {
            var f = body.filter();
            int limit = Math.clamp(body.limit() == null ? 100 : body.limit(), 1, MAX_BULK);
            // pages of at most 500 until the limit
            Long before = null;
            while (candidates.size() < limit) {
                var page = queries.search(new MessageQueries.Filter(blank(f.system()), blank(f.event()), EnumSet.of(EntryStatus.DEAD),
                        blank(f.key()), instant("from", f.from()), instant("to", f.to()), before,
                        Math.min(MessageQueries.MAX_LIMIT, limit - candidates.size())));
                page.rows().forEach(row -> candidates.add(row.eventId()));
                if (page.next().isEmpty()) break;
                before = page.next().get();
            }
        }
        Map<EventId, CompletableFuture<Boolean>> pending = new LinkedHashMap<>();
        candidates.forEach(id -> pending.put(id, journal.replay(id, Optional.empty())));
        List<String> replayed = new ArrayList<>();
        for (var entry : pending.entrySet()) {
            if (await(entry.getValue())) {
                replayed.add(entry.getKey().toString());
                auditLog.record(who.getName(), "message.replayed", "message:" + entry.getKey(), "was dead; bulk replay",
                        request.getRemoteAddr());
            } else {
                skipped.add(new Skipped(entry.getKey().toString(), "changed meanwhile"));
            }
        }
        return new BulkReplayed(replayed, skipped);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private MessageQueries.Filter filter(String system, String event, Set<EntryStatus> statuses, String key, String from, String to,
                                         Integer limit, String cursor) {
        Long before = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                before = Long.parseLong(cursor.strip());
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("bad-cursor", "The cursor is not one this API gave out.");
            }
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MessageQueries.MAX_LIMIT) {
            throw ProblemException.badRequest("bad-limit", "limit must be between 1 and " + MessageQueries.MAX_LIMIT + ".");
        }
        return new MessageQueries.Filter(blank(system), blank(event), statuses, blank(key), instant("from", from), instant("to", to),
                before, size);
    }

    private static Set<EntryStatus> statuses(String text) {
        if (text == null || text.isBlank()) return null;
        var set = EnumSet.noneOf(EntryStatus.class);
        for (String part : text.split(",")) {
            try {
                set.add(MessageQueries.status(part));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("bad-status", "Unknown status '" + part.strip()
                        + "'; use pending, in-progress, retry, done, dead or discarded (comma-separated for several).");
            }
        }
        return set;
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("bad-" + name, name + " must be an ISO-8601 instant such as 2026-11-23T08:00:00Z.");
        }
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static EventId eventId(String text) {
        try {
            return EventId.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("unknown-message", "There is no message " + clip(text) + ".");
        }
    }

    private static ProblemException notFound(String eventId) {
        return ProblemException.notFound("unknown-message", "There is no message " + clip(eventId) + " in the journal.");
    }

    private static String clip(String text) {
        String cleaned = text.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 60 ? cleaned.substring(0, 60) + "…" : cleaned;
    }

    private String compactJson(String text) {
        try {
            return json.writeValueAsString(json.readerFor(JsonNode.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(text));
        } catch (JacksonException e) {
            throw ProblemException.badRequest("invalid-payload", "The corrected payload is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }

    private TraceMasking masking() {
        return live.active().map(a -> TraceMasking.of(a.workspace().settings().sensitiveFields())).orElse(TraceMasking.none());
    }

    private static boolean await(CompletableFuture<Boolean> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "journal-unavailable", "Journal unavailable",
                    "The journal could not record the change: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "journal-unavailable", "Journal unavailable",
                    "The journal did not confirm the change in time.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "journal-unavailable", "Journal unavailable", "Interrupted.");
        }
    }
}
