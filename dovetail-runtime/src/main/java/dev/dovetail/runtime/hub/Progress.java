package dev.dovetail.runtime.hub;

import static java.util.Objects.requireNonNull;

import dev.dovetail.runtime.flow.StepPath;
import dev.dovetail.runtime.flow.StepRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a journal entry keeps across attempts (its {@code progress} column, as JSON):
 *
 * <pre>{@code
 * {"flow": "order-relay", "resumeAt": "3.1", "delivered": ["<key>", ...],
 *  "failed": {"step": "4", "kind": "deliver", "line": 12}}
 * }</pre>
 *
 * <ul>
 *   <li>{@code flow}: the flow this entry runs. Set on entries a hop appended (a split item, one flow's
 *       copy of an event several flows subscribe to) and once a flow ran for an entry, so that retries and
 *       replays stay with that flow. Absent: the flow subscribed to the entry's event.</li>
 *   <li>{@code resumeAt}: where a split item starts ({@link StepPath} text); absent means the first step.</li>
 *   <li>{@code delivered}: idempotency keys of deliveries that targets accepted; never sent again.</li>
 *   <li>{@code failed}: the step a dead letter failed at.</li>
 * </ul>
 *
 * <p>Unknown members are ignored when reading, so later versions may add some.
 */
public record Progress(Optional<String> flow, Optional<String> resumeAt, Set<String> delivered, Optional<FailedStep> failed) {

    /** The step where an entry failed for good. */
    public record FailedStep(String step, String kind, int line) {
        public FailedStep {
            requireNonNull(step, "step");
            requireNonNull(kind, "kind");
        }

        static FailedStep of(StepRef ref) {
            return new FailedStep(ref.path().toString(), ref.kind(), ref.line());
        }
    }

    public static final Progress NONE = new Progress(Optional.empty(), Optional.empty(), Set.of(), Optional.empty());

    public Progress {
        requireNonNull(flow, "flow");
        requireNonNull(resumeAt, "resumeAt");
        requireNonNull(failed, "failed");
        delivered = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(delivered));
    }

    /** The initial progress of an entry that runs {@code flow} from {@code resumeAt} (null: from the first step). */
    public static Progress of(String flow, StepPath resumeAt) {
        return new Progress(Optional.of(flow), Optional.ofNullable(resumeAt).map(StepPath::toString), Set.of(), Optional.empty());
    }

    /**
     * Reads the progress column; {@code null} or blank is {@link #NONE}.
     *
     * @throws IllegalArgumentException when the text is not progress JSON
     */
    public static Progress parse(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        Object value;
        try {
            value = Json.parse(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable progress: " + e.getMessage(), e);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("progress is not a JSON object");
        }
        var delivered = new LinkedHashSet<String>();
        if (map.get("delivered") instanceof List<?> keys) {
            keys.forEach(key -> delivered.add(String.valueOf(key)));
        }
        Optional<FailedStep> failed = Optional.empty();
        if (map.get("failed") instanceof Map<?, ?> step && step.get("step") instanceof String path) {
            failed = Optional.of(new FailedStep(path, String.valueOf(step.get("kind")),
                    step.get("line") instanceof Number line ? line.intValue() : 0));
        }
        return new Progress(text(map.get("flow")), text(map.get("resumeAt")), delivered, failed);
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
    }

    /** Where the entry starts: {@code resumeAt}, else the first step. */
    public StepPath start() {
        return resumeAt.map(StepPath::parse).orElse(StepPath.first());
    }

    public Progress withFlow(String name) {
        return new Progress(Optional.of(name), resumeAt, delivered, failed);
    }

    /** These keys added to the delivered ones. */
    public Progress withDelivered(java.util.Collection<String> more) {
        if (delivered.containsAll(more)) {
            return this;
        }
        var all = new LinkedHashSet<>(delivered);
        all.addAll(more);
        return new Progress(flow, resumeAt, all, failed);
    }

    public Progress withFailed(StepRef step) {
        return new Progress(flow, resumeAt, delivered, Optional.of(FailedStep.of(step)));
    }

    public Progress withoutFailed() {
        return failed.isEmpty() ? this : new Progress(flow, resumeAt, delivered, Optional.empty());
    }

    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        flow.ifPresent(name -> map.put("flow", name));
        resumeAt.ifPresent(path -> map.put("resumeAt", path));
        if (!delivered.isEmpty()) {
            map.put("delivered", new ArrayList<>(delivered));
        }
        failed.ifPresent(step -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("step", step.step());
            f.put("kind", step.kind());
            f.put("line", step.line());
            map.put("failed", f);
        });
        return Json.write(map);
    }
}
