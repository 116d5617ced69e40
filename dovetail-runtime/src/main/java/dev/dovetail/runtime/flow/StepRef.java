package dev.dovetail.runtime.flow;

import static java.util.Objects.requireNonNull;

/**
 * A step of a flow as a run reports it: where it is, what kind it is and its line in the flow file.
 *
 * @param kind {@code map}, {@code filter}, {@code choice}, {@code split}, {@code enrich}, {@code deliver},
 *             {@code reply}, or {@code resume} when a run could not start at the position it was given
 * @param line the 1-based line in the flow file; 0 when there is no such step
 */
public record StepRef(StepPath path, String kind, int line) {
    public StepRef {
        requireNonNull(path, "path");
        requireNonNull(kind, "kind");
    }

    /** E.g. {@code deliver at line 14 (step 3.1.0)}. */
    public String describe() {
        return kind + (line > 0 ? " at line " + line : "") + " (step " + path + ")";
    }
}
