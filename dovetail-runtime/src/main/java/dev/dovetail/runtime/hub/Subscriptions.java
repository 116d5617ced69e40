package dev.dovetail.runtime.hub;

import dev.dovetail.model.FlowDef;
import dev.dovetail.model.Schedule;
import dev.dovetail.model.Step;
import dev.dovetail.model.Trigger;
import dev.dovetail.model.Workspace;
import dev.dovetail.runtime.journal.EventType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which flows run for which journal entries. A flow with {@code trigger: {event: crm.order-won}} subscribes
 * to entries of system {@code crm}, event {@code order-won} — whatever brought them in (webhook, poll). A
 * flow with {@code trigger: {schedule: ...}} subscribes to entries of system {@value #SCHEDULE_SYSTEM} and
 * the flow's name as the event: whoever fires the schedule appends such an entry for each tick.
 */
public final class Subscriptions {

    /**
     * The system name of the ticks of schedule-triggered flows: a tick of flow {@code nightly-report} is an entry
     * of type {@code schedule.nightly-report} (a workspace system named {@code schedule} would share the prefix,
     * not the event names, unless it declares events named like flows).
     */
    public static final String SCHEDULE_SYSTEM = "schedule";

    private Subscriptions() {
    }

    /** The event type whose entries run this flow, if it has a trigger. */
    public static java.util.Optional<EventType> triggerOf(FlowDef flow) {
        return switch (flow.trigger()) {
            case Trigger.OnEvent onEvent -> java.util.Optional.of(new EventType(onEvent.event().system(), onEvent.event().event()));
            case Schedule schedule -> java.util.Optional.of(scheduleOf(flow.name()));
            case null, default -> java.util.Optional.empty();
        };
    }

    /** The event type of the schedule ticks of flow {@code flowName}. */
    public static EventType scheduleOf(String flowName) {
        return new EventType(SCHEDULE_SYSTEM, flowName);
    }

    /** The subscribed flows of every event type some flow subscribes to, each list ordered by flow name. */
    public static Map<EventType, List<FlowDef>> of(Workspace workspace) {
        Map<EventType, List<FlowDef>> byType = new LinkedHashMap<>();
        workspace.flows().values().stream()
                .sorted(Comparator.comparing(FlowDef::name))
                .forEach(flow -> triggerOf(flow).ifPresent(type -> byType.computeIfAbsent(type, t -> new ArrayList<>()).add(flow)));
        byType.replaceAll((type, flows) -> List.copyOf(flows));
        return byType;
    }

    /** Whether the flow has a {@code reply} step anywhere (branches included). */
    public static boolean replies(FlowDef flow) {
        return replies(flow.steps());
    }

    private static boolean replies(List<Step> steps) {
        for (Step step : steps) {
            if (step instanceof Step.Reply) {
                return true;
            }
            if (step instanceof Step.Choice choice
                    && (replies(choice.otherwise()) || choice.branches().stream().anyMatch(b -> replies(b.steps())))) {
                return true;
            }
        }
        return false;
    }
}
