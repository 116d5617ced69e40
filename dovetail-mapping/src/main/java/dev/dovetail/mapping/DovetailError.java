package dev.dovetail.mapping;

import com.dashjoin.jsonata.JException;

/**
 * An error raised by a Dovetail function or limit inside a JSONata evaluation. It extends
 * {@link JException} so the evaluator treats it like its own errors (and records where in the
 * expression it happened); the engine turns it into a {@link MappingResult.Failure}.
 */
final class DovetailError extends JException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String text;

    DovetailError(String code, String text) {
        super(code, -1);
        this.code = code;
        this.text = text;
    }

    String code() {
        return code;
    }

    @Override
    public String getMessage() {
        return text;
    }

    static DovetailError badArgument(String function, String text) {
        return new DovetailError(Codes.BAD_ARGUMENT, "$" + function + ": " + text);
    }
}
