package dev.dovetail.runtime.intake;

import static java.util.Objects.requireNonNull;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.mapping.MappingResult;
import dev.dovetail.model.SystemDef;
import dev.dovetail.model.Workspace;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides whether a request to {@code /hooks/{system}/{event}} becomes an event in the journal: finds the
 * event's webhook declaration, enforces its body limit, verifies its signature or token, parses the body
 * (JSON, XML or form) with hard limits, and derives the record key and dedup key. Pure: no I/O, no
 * framework, never throws for bad input — every "no" is an {@link IntakeDecision.Refused} with a 4xx status.
 *
 * <p>Checks run cheapest and most fundamental first: 404 (unknown system or event), 413 (size, also after
 * gzip), 415 (content encoding), 401 (signature or token, on the raw decoded bytes, before any parsing),
 * 415 (content type), 400 (malformed body, limits), 422 (key or version missing).
 *
 * <p>One instance serves every workspace version (hot reloads): it holds the replay memory, which must
 * outlive a reload. Safe for concurrent use.
 */
public final class WebhookIntake {
    static final int MAX_KEY_LENGTH = 500;
    private static final String DEDUP_SCHEME = "dovetail-dedup-1";

    private final IntakeOptions options;
    private final ReplayGuard replays;
    private final JsonBodies json;
    private final JsonText jsonText;
    private final XmlBodies xml;
    private final FormBodies forms;

    public WebhookIntake() {
        this(IntakeOptions.DEFAULT);
    }

    public WebhookIntake(IntakeOptions options) {
        this.options = requireNonNull(options, "options");
        this.replays = new ReplayGuard(options.replayCacheSize());
        this.json = new JsonBodies(options);
        this.jsonText = new JsonText(json.factory());
        this.xml = new XmlBodies(options);
        this.forms = new FormBodies(options, json);
    }

    /**
     * The body limit of a webhook event, so the server can stop reading after {@code limit + 1} bytes (and
     * pass what it read to {@link #receive}, which answers 413). Empty when there is no such webhook event.
     */
    public OptionalLong bodyLimit(Workspace workspace, String system, String event) {
        SystemDef definition = workspace.systems().get(system);
        if (definition == null) return OptionalLong.empty();
        return definition.event(event)
                .filter(e -> e.source() instanceof SystemDef.Webhook)
                .map(e -> OptionalLong.of(((SystemDef.Webhook) e.source()).maxBodySize()))
                .orElse(OptionalLong.empty());
    }

    /**
     * Decides about one request.
     *
     * @param workspace the workspace serving now (its systems' events say what is accepted and how it is verified)
     * @param mappings  the workspace's engine, for key and version paths that are more than a simple dotted path
     */
    public IntakeDecision receive(Workspace workspace, MappingEngine mappings, WebhookRequest request) {
        requireNonNull(workspace, "workspace");
        requireNonNull(mappings, "mappings");
        requireNonNull(request, "request");
        try {
            return accept(workspace, mappings, request);
        } catch (Refusal refusal) {
            return refusal.decision();
        }
    }

    /**
     * Call once the accepted event is durably in the journal (appended or found to be a duplicate): from now
     * on, the same signed request is refused with 401 {@code replayed} until its timestamp leaves the tolerance
     * window. Not calling it after a failed append keeps the sender's identical retry acceptable.
     */
    public void committed(IntakeDecision.Accepted accepted) {
        accepted.replayMark().ifPresent(mark -> replays.remember(mark, accepted.event().receivedAt()));
    }

    private IntakeDecision accept(Workspace workspace, MappingEngine mappings, WebhookRequest request) throws Refusal {
        String system = request.system();
        String eventName = request.event();
        SystemDef definition = workspace.systems().get(system);
        if (definition == null) {
            throw new Refusal(404, RefusalCode.UNKNOWN_SYSTEM, "there is no system " + Refusal.quote(system) + " in the workspace");
        }
        SystemDef.Event event = definition.event(eventName).orElseThrow(() -> new Refusal(404, RefusalCode.UNKNOWN_EVENT,
                "system " + Refusal.quote(system) + " declares no event " + Refusal.quote(eventName)));
        if (!(event.source() instanceof SystemDef.Webhook webhook)) {
            throw new Refusal(404, RefusalCode.NOT_A_WEBHOOK, "event " + Refusal.quote(eventName) + " of system " + Refusal.quote(system)
                    + " does not come by webhook");
        }

        byte[] raw = request.body();
        if (raw.length > webhook.maxBodySize()) {
            throw new Refusal(413, RefusalCode.BODY_TOO_LARGE, "the body is larger than the limit of " + webhook.maxBodySize() + " bytes");
        }
        byte[] body = ContentEncoding.decode(request.headerValues("Content-Encoding"), raw, webhook.maxBodySize());

        Optional<ReplayMark> mark = Optional.empty();
        if (webhook.signature().isPresent()) {
            mark = SignatureCheck.verify(webhook.signature().get(), request, body, system, eventName, replays, options.maxSignatures());
        } else if (webhook.token().isPresent()) {
            TokenCheck.verify(webhook.token().get(), request);
        }

        MediaType mediaType = MediaType.parse(request.contentType());
        var charset = mediaType.charsetOrUtf8();
        if (body.length == 0) throw Refusal.badRequest(RefusalCode.EMPTY_BODY, "the body is empty");
        Object payload;
        String payloadJson;
        switch (mediaType.format()) {
            case JSON -> {
                checkJsonEncoding(body);
                payload = json.parse(body);
                payloadJson = new String(body, StandardCharsets.UTF_8);
            }
            case XML -> {
                payload = xml.parse(body, mediaType.charset().map(name -> charset));
                payloadJson = jsonText.render(payload);
            }
            case FORM -> {
                payload = forms.parse(body, charset);
                payloadJson = jsonText.render(payload);
            }
            default -> throw new IllegalStateException("unknown format " + mediaType.format());
        }

        String key = extract(event.key(), payload, mappings, true);
        String dedupKey = event.version().isPresent()
                ? Hashing.sha256Hex(DEDUP_SCHEME, system, eventName, key, "version", extract(event.version().get(), payload, mappings, false))
                : Hashing.sha256Hex(DEDUP_SCHEME, system, eventName, key, "body", jsonText.canonicalHash(payload));
        var inbound = new InboundEvent(system, eventName, key, dedupKey, payload, payloadJson, request.contentType(), request.receivedAt());
        return new IntakeDecision.Accepted(inbound, mark);
    }

    /** JSON is UTF-8 without a byte order mark (Jackson would otherwise guess UTF-16/32 or skip the BOM). */
    private static void checkJsonEncoding(byte[] body) throws Refusal {
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            throw Refusal.badRequest(RefusalCode.INVALID_ENCODING, "the JSON body starts with a byte order mark; send UTF-8 without one");
        }
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                throw Refusal.badRequest(RefusalCode.INVALID_ENCODING, "the JSON body holds a NUL byte at offset " + i + "; send UTF-8 JSON");
            }
        }
        int invalid = Utf8.firstInvalid(body);
        if (invalid >= 0) {
            throw Refusal.badRequest(RefusalCode.INVALID_ENCODING, "the JSON body is not valid UTF-8 at byte offset " + invalid);
        }
    }

    /** The text at the event's key ({@code isKey}) or version path. */
    private String extract(String path, Object payload, MappingEngine mappings, boolean isKey) throws Refusal {
        String what = isKey ? "key" : "version";
        Object value = KeyPath.parse(path).map(p -> p.read(payload)).orElse(KeyPath.NOT_SIMPLE);
        if (value == KeyPath.NOT_SIMPLE) {
            switch (mappings.evaluateExpression(path, payload)) {
                case MappingResult.Success success -> value = success.output();
                case MappingResult.Failure failure -> throw Refusal.unprocessable(isKey ? RefusalCode.KEY_INVALID : RefusalCode.VERSION_INVALID,
                        "the event's " + what + " path " + Refusal.quote(path) + " cannot be read from this payload: " + failure.message());
            }
        }
        String missing = isKey ? RefusalCode.KEY_MISSING : RefusalCode.VERSION_MISSING;
        String invalid = isKey ? RefusalCode.KEY_INVALID : RefusalCode.VERSION_INVALID;
        String text = switch (value) {
            case null -> throw Refusal.unprocessable(missing, "the payload has no value at the event's " + what + " path " + Refusal.quote(path));
            case String s -> s;
            case BigDecimal d -> JsonText.canonicalNumber(d);
            case Long l -> l.toString();
            case Integer i -> i.toString();
            case BigInteger b -> b.toString();
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case Map<?, ?> m -> throw Refusal.unprocessable(invalid, "the event's " + what + " path " + Refusal.quote(path)
                    + " gives an object; it must give a text or a number");
            case List<?> l -> throw Refusal.unprocessable(invalid, "the event's " + what + " path " + Refusal.quote(path)
                    + " gives a list; it must give a single text or number");
            default -> value.toString();
        };
        if (text.isBlank()) {
            throw Refusal.unprocessable(missing, "the payload's value at the event's " + what + " path " + Refusal.quote(path) + " is empty");
        }
        if (isKey && text.length() > MAX_KEY_LENGTH) {
            throw Refusal.unprocessable(invalid, "the record key at " + Refusal.quote(path) + " is longer than " + MAX_KEY_LENGTH + " characters");
        }
        return text;
    }
}
