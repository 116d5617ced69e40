package dev.dovetail.model;

import java.util.Comparator;
import java.util.List;

/** Every problem found in one load of a workspace, sorted by file, line and column. */
public record ValidationReport(List<Problem> problems) {
    private static final Comparator<Problem> BY_PLACE = Comparator.comparing(Problem::file)
            .thenComparingInt(Problem::line).thenComparingInt(Problem::column).thenComparing(Problem::code);

    public ValidationReport {
        problems = problems.stream().sorted(BY_PLACE).toList();
    }

    public static ValidationReport empty() {
        return new ValidationReport(List.of());
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
