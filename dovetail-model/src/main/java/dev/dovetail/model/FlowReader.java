package dev.dovetail.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** {@code flows/<name>.yaml}. */
final class FlowReader {
    static final List<String> STEP_KINDS = List.of("map", "filter", "choice", "split", "enrich", "deliver", "reply");

    private FlowReader() {}

    static FlowDef read(Ctx ctx, Node rootNode, String name) {
        var o = Obj.of(ctx, rootNode, "");
        if (o == null) return null;
        o.allow("name", "description", "trigger", "concurrency", "steps");
        SystemReader.checkDeclaredName(ctx, o, name, "flows");
        var description = o.text("description");
        Trigger trigger = null;
        var t = o.obj("trigger", true, "trigger: {event: crm.order-won}");
        if (t != null) trigger = trigger(ctx, t);
        var concurrency = o.integer("concurrency", false, 1, 1024, "concurrency: 8");
        var stepNodes = o.list("steps", true, "steps: [{map: erp/order.out}, {deliver: erp.createSalesOrder}]");
        var steps = stepNodes == null ? List.<Step>of() : steps(ctx, stepNodes, "steps");
        if (stepNodes != null && stepNodes.isEmpty()) {
            ctx.error(o.value("steps"), "missing-field", "a flow needs at least one step", "e.g. - deliver: erp.createSalesOrder");
        }
        return new FlowDef(name, ctx.file, description, trigger, concurrency == null ? 8 : concurrency, steps);
    }

    private static Trigger trigger(Ctx ctx, Obj t) {
        t.allow("event", "schedule");
        if (!t.has("event") && !t.has("schedule")) {
            ctx.error(t.node, "missing-field", "'trigger' needs 'event' (e.g. crm.order-won) or 'schedule'", "e.g. trigger: {event: crm.order-won}");
            return null;
        }
        if (t.has("event") && t.has("schedule")) {
            ctx.error(t.keyNode("schedule"), "bad-value", "'trigger' has both 'event' and 'schedule'", "a flow has one trigger");
        }
        if (t.has("event")) {
            var s = t.scalar("event", true, null);
            if (s == null) return null;
            var ref = ctx.run.refEvent(ctx, s, "trigger.event");
            return ref == null ? null : new Trigger.OnEvent(ref);
        }
        var s = t.obj("schedule", true, null);
        return s == null ? null : SystemReader.schedule(ctx, s, true);
    }

    static List<Step> steps(Ctx ctx, List<Node> nodes, String path) {
        var out = new ArrayList<Step>();
        for (int i = 0; i < nodes.size(); i++) {
            var step = step(ctx, nodes.get(i), path + "[" + i + "]");
            if (step != null) out.add(step);
        }
        return out;
    }

    private static Step step(Ctx ctx, Node node, String path) {
        int line = node.getStartMark().getLine() + 1;
        if (!(node instanceof MappingNode m) || m.getValue().size() != 1 || !(m.getValue().get(0).getKeyNode() instanceof ScalarNode)) {
            ctx.error(node, "wrong-type", "'" + path + "' must be a map with one key naming the step: " + String.join(", ", STEP_KINDS),
                    "e.g. - map: erp/order.out");
            return null;
        }
        var o = Obj.of(ctx, node, path);
        var kind = Obj.keyText(m.getValue().get(0));
        var value = m.getValue().get(0).getValueNode();
        var where = path + "." + kind;
        switch (kind) {
            case "map" -> {
                if (value instanceof ScalarNode s) {
                    ctx.run.refMapping(ctx, s, where);
                    return new Step.Map(Optional.of(s.getValue()), Optional.empty(), line);
                }
                var mo = Obj.of(ctx, value, where);
                if (mo == null) return null;
                mo.allow("expression");
                var expression = mo.expression("expression", true, "expression: '{\"id\": id}'");
                return new Step.Map(Optional.empty(), Optional.ofNullable(expression), line);
            }
            case "filter" -> {
                var e = o.expression("filter", true, "filter: stage = 'Closed Won'");
                return new Step.Filter(e, line);
            }
            case "split" -> {
                var e = o.expression("split", true, "split: lines");
                return new Step.Split(e, line);
            }
            case "choice" -> {
                var branches = o.list("choice", true, "choice: [{when: amount > 10000, steps: [...]}, {otherwise: [...]}]");
                if (branches == null) return null;
                var whens = new ArrayList<Step.When>();
                List<Step> otherwise = List.of();
                for (int i = 0; i < branches.size(); i++) {
                    var b = Obj.of(ctx, branches.get(i), where + "[" + i + "]");
                    if (b == null) continue;
                    if (b.has("otherwise")) {
                        b.allow("otherwise");
                        if (i != branches.size() - 1) {
                            ctx.error(b.keyNode("otherwise"), "bad-value", "'otherwise' must be the last branch of '" + where + "'", "move it to the end");
                        }
                        var list = b.list("otherwise", true, null);
                        otherwise = list == null ? List.of() : steps(ctx, list, b.at("otherwise"));
                    } else {
                        b.allow("when", "steps");
                        var cond = b.expression("when", true, "when: amount > 10000");
                        var list = b.list("steps", true, "steps: [...]");
                        whens.add(new Step.When(cond, list == null ? List.of() : steps(ctx, list, b.at("steps")), branches.get(i).getStartMark().getLine() + 1));
                    }
                }
                if (whens.isEmpty()) {
                    ctx.error(value, "missing-field", "'" + where + "' needs at least one branch with 'when'", "");
                }
                return new Step.Choice(whens, otherwise, line);
            }
            case "enrich" -> {
                var eo = Obj.of(ctx, value, where);
                if (eo == null) return null;
                eo.allow("operation", "merge");
                var opNode = eo.scalar("operation", true, "operation: crm.getAccount");
                var ref = opNode == null ? null : ctx.run.refOperation(ctx, opNode, eo.at("operation"));
                var merge = Optional.ofNullable(eo.expression("merge", false, null));
                return ref == null ? null : new Step.Enrich(ref, merge, line);
            }
            case "deliver" -> {
                List<Node> targets = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
                var refs = new ArrayList<OperationRef>();
                for (var target : targets) {
                    if (!(target instanceof ScalarNode s) || s.getValue().isEmpty()) {
                        ctx.error(target, "wrong-type", "'" + where + "' names operations as <system>.<operation>", "e.g. deliver: erp.createSalesOrder");
                        continue;
                    }
                    var ref = ctx.run.refOperation(ctx, s, where);
                    if (ref != null) {
                        refs.add(ref);
                        ctx.run.warnAtLeastOnce(ctx, s, ref);
                    }
                }
                if (targets.isEmpty()) ctx.error(value, "missing-field", "'" + where + "' names no operation", "e.g. deliver: erp.createSalesOrder");
                return new Step.Deliver(refs, line);
            }
            case "reply" -> {
                var ro = Obj.of(ctx, value, where);
                if (ro == null) return null;
                ro.allow("status", "body");
                var status = ro.integer("status", false, 100, 599, "status: 200");
                var body = Optional.ofNullable(ro.expression("body", false, null));
                return new Step.Reply(status == null ? 200 : status, body, line);
            }
            default -> {
                ctx.error(m.getValue().get(0).getKeyNode(), "unknown-key", "unknown step '" + kind + "' in '" + path + "'",
                        Names.suggest(kind, STEP_KINDS).map(s -> "did you mean '" + s + "'? ").orElse("") + "steps: " + String.join(", ", STEP_KINDS));
                return null;
            }
        }
    }
}
