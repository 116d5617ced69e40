package dev.dovetail.mapping;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An expression parsed once, with Dovetail's functions registered, ready to be evaluated from any
 * number of threads at the same time.
 *
 * <p>Thread safety with jsonata-java 0.9.10: a parsed {@link Jsonata} keeps an environment frame that
 * we only write to here, before the object is published; each evaluation gets a fresh child frame
 * (for {@code $}, the limit callbacks and the clock), so evaluations never write shared state. The
 * library's static per-thread evaluator copy only ever serves the thread that owns it.
 */
final class Compiled {
    final Optional<String> mapping;
    final String text;
    private final Jsonata jsonata;
    private final MappingResult.Failure syntaxError;

    private Compiled(Optional<String> mapping, String text, Jsonata jsonata, MappingResult.Failure syntaxError) {
        this.mapping = mapping;
        this.text = text;
        this.jsonata = jsonata;
        this.syntaxError = syntaxError;
    }

    static Compiled compile(Optional<String> mapping, String text, DovetailFunctions functions) {
        try {
            Jsonata jsonata = Jsonata.jsonata(text);
            // Fresh function objects per expression: registering one mutates its signature object.
            for (DovetailFunction f : functions.all()) jsonata.registerFunction(f.name, f);
            return new Compiled(mapping, text, jsonata, null);
        } catch (JException e) {
            return new Compiled(mapping, text, null, failure(mapping, text, e.getError(), message(e), e.getLocation()));
        } catch (RuntimeException | StackOverflowError e) {
            return new Compiled(mapping, text, null, failure(mapping, text, Codes.ENGINE_ERROR, "cannot parse the expression: " + e, -1));
        }
    }

    Optional<MappingResult.Failure> syntaxError() {
        return Optional.ofNullable(syntaxError);
    }

    MappingResult evaluate(Object input, MappingLimits limits) {
        return evaluate(input, Map.of(), limits);
    }

    /** Evaluates with {@code bindings} readable as {@code $name} (names already checked by the caller). */
    MappingResult evaluate(Object input, Map<String, ?> bindings, MappingLimits limits) {
        if (syntaxError != null) return syntaxError;
        Object in;
        var bound = new LinkedHashMap<String, Object>();
        try {
            in = JsonValues.toJsonata(input);
            for (var binding : bindings.entrySet()) {
                try {
                    bound.put(binding.getKey(), JsonValues.toJsonata(binding.getValue()));
                } catch (JsonValues.NotJson e) {
                    return failure(mapping, text, Codes.BAD_INPUT, "$" + binding.getKey() + ": " + e.getMessage(), -1);
                }
            }
        } catch (JsonValues.NotJson e) {
            return failure(mapping, text, Codes.BAD_INPUT, e.getMessage(), -1);
        } catch (StackOverflowError e) {
            return failure(mapping, text, Codes.BAD_INPUT, "input nests too deeply", -1);
        }
        var evaluation = new Evaluation(limits);
        Jsonata.Frame frame = jsonata.createFrame();
        evaluation.install(frame);
        bound.forEach(frame::bind);
        Object out;
        try {
            out = jsonata.evaluate(in, frame);
        } catch (StackOverflowError e) {
            return failure(mapping, text, Codes.LIMIT_DEPTH, "limit exceeded: the evaluation ran out of stack before reaching mapping.maxDepth ("
                    + limits.maxDepth() + "); lower maxDepth or simplify the recursion", evaluation.innermostOffset());
        } catch (RuntimeException e) {
            return failureOf(e, evaluation);
        }
        if (evaluation.tripped() != null) return failureOf(evaluation.tripped(), evaluation); // swallowed inside the evaluator
        try {
            return new MappingResult.Success(JsonValues.fromJsonata(out));
        } catch (JsonValues.NotJson e) {
            return failure(mapping, text, Codes.BAD_RESULT, e.getMessage(), -1);
        } catch (StackOverflowError e) {
            return failure(mapping, text, Codes.BAD_RESULT, "the result nests too deeply", -1);
        }
    }

    private MappingResult.Failure failureOf(RuntimeException thrown, Evaluation evaluation) {
        if (evaluation.tripped() != null) thrown = evaluation.tripped();
        JException jsonataError = jsonataError(thrown);
        if (jsonataError == null) {
            return failure(mapping, text, Codes.ENGINE_ERROR, "unexpected error in the JSONata engine: " + thrown, evaluation.innermostOffset());
        }
        int offset = jsonataError.getLocation() >= 0 ? jsonataError.getLocation() : evaluation.innermostOffset();
        String code = jsonataError instanceof DovetailError d ? d.code() : jsonataError.getError();
        return failure(mapping, text, code == null ? Codes.ENGINE_ERROR : code, message(jsonataError), offset);
    }

    /** jsonata-java wraps errors raised inside built-in higher-order functions; find the real one. */
    private static JException jsonataError(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JException j) return j;
        }
        return null;
    }

    private static String message(JException e) {
        if (e instanceof DovetailError) return e.getMessage();
        String message = e.getMessage();
        if (message == null || message.isBlank()) return "error " + e.getError();
        return message.startsWith("JSonataException ") ? message.substring("JSonataException ".length()) : message;
    }

    private static MappingResult.Failure failure(Optional<String> mapping, String text, String code, String message, int offset) {
        return new MappingResult.Failure(code, message, mapping,
                offset >= 0 ? Optional.of(MappingResult.Position.atOffset(text, offset)) : Optional.empty());
    }
}
