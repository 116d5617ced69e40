package dev.dovetail.mapping;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import dev.dovetail.model.ExpressionSyntax;
import java.util.Optional;

/**
 * The JSONata syntax check the workspace loader uses, so a broken mapping is reported at its line and
 * column. Line and column are 1-based within the expression text and point at the last character of
 * the offending token (or the end of the text for an unexpected end).
 */
public final class JsonataSyntax implements ExpressionSyntax {

    @Override
    public Optional<SyntaxError> check(String expression) {
        try {
            Jsonata.jsonata(expression);
            return Optional.empty();
        } catch (JException e) {
            String message = e.getMessage() == null ? "syntax error " + e.getError() : e.getMessage();
            if (message.startsWith("JSonataException ")) message = message.substring("JSonataException ".length());
            message = message + " (JSONata " + e.getError() + ")";
            if (e.getLocation() < 0) return Optional.of(new SyntaxError(1, 0, message));
            var position = MappingResult.Position.atOffset(expression, e.getLocation());
            return Optional.of(new SyntaxError(position.line(), position.column(), message));
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.of(new SyntaxError(1, 0, "cannot parse the expression: " + e));
        }
    }
}
