package dev.dovetail.connectors.file;

import java.util.List;

/** A file that cannot be read as the configured table: every problem found, each starting with its line. */
final class MalformedFile extends Exception {

    private final List<String> problems;

    MalformedFile(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    MalformedFile(String problem) {
        this(List.of(problem));
    }

    List<String> problems() {
        return problems;
    }
}
