package dev.dovetail.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** {@code dashboards/<name>.yaml}. */
final class DashboardReader {
    static final Pattern WHEN = Pattern.compile("\\s*([a-z0-9][a-z0-9_-]*)\\s*(>=|<=|==|!=|>|<)\\s*(-?\\d+(\\.\\d+)?)\\s*");
    static final List<String> AGGREGATES = java.util.Arrays.stream(DashboardDef.Aggregate.values()).map(DashboardDef.Aggregate::id).toList();
    static final List<String> SEVERITIES = java.util.Arrays.stream(DashboardDef.Severity.values()).map(DashboardDef.Severity::id).toList();

    private DashboardReader() {}

    static DashboardDef read(Ctx ctx, Node rootNode, String name) {
        var o = Obj.of(ctx, rootNode, "");
        if (o == null) return null;
        o.allow("name", "title", "description", "kpis", "alerts");
        SystemReader.checkDeclaredName(ctx, o, name, "dashboards");
        var title = o.text("title", true, "title: Operations");
        var kpis = new ArrayList<DashboardDef.Kpi>();
        var kpiIds = new HashMap<String, Integer>();
        var kpiNodes = o.list("kpis", false, null);
        if (kpiNodes != null) {
            for (int i = 0; i < kpiNodes.size(); i++) {
                var k = Obj.of(ctx, kpiNodes.get(i), "kpis[" + i + "]");
                if (k == null) continue;
                k.allow("id", "title", "metric", "filter", "aggregate", "window");
                var id = k.name("id", true, Names.ID, "lower-case letters, digits, '-' and '_'", "id: failed-deliveries");
                if (id != null) {
                    var first = kpiIds.putIfAbsent(id, k.node.getStartMark().getLine() + 1);
                    if (first != null) ctx.error(k.value("id"), "duplicate-name", "KPI id '" + id + "' is used twice (first at line " + first + ")", "");
                }
                var kt = k.text("title");
                var metric = k.text("metric", true, "metric: dovetail.deliveries");
                var filter = k.textMap("filter", true);
                var aggregate = k.oneOf("aggregate", false, AGGREGATES);
                var window = k.duration("window", false, "window: 1h");
                kpis.add(new DashboardDef.Kpi(id, kt == null ? id : kt, metric, filter,
                        aggregate == null ? DashboardDef.Aggregate.COUNT : DashboardDef.Aggregate.valueOf(aggregate.toUpperCase(Locale.ROOT)),
                        window == null ? Duration.ofHours(1) : window));
            }
        }
        var alerts = new ArrayList<DashboardDef.Alert>();
        var alertIds = new HashMap<String, Integer>();
        var alertNodes = o.list("alerts", false, null);
        if (alertNodes != null) {
            for (int i = 0; i < alertNodes.size(); i++) {
                var a = Obj.of(ctx, alertNodes.get(i), "alerts[" + i + "]");
                if (a == null) continue;
                a.allow("id", "when", "for", "severity", "notify");
                var id = a.name("id", true, Names.ID, "lower-case letters, digits, '-' and '_'", "id: dead-letters");
                if (id != null) {
                    var first = alertIds.putIfAbsent(id, a.node.getStartMark().getLine() + 1);
                    if (first != null) ctx.error(a.value("id"), "duplicate-name", "alert id '" + id + "' is used twice (first at line " + first + ")", "");
                }
                var whenNode = a.scalar("when", true, "when: dead-letters > 0");
                String when = null;
                if (whenNode != null) {
                    when = whenNode.getValue();
                    var m = WHEN.matcher(when);
                    if (!m.matches()) {
                        ctx.error(whenNode, "bad-value", "'" + a.at("when") + "' is '" + when + "'; write <kpi id> <op> <number>", "e.g. when: dead-letters > 0 (op: > >= < <= == !=)");
                    } else if (!kpiIds.containsKey(m.group(1))) {
                        ctx.error(whenNode, "unknown-kpi", "'" + a.at("when") + "' refers to KPI '" + m.group(1) + "', which this dashboard does not define",
                                Names.didYouMean(m.group(1), kpiIds.keySet()));
                    }
                }
                var forDuration = a.duration("for", false, "for: 5m");
                var severity = a.oneOf("severity", true, SEVERITIES);
                var notify = a.texts("notify", false, true, "notify: [im:ops-group]");
                alerts.add(new DashboardDef.Alert(id, when, forDuration == null ? Duration.ZERO : forDuration,
                        severity == null ? null : DashboardDef.Severity.valueOf(severity.toUpperCase(Locale.ROOT)), notify));
            }
        }
        return new DashboardDef(name, ctx.file, title, kpis, alerts);
    }
}
