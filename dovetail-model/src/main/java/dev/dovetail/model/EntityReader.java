package dev.dovetail.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** {@code model/<entity>.yaml}. */
final class EntityReader {
    private EntityReader() {}

    @SuppressWarnings("unchecked")
    static EntityDef read(Ctx ctx, Node rootNode, String fileName) {
        var o = Obj.of(ctx, rootNode, "");
        if (o == null) return null;
        o.allow("entity", "description", "identity", "schema");
        var entity = o.name("entity", true, Names.ENTITY, "PascalCase (letters and digits, starting upper-case)", "entity: SalesOrder");
        if (entity != null && !EntityDef.fileNameOf(entity).equals(fileName)) {
            ctx.error(o.value("entity"), "name-mismatch", "entity '" + entity + "' is in model/" + fileName + ".yaml",
                    "entity " + entity + " belongs in model/" + EntityDef.fileNameOf(entity) + ".yaml (or rename the entity to " + LoadRun.pascal(fileName) + ")");
        }
        var name = entity != null ? entity : LoadRun.pascal(fileName);
        var info = ctx.index().entities.computeIfAbsent(name, k -> new Index.EntityInfo());
        var description = o.text("description");

        Map<String, Object> schema = null;
        var schemaNode = o.required("schema", "schema: {type: object, properties: {...}}");
        if (schemaNode != null) {
            if (!(schemaNode instanceof MappingNode)) {
                ctx.error(schemaNode, "bad-schema", "'schema' must be a JSON Schema object, not " + Obj.describe(schemaNode), "schema: {type: object, properties: {...}}");
            } else {
                var so = Obj.of(ctx, schemaNode, "schema");
                schema = (Map<String, Object>) Obj.plain(schemaNode);
                var type = so.value("type");
                if (!(type instanceof ScalarNode t) || !t.getValue().equals("object")) {
                    ctx.error(type == null ? so.node : type, "bad-schema", "an entity schema must have 'type: object'", "add 'type: object'");
                }
                var props = so.value("properties");
                if (!(props instanceof MappingNode)) {
                    ctx.error(props == null ? so.node : props, "bad-schema", "an entity schema needs 'properties' (a map of field name to schema)", "");
                }
                info.readable = true;
                info.fields.addAll(EntityDef.fieldPaths(schema));
            }
        }

        var identity = new ArrayList<List<String>>();
        var idNodes = o.list("identity", false, "identity: [[taxId], [phone]]");
        if (idNodes != null) {
            for (var rule : idNodes) {
                List<Node> fields;
                if (rule instanceof SequenceNode seq) fields = seq.getValue();
                else if (rule instanceof ScalarNode) fields = List.of(rule);
                else {
                    ctx.error(rule, "wrong-type", "each identity rule is a list of field names, e.g. [taxId] or [name, city]", "");
                    continue;
                }
                var names = new ArrayList<String>();
                for (var f : fields) {
                    if (!(f instanceof ScalarNode s)) {
                        ctx.error(f, "wrong-type", "identity fields are field names, not " + Obj.describe(f), "");
                        continue;
                    }
                    if (info.readable && !info.fields.contains(s.getValue())) {
                        ctx.error(s, "unknown-field", "identity field '" + s.getValue() + "' is not in the schema of " + name,
                                Names.didYouMean(s.getValue(), info.fields));
                    }
                    names.add(s.getValue());
                }
                if (!names.isEmpty()) identity.add(names);
            }
        }
        return new EntityDef(name, ctx.file, description, identity, schema);
    }
}
