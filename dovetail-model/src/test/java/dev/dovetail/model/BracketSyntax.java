package dev.dovetail.model;

import java.util.ArrayDeque;
import java.util.Optional;

/** A stand-in for the JSONata checker: flags unbalanced brackets (outside strings and comments) at their place. */
final class BracketSyntax implements ExpressionSyntax {
    @Override
    public Optional<SyntaxError> check(String expression) {
        var open = new ArrayDeque<int[]>();
        int line = 1;
        int column = 0;
        char quote = 0;
        boolean comment = false;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '\n') {
                line++;
                column = 0;
                continue;
            }
            column++;
            if (comment) {
                if (c == '*' && i + 1 < expression.length() && expression.charAt(i + 1) == '/') comment = false;
                continue;
            }
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
                continue;
            }
            switch (c) {
                case '"', '\'' -> quote = c;
                case '/' -> {
                    if (i + 1 < expression.length() && expression.charAt(i + 1) == '*') comment = true;
                }
                case '(', '[', '{' -> open.push(new int[] {c, line, column});
                case ')', ']', '}' -> {
                    char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
                    if (open.isEmpty() || open.peek()[0] != expected) {
                        return Optional.of(new SyntaxError(line, column, "unexpected '" + c + "'"));
                    }
                    open.pop();
                }
                default -> {}
            }
        }
        if (!open.isEmpty()) {
            var o = open.peek();
            return Optional.of(new SyntaxError(o[1], o[2], "'" + (char) o[0] + "' is never closed"));
        }
        return Optional.empty();
    }
}
