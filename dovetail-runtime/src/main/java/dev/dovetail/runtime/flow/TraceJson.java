package dev.dovetail.runtime.flow;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The JSON form of a {@link Trace}. */
final class TraceJson {

    private TraceJson() {
    }

    static String render(Trace trace) {
        var root = new LinkedHashMap<String, Object>();
        root.put("flow", trace.flow());
        root.put("eventId", trace.eventId());
        root.put("start", trace.start().toString());
        root.put("startedAt", trace.startedAt().toString());
        root.put("durationMicros", micros(trace.duration()));
        root.put("outcome", trace.outcome());
        root.put("steps", trace.steps().stream().map(TraceJson::step).toList());
        return JsonText.of(root);
    }

    private static Map<String, Object> step(Trace.StepTrace step) {
        var out = new LinkedHashMap<String, Object>();
        out.put("path", step.path().toString());
        out.put("kind", step.kind());
        out.put("line", step.line());
        out.put("startedAt", step.startedAt().toString());
        out.put("durationMicros", micros(step.duration()));
        out.put("outcome", step.outcome());
        if (step.kind().equals("map") || step.kind().equals("enrich")) {
            out.put("before", step.before());
            out.put("after", step.after());
        }
        if (!step.calls().isEmpty()) {
            out.put("calls", step.calls().stream().map(TraceJson::call).toList());
        }
        return out;
    }

    private static Map<String, Object> call(Trace.Call call) {
        var out = new LinkedHashMap<String, Object>();
        out.put("target", call.target().toString());
        out.put("idempotencyKey", call.idempotencyKey());
        out.put("outcome", call.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        out.put("status", call.status());
        out.put("response", call.response());
        if (call.note() != null) {
            out.put("note", call.note());
        }
        out.put("startedAt", call.startedAt().toString());
        out.put("durationMicros", micros(call.duration()));
        return out;
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1000;
    }
}
