package dev.dovetail.sandbox.common;

/**
 * Answers one routed request. May throw {@link HttpProblem} for an expected "no" (400, 404…);
 * any other exception becomes a 500.
 */
@FunctionalInterface
public interface Handler {
    Response handle(Request request) throws Exception;
}
