package dev.dovetail.connectors.http;

/**
 * Evaluates a pagination expression ({@code items}, {@code next}) against a parsed answer. The
 * default understands dot-separated field paths ({@code data.list}, {@code meta.next},
 * {@code rows.0}); the server plugs in JSONata so any expression works.
 */
@FunctionalInterface
public interface AnswerReader {

    /**
     * @param expression the expression; never {@code null}
     * @param answer the answer as JSON-like values
     * @return the selected value, or {@code null} when there is none
     */
    Object read(String expression, Object answer);

    /** Dot-separated field paths; {@code .} is the answer itself. */
    static AnswerReader fieldPaths() {
        return (expression, answer) -> FieldPath.get(answer, expression);
    }
}
