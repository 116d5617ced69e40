package dev.dovetail.runtime.flow;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a step sits in a flow, written {@code 3} for the fourth top-level step and {@code 3.1.0} for
 * the first step of the second branch of the choice at {@code 3}. Indexes are 0-based; a choice's
 * {@code otherwise} is the branch after its last {@code when}. The text form is what the journal
 * stores (a split item resumes at a path) and what idempotency keys contain, so it must stay stable.
 *
 * <p>A path may point just past the end of a list of steps ({@code 5} in a flow of five steps,
 * {@code 3.1.2} in a branch of two steps): running from there continues after the enclosing choice,
 * or completes the flow.
 */
public record StepPath(List<Integer> indexes) {

    public StepPath {
        indexes = List.copyOf(indexes);
        if (indexes.isEmpty() || indexes.size() % 2 == 0) {
            throw new IllegalArgumentException("a step path has an odd number of parts (step, or step.branch.step...): " + indexes);
        }
        for (int index : indexes) {
            if (index < 0) {
                throw new IllegalArgumentException("a step path has no negative parts: " + indexes);
            }
        }
    }

    /** The first step of the flow: {@code 0}. */
    public static StepPath first() {
        return new StepPath(List.of(0));
    }

    public static StepPath of(int... indexes) {
        var list = new ArrayList<Integer>(indexes.length);
        for (int index : indexes) {
            list.add(index);
        }
        return new StepPath(list);
    }

    /**
     * Reads the text form, e.g. {@code 3.1.0}.
     *
     * @throws IllegalArgumentException if {@code text} is not one
     */
    public static StepPath parse(String text) {
        if (text == null || !text.matches("\\d{1,9}(\\.\\d{1,9})*")) {
            throw new IllegalArgumentException("not a step path: " + text);
        }
        var list = new ArrayList<Integer>();
        for (var part : text.split("\\.")) {
            list.add(Integer.parseInt(part));
        }
        return new StepPath(list);
    }

    /** The step after this one in the same list of steps. */
    public StepPath next() {
        var list = new ArrayList<>(indexes);
        list.set(list.size() - 1, list.getLast() + 1);
        return new StepPath(list);
    }

    /** Step {@code step} of branch {@code branch} of the choice at this path. */
    public StepPath inBranch(int branch, int step) {
        var list = new ArrayList<>(indexes);
        list.add(branch);
        list.add(step);
        return new StepPath(list);
    }

    /** The index of the step within its list of steps. */
    int last() {
        return indexes.getLast();
    }

    @Override
    public String toString() {
        var text = new StringBuilder();
        for (int index : indexes) {
            if (!text.isEmpty()) {
                text.append('.');
            }
            text.append(index);
        }
        return text.toString();
    }
}
