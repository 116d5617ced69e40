package dev.dovetail.model;

import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** {@code routes/<name>.camel.yaml}: only the outline is checked; Camel checks the rest when it loads the route. */
final class RouteReader {
    static final List<String> TOP_LEVEL = List.of("route", "from", "rest", "restConfiguration", "routeTemplate", "templatedRoute",
            "routeConfiguration", "beans", "errorHandler", "onException", "onCompletion", "intercept", "interceptFrom",
            "interceptSendToEndpoint");

    private RouteReader() {}

    static RouteDef read(Ctx ctx, Node rootNode, String name) {
        if (!(rootNode instanceof SequenceNode seq)) {
            ctx.error(rootNode, "route-shape", "a Camel route file is a YAML list of items such as '- route:' or '- from:', not " + Obj.describe(rootNode),
                    "start each item with '- ', e.g. '- route: {from: {uri: timer:tick, steps: [...]}}'");
            return null;
        }
        if (seq.getValue().isEmpty()) {
            ctx.error(rootNode, "route-shape", "the route file has no items", "");
            return null;
        }
        for (var item : seq.getValue()) {
            if (!(item instanceof MappingNode m) || m.getValue().size() != 1 || !(m.getValue().get(0).getKeyNode() instanceof ScalarNode k)) {
                ctx.error(item, "route-shape", "each item of a Camel route file is a map with one key (" + String.join(", ", TOP_LEVEL.subList(0, 4)) + ", ...)", "");
                continue;
            }
            var kind = k.getValue();
            if (!TOP_LEVEL.contains(kind)) {
                ctx.error(k, "route-shape", "'" + kind + "' is not a Camel YAML DSL item",
                        Names.suggest(kind, TOP_LEVEL).map(s -> "did you mean '" + s + "'?").orElse("known: " + String.join(", ", TOP_LEVEL)));
                continue;
            }
            var body = m.getValue().get(0).getValueNode();
            if (kind.equals("route")) {
                if (!(body instanceof MappingNode rm) || rm.getValue().stream().noneMatch(t -> t.getKeyNode() instanceof ScalarNode s && s.getValue().equals("from"))) {
                    ctx.error(body, "route-shape", "a 'route' needs 'from' (its consumer endpoint)", "e.g. route: {from: {uri: timer:tick, steps: [...]}}");
                }
            } else if (kind.equals("from")) {
                if (!(body instanceof MappingNode fm) || fm.getValue().stream().noneMatch(t -> t.getKeyNode() instanceof ScalarNode s && s.getValue().equals("uri"))) {
                    ctx.error(body, "route-shape", "'from' needs 'uri'", "e.g. from: {uri: timer:tick, steps: [...]}");
                }
            }
        }
        return new RouteDef(name, ctx.file, ctx.text);
    }
}
