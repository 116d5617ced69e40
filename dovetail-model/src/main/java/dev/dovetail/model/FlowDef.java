package dev.dovetail.model;

import java.util.List;

/**
 * {@code flows/<name>.yaml}: a short-lived pipeline from a trigger through steps to deliveries.
 *
 * @param trigger     {@link Trigger.OnEvent} or a {@link Schedule}
 * @param concurrency the most messages of this flow processed at once (default 8; messages with the same key stay in order)
 */
public record FlowDef(String name, String file, String description, Trigger trigger, int concurrency, List<Step> steps) {
    public FlowDef {
        description = description == null ? "" : description;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
