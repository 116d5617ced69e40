package dev.dovetail.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** {@code tests/*.yaml}: {@code tests: [{name, mapping, input, expected}]}. Values are taken as written (no placeholders). */
final class FixtureReader {
    private FixtureReader() {}

    static List<Fixture> read(Ctx ctx, Node rootNode) {
        var o = Obj.of(ctx, rootNode, "");
        if (o == null) return null;
        o.allow("tests");
        var items = o.list("tests", true, "tests: [{name: ..., mapping: ..., input: ..., expected: ...}]");
        if (items == null) return null;
        var out = new ArrayList<Fixture>();
        var names = new HashMap<String, Integer>();
        for (int i = 0; i < items.size(); i++) {
            var t = Obj.of(ctx, items.get(i), "tests[" + i + "]");
            if (t == null) continue;
            t.allow("name", "description", "mapping", "input", "expected");
            var name = t.raw("name", true, "name: won opportunity becomes an approved order");
            int line = t.node.getStartMark().getLine() + 1;
            if (name != null) {
                var first = names.putIfAbsent(name, line);
                if (first != null) ctx.error(t.value("name"), "duplicate-name", "test '" + name + "' is defined twice (first at line " + first + ")", "give each test its own name");
            }
            var mappingNode = t.scalar("mapping", true, "mapping: erp/order.out");
            if (mappingNode != null) ctx.run.refMapping(ctx, mappingNode, t.at("mapping"));
            Object input = present(ctx, t, "input");
            Object expected = present(ctx, t, "expected");
            if (name != null && mappingNode != null && t.keys().contains("input") && t.keys().contains("expected")) {
                out.add(new Fixture(name, ctx.file, line, mappingNode.getValue(), input, expected));
            }
        }
        return out;
    }

    /** The value of a key that must be present (an explicit null is a value). */
    private static Object present(Ctx ctx, Obj t, String key) {
        if (!t.keys().contains(key)) {
            ctx.error(t.node, "missing-field", "missing required key '" + key + "'" + t.in(), "add '" + key + ":' with the JSON value (written as YAML)");
            return null;
        }
        var tuple = t.tuples().stream().filter(x -> Obj.keyText(x).equals(key)).findFirst().orElseThrow();
        return Obj.plain(tuple.getValueNode());
    }
}
