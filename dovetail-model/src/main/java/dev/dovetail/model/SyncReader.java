package dev.dovetail.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** {@code syncs/<name>.yaml}. */
final class SyncReader {
    private SyncReader() {}

    static SyncDef read(Ctx ctx, Node rootNode, String name) {
        var o = Obj.of(ctx, rootNode, "");
        if (o == null) return null;
        o.allow("name", "description", "entity", "direction", "master", "conflict", "fields", "systems");
        SystemReader.checkDeclaredName(ctx, o, name, "syncs");
        var description = o.text("description");
        var entityNode = o.scalar("entity", true, "entity: Customer");
        Index.EntityInfo entity = null;
        if (entityNode != null) {
            entity = ctx.index().entities.get(entityNode.getValue());
            if (entity == null) {
                ctx.error(entityNode, "unknown-entity", "'entity' names '" + entityNode.getValue() + "', but no file in model/ defines it",
                        Names.didYouMean(entityNode.getValue(), ctx.index().entities.keySet()));
            }
        }
        var direction = o.oneOf("direction", false, List.of("one-way", "two-way"));
        var conflict = o.oneOf("conflict", false, List.of("master-wins", "last-write-wins"));
        var masterNode = o.scalar("master", true, "master: crm");

        var participants = new LinkedHashMap<String, SyncDef.Participant>();
        var systems = o.obj("systems", true, "systems: {crm: {...}, erp: {...}}");
        if (systems != null) {
            for (var t : systems.tuples()) {
                var sys = Obj.keyText(t);
                var info = ctx.run.refSystem(ctx, t.getKeyNode(), sys, "systems." + sys);
                var p = Obj.of(ctx, t.getValueNode(), "systems." + sys);
                if (p == null) continue;
                participants.put(sys, participant(ctx, p, sys, info));
            }
            if (participants.size() < 2 && systems.tuples().size() < 2) {
                ctx.error(systems.node, "missing-field", "a sync needs at least two systems", "add the other system under 'systems'");
            }
        }
        String master = null;
        if (masterNode != null) {
            master = masterNode.getValue();
            if (systems != null && !systems.keys().contains(master)) {
                ctx.error(masterNode, "unknown-system", "'master' is '" + master + "', which is not one of this sync's systems",
                        Names.didYouMean(master, systems.keys()));
            }
        }

        var fields = new LinkedHashMap<String, String>();
        var fo = o.obj("fields", false, null);
        if (fo != null) {
            for (var t : fo.tuples()) {
                var field = Obj.keyText(t);
                if (entity != null && entity.readable && !entity.fields.contains(field)) {
                    ctx.error(t.getKeyNode(), "unknown-field", "field '" + field + "' is not in the schema of " + entityNode.getValue(),
                            Names.didYouMean(field, entity.fields));
                }
                if (!(t.getValueNode() instanceof ScalarNode s)) {
                    ctx.error(t.getValueNode(), "wrong-type", "'fields." + field + "' names the system that masters the field", "e.g. " + field + ": erp");
                    continue;
                }
                if (systems != null && !systems.keys().contains(s.getValue())) {
                    ctx.error(s, "unknown-system", "'fields." + field + "' is '" + s.getValue() + "', which is not one of this sync's systems",
                            Names.didYouMean(s.getValue(), systems.keys()));
                }
                fields.put(field, s.getValue());
            }
        }

        // what each side needs, given the direction
        boolean twoWay = "two-way".equals(direction);
        for (var e : participants.entrySet()) {
            var p = e.getValue();
            var pNode = systems.value(e.getKey());
            boolean isMaster = e.getKey().equals(master);
            if ((twoWay || isMaster) && p.in().isEmpty()) {
                ctx.error(pNode, "missing-field", "'systems." + e.getKey() + "' needs 'in' (the mapping from " + e.getKey() + " to " + entityName(entityNode) + ")",
                        "e.g. in: " + e.getKey() + "/" + kebab(entityNode) + ".in");
            }
            if ((twoWay || isMaster) && p.trigger().isEmpty()) {
                ctx.error(pNode, "missing-field", "'systems." + e.getKey() + "' needs a 'trigger' (how its changes are noticed)",
                        "e.g. trigger: {event: account-changed} or {poll: {operation: listChanged, every: 5m}}");
            }
            if (twoWay || !isMaster) {
                if (p.out().isEmpty()) {
                    ctx.error(pNode, "missing-field", "'systems." + e.getKey() + "' needs 'out' (the mapping from " + entityName(entityNode) + " to " + e.getKey() + ")",
                            "e.g. out: " + e.getKey() + "/" + kebab(entityNode) + ".out");
                }
                if (p.create().isEmpty() && p.update().isEmpty()) {
                    ctx.error(pNode, "missing-field", "'systems." + e.getKey() + "' needs 'create' and/or 'update' (operations that write records)", "");
                }
            }
        }
        return new SyncDef(name, ctx.file, description, entityNode == null ? null : entityNode.getValue(),
                "two-way".equals(direction) ? SyncDef.Direction.TWO_WAY : SyncDef.Direction.ONE_WAY, master,
                "last-write-wins".equals(conflict) ? SyncDef.Conflict.LAST_WRITE_WINS : SyncDef.Conflict.MASTER_WINS, fields, participants);
    }

    private static String entityName(ScalarNode n) {
        return n == null ? "the entity" : n.getValue();
    }

    private static String kebab(ScalarNode n) {
        return n == null ? "entity" : EntityDef.fileNameOf(n.getValue());
    }

    private static SyncDef.Participant participant(Ctx ctx, Obj p, String sys, Index.SystemInfo info) {
        p.allow("trigger", "in", "out", "create", "update", "lookup");
        Optional<Trigger> trigger = Optional.empty();
        var t = p.obj("trigger", false, null);
        if (t != null) {
            t.allow("event", "poll", "schedule");
            var kinds = List.of("event", "poll", "schedule").stream().filter(t::has).toList();
            if (kinds.size() != 1) {
                ctx.error(t.node, kinds.isEmpty() ? "missing-field" : "bad-value", "'" + t.path + "' needs exactly one of: event, poll, schedule",
                        "e.g. trigger: {event: account-changed}");
            } else if (kinds.get(0).equals("event")) {
                var s = t.scalar("event", true, null);
                if (s != null) {
                    var v = s.getValue();
                    var event = v.startsWith(sys + ".") ? v.substring(sys.length() + 1) : v;
                    if (event.contains(".")) {
                        ctx.error(s, "bad-value", "'" + t.at("event") + "' names an event of another system; a sync trigger uses an event of " + sys, "e.g. event: " + sys + ".account-changed");
                    } else if (info != null && info.readable && !info.events.contains(event)) {
                        ctx.error(s, "unknown-event", "'" + t.at("event") + "': system '" + sys + "' has no event '" + event + "'", Names.didYouMean(event, info.events));
                    } else {
                        trigger = Optional.of(new Trigger.OnEvent(new EventRef(sys, event)));
                    }
                }
            } else if (kinds.get(0).equals("poll")) {
                var po = t.obj("poll", true, null);
                if (po != null) trigger = Optional.of(SystemReader.poll(ctx, po, sys, info));
            } else {
                var so = t.obj("schedule", true, null);
                if (so != null) trigger = Optional.of(SystemReader.schedule(ctx, so, true));
            }
        }
        var in = SystemReader.mappingRef(ctx, p, "in");
        var out = SystemReader.mappingRef(ctx, p, "out");
        var create = op(ctx, p, "create", sys, info);
        var update = op(ctx, p, "update", sys, info);
        var lookup = op(ctx, p, "lookup", sys, info);
        if (create.isPresent() && lookup.isEmpty()) {
            var op = info == null ? null : info.operations.get(create.get());
            if (op != null && "POST".equals(op.method()) && !op.idempotencyHeader()) {
                ctx.warning(p.value("create"), "at-least-once", "creating records in " + sys + " is at-least-once: " + sys + "." + create.get()
                        + " is a POST without an idempotencyHeader and the sync has no 'lookup'", "add 'lookup' (an operation that finds a record by its identity) or declare an idempotencyHeader");
            }
        }
        return new SyncDef.Participant(sys, trigger, in, out, create, update, lookup);
    }

    /** An operation name of system {@code sys} ({@code createCustomer} or {@code erp.createCustomer}). */
    private static Optional<String> op(Ctx ctx, Obj p, String key, String sys, Index.SystemInfo info) {
        var s = p.scalar(key, false, null);
        if (s == null) return Optional.empty();
        var v = s.getValue();
        var name = v.startsWith(sys + ".") ? v.substring(sys.length() + 1) : v;
        if (info != null && info.readable && !info.operations.containsKey(name)) {
            ctx.error(s, "unknown-operation", "'" + p.at(key) + "': system '" + sys + "' has no operation '" + name + "'",
                    Names.didYouMean(name, info.operations.keySet()));
        }
        return Optional.of(name);
    }
}
