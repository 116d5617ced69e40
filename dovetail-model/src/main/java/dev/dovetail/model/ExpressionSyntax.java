package dev.dovetail.model;

import java.util.Optional;

/**
 * Checks the syntax of a mapping expression. The model does not know JSONata; the mapping module
 * supplies the real checker, so loading a workspace can report a broken mapping at its line.
 */
@FunctionalInterface
public interface ExpressionSyntax {
    /** Empty when the expression parses; otherwise where (relative to the expression text) and why it does not. */
    Optional<SyntaxError> check(String expression);

    /** A checker that accepts everything, for callers that only need the structure. */
    ExpressionSyntax ANY = expression -> Optional.empty();

    /** @param line 1-based line within the expression, @param column 1-based column (0 when unknown) */
    record SyntaxError(int line, int column, String message) {}
}
