package dev.dovetail.runtime.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simple form of an event's {@code key} or {@code version} path, read without JSONata: names separated
 * by dots with optional array indexes, e.g. {@code id}, {@code order.id}, {@code data[0].id},
 * {@code `order-no`}. Anything else (and anything this reader cannot follow exactly as JSONata would, such
 * as a name step over a list) is left to the JSONata engine.
 */
final class KeyPath {
    /** Returned by {@link #read} when JSONata must decide. */
    static final Object NOT_SIMPLE = new Object();

    private sealed interface Step permits Name, Index {}

    private record Name(String name) implements Step {}

    private record Index(int index) implements Step {}

    private final List<Step> steps;

    private KeyPath(List<Step> steps) {
        this.steps = steps;
    }

    static Optional<KeyPath> parse(String path) {
        var steps = new ArrayList<Step>();
        int i = 0;
        int n = path.length();
        boolean expectName = true;
        while (i < n) {
            char c = path.charAt(i);
            if (expectName) {
                if (c == '`') {
                    int end = path.indexOf('`', i + 1);
                    if (end < 0 || end == i + 1) return Optional.empty();
                    steps.add(new Name(path.substring(i + 1, end)));
                    i = end + 1;
                } else {
                    int start = i;
                    while (i < n && isNameChar(path.charAt(i), i == start)) i++;
                    if (i == start) return Optional.empty();
                    steps.add(new Name(path.substring(start, i)));
                }
                expectName = false;
            } else if (c == '.') {
                expectName = true;
                i++;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0 || end == i + 1 || end - i > 10) return Optional.empty();
                String digits = path.substring(i + 1, end);
                if (!digits.chars().allMatch(d -> d >= '0' && d <= '9')) return Optional.empty();
                steps.add(new Index(Integer.parseInt(digits)));
                i = end + 1;
            } else {
                return Optional.empty();
            }
        }
        if (expectName || steps.isEmpty()) return Optional.empty();
        return Optional.of(new KeyPath(List.copyOf(steps)));
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || Character.isLetter(c) || (!first && Character.isDigit(c));
    }

    /** The value at this path, {@code null} when absent, or {@link #NOT_SIMPLE} when JSONata must evaluate it. */
    Object read(Object payload) {
        Object current = payload;
        for (Step step : steps) {
            switch (step) {
                case Name name -> {
                    if (!(current instanceof Map<?, ?> map)) return current instanceof List<?> ? NOT_SIMPLE : null;
                    current = map.get(name.name());
                }
                case Index index -> {
                    if (!(current instanceof List<?> list)) return NOT_SIMPLE;
                    current = index.index() < list.size() ? list.get(index.index()) : null;
                }
            }
            if (current == null) return null;
        }
        return current;
    }
}
