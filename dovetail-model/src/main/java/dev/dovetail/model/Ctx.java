package dev.dovetail.model;

import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The file being read: where its problems go, how placeholders and expressions in it are checked. */
final class Ctx {
    private static final Pattern VALUEMAP_CALL = Pattern.compile("\\$valuemap\\s*\\(\\s*(['\"])(.*?)\\1");

    final LoadRun run;
    final String file;
    final String text;
    final String[] lines;
    final boolean interpolate;
    private int errors;

    Ctx(LoadRun run, String file, String text, boolean interpolate) {
        this.run = run;
        this.file = file;
        this.text = text;
        this.lines = text.split("\r\n|\r|\n", -1);
        this.interpolate = interpolate;
    }

    Index index() {
        return run.index;
    }

    int errors() {
        return errors;
    }

    void error(int line, int column, String code, String message, String hint) {
        errors++;
        run.problems.add(Problem.error(file, line, column, code, message, hint));
    }

    void error(Node at, String code, String message, String hint) {
        if (at == null) error(0, 0, code, message, hint);
        else error(at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1, code, message, hint);
    }

    void warning(Node at, String code, String message, String hint) {
        int line = at == null ? 0 : at.getStartMark().getLine() + 1;
        int column = at == null ? 0 : at.getStartMark().getColumn() + 1;
        run.problems.add(Problem.warning(file, line, column, code, message, hint));
    }

    // ---- expressions ------------------------------------------------------------------------------

    /** Checks a JSONata expression written as a YAML scalar; problems point into the YAML file. */
    void checkExpression(ScalarNode node, String what) {
        checkExpression(node.getValue(), what, (l, c) -> scalarPosition(node, l, c));
    }

    /** Checks a whole {@code .jsonata} file. */
    void checkExpressionFile(String what) {
        checkExpression(text, what, (l, c) -> new int[] {l, c});
    }

    interface Positions {
        /** (1-based line, 1-based column or 0) within the expression → {line, column} in the file. */
        int[] map(int line, int column);
    }

    private void checkExpression(String expression, String what, Positions positions) {
        if (expression.isBlank()) {
            var p = positions.map(1, 1);
            error(p[0], p[1], "mapping-syntax", what + " is empty", "write a JSONata expression");
            return;
        }
        try {
            run.syntax.check(expression).ifPresent(e -> {
                var p = positions.map(Math.max(1, e.line()), e.column());
                error(p[0], p[1], "mapping-syntax", what + ": " + e.message(), "fix the JSONata syntax at this place");
            });
        } catch (RuntimeException e) {
            var p = positions.map(1, 1);
            error(p[0], p[1], "mapping-syntax", what + ": " + e.getMessage(), "fix the JSONata syntax");
        }
        var m = VALUEMAP_CALL.matcher(expression);
        while (m.find()) {
            var name = m.group(2);
            if (!run.index.valueMaps.contains(name)) {
                int offset = m.start(2);
                int line = 1;
                int lineStart = 0;
                for (int i = 0; i < offset; i++) {
                    if (expression.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                var p = positions.map(line, offset - lineStart + 1);
                error(p[0], p[1], "unknown-valuemap", "$valuemap names '" + name + "', but there is no valuemaps/" + name + ".csv",
                        Names.didYouMean(name, run.index.valueMaps));
            }
        }
    }

    /** Where a position inside a scalar's value is in the file (exact for one-line and block scalars). */
    int[] scalarPosition(ScalarNode node, int line, int column) {
        int startLine = node.getStartMark().getLine() + 1;
        int startColumn = node.getStartMark().getColumn() + 1;
        var style = node.getScalarStyle();
        if (style == DumperOptions.ScalarStyle.LITERAL || style == DumperOptions.ScalarStyle.FOLDED) {
            int fileLine = startLine + line;
            int indent = 0;
            if (fileLine - 1 < lines.length) {
                var l = lines[fileLine - 1];
                while (indent < l.length() && l.charAt(indent) == ' ') indent++;
            }
            return new int[] {fileLine, column > 0 ? indent + column : indent + 1};
        }
        int quote = style == DumperOptions.ScalarStyle.PLAIN ? 0 : 1;
        if (line <= 1) return new int[] {startLine, column > 0 ? startColumn + quote + column - 1 : startColumn};
        return new int[] {startLine + line - 1, 0};
    }

    static List<String> keysOf(java.util.Map<String, ?> map) {
        return List.copyOf(map.keySet());
    }
}
