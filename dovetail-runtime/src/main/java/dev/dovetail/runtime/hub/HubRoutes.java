package dev.dovetail.runtime.hub;

import dev.dovetail.model.FlowDef;
import dev.dovetail.model.Workspace;
import dev.dovetail.runtime.dispatch.EntryHandler;
import dev.dovetail.runtime.dispatch.Routes;
import dev.dovetail.runtime.flow.FlowExecutor;
import dev.dovetail.runtime.journal.EventType;
import dev.dovetail.runtime.journal.Journal;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The dispatcher's routes for a workspace: one route per event type some flow subscribes to
 * ({@link Subscriptions}), handled by a {@link FlowEntryHandler}. Each route is its own concurrency group:
 * {@code flow:<name>} with the flow's {@code concurrency} when one flow subscribes, else
 * {@code event:<system>.<event>} with the largest {@code concurrency} of its flows. How many calls reach a
 * target system at once is bounded by that system's connector ({@code limits.concurrency}).
 */
public final class HubRoutes {

    private HubRoutes() {
    }

    /**
     * @param wrap applied to every handler, e.g. to hold the connectors of this workspace version while it runs
     */
    public static Routes of(Workspace workspace, FlowExecutor executor, Journal journal, DeliveryPolicy policy,
                            RunListener listener, UnaryOperator<EntryHandler> wrap) {
        var builder = Routes.builder();
        Map<String, FlowDef> allFlows = workspace.flows();
        for (Map.Entry<EventType, List<FlowDef>> subscription : Subscriptions.of(workspace).entrySet()) {
            EventType type = subscription.getKey();
            List<FlowDef> flows = subscription.getValue();
            String group = groupOf(type, flows);
            int concurrency = flows.stream().mapToInt(f -> Math.max(1, f.concurrency())).max().orElse(1);
            builder.group(group, concurrency);
            builder.route(type.system(), type.event(), group,
                    wrap.apply(new FlowEntryHandler(flows, allFlows, executor, journal, policy, listener)));
        }
        return builder.build();
    }

    static String groupOf(EventType type, List<FlowDef> flows) {
        return flows.size() == 1 ? "flow:" + flows.getFirst().name()
                : "event:" + type + " (" + flows.stream().map(FlowDef::name).collect(Collectors.joining(", ")) + ")";
    }
}
