package dev.dovetail.model;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML map being read: typed getters that report missing keys, wrong types and bad values at their
 * line and column, and return null (or a default) instead of throwing.
 */
final class Obj {
    private static final Pattern SECRET_REF = Pattern.compile("\\$\\{secret:([^}]*)}");

    final Ctx ctx;
    final MappingNode node;
    /** Dotted path of this map in its file, e.g. {@code operations.createOrder}; empty at the top. */
    final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private Obj(Ctx ctx, MappingNode node, String path) {
        this.ctx = ctx;
        this.node = node;
        this.path = path;
        for (var t : node.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                entries.putIfAbsent(k.getValue(), t);
            } else {
                ctx.error(t.getKeyNode(), "wrong-type", "a key" + in() + " is not plain text", "write keys as plain words");
            }
        }
    }

    /** The map at {@code node}, or null (with a wrong-type problem) when it is something else. */
    static Obj of(Ctx ctx, Node node, String path) {
        if (node instanceof MappingNode m) return new Obj(ctx, m, path);
        ctx.error(node, "wrong-type", (path.isEmpty() ? "the file" : "'" + path + "'") + " must be a map of keys, not " + describe(node), "");
        return null;
    }

    String in() {
        return path.isEmpty() ? "" : " in '" + path + "'";
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Set<String> keys() {
        return entries.keySet();
    }

    List<NodeTuple> tuples() {
        return node.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode).toList();
    }

    boolean has(String key) {
        return value(key) != null;
    }

    /** Reports every key that is not allowed here. */
    Obj allow(String... allowed) {
        var allowedList = Arrays.asList(allowed);
        for (var e : entries.entrySet()) {
            if (!allowedList.contains(e.getKey())) {
                var s = Names.suggest(e.getKey(), allowedList);
                ctx.error(e.getValue().getKeyNode(), "unknown-key", "unknown key '" + e.getKey() + "'" + in(),
                        (s.map(x -> "did you mean '" + x + "'? ").orElse("")) + "allowed here: " + String.join(", ", allowedList));
            }
        }
        return this;
    }

    /** The value node, or null when the key is absent or its value is empty ({@code key:} / {@code null}). */
    Node value(String key) {
        var t = entries.get(key);
        if (t == null) return null;
        var v = t.getValueNode();
        if (v instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) return null;
        return v;
    }

    Node keyNode(String key) {
        var t = entries.get(key);
        return t == null ? null : t.getKeyNode();
    }

    /** Reports a missing required key (at this map) and returns null; or the value. */
    Node required(String key, String example) {
        var v = value(key);
        if (v == null) {
            var where = entries.containsKey(key) ? keyNode(key) : node;
            ctx.error(where, "missing-field", (entries.containsKey(key) ? "'" + at(key) + "' has no value" : "missing required key '" + key + "'" + in()),
                    example == null || example.isEmpty() ? "" : "add it, e.g. " + example);
        }
        return v;
    }

    Node get(String key, boolean required, String example) {
        return required ? required(key, example) : value(key);
    }

    // ---- scalars ---------------------------------------------------------------------------------

    /** A scalar node or null (with a wrong-type problem for a list or map). */
    ScalarNode scalar(String key, boolean required, String example) {
        var v = get(key, required, example);
        if (v == null) return null;
        if (v instanceof ScalarNode s) return s;
        ctx.error(v, "wrong-type", "'" + at(key) + "' must be a single value, not " + describe(v), example == null ? "" : "e.g. " + example);
        return null;
    }

    /** Text with placeholders resolved (when the file interpolates). */
    String text(String key, boolean required, String example) {
        var s = scalar(key, required, example);
        return s == null ? null : ctx.run.placeholders.resolve(ctx, s);
    }

    /** The scalar's text with placeholders resolved; null when one cannot be (reported). */
    String resolve(ScalarNode s) {
        return ctx.run.placeholders.resolve(ctx, s);
    }

    String text(String key) {
        return text(key, false, null);
    }

    /** Text taken as written (no placeholder resolution), e.g. names and references. */
    String raw(String key, boolean required, String example) {
        var s = scalar(key, required, example);
        return s == null ? null : s.getValue();
    }

    /** A JSONata expression: taken as written and syntax-checked. */
    String expression(String key, boolean required, String example) {
        var s = scalar(key, required, example);
        if (s == null) return null;
        ctx.checkExpression(s, "'" + at(key) + "'");
        return s.getValue();
    }

    /** A text that must match {@code rule}. */
    String name(String key, boolean required, Pattern rule, String ruleText, String example) {
        var s = scalar(key, required, example);
        if (s == null) return null;
        if (!rule.matcher(s.getValue()).matches()) {
            ctx.error(s, "bad-name", "'" + at(key) + "' is '" + s.getValue() + "': names use " + ruleText, example == null ? "" : "e.g. " + example);
            return null;
        }
        return s.getValue();
    }

    /** One of the allowed words (case-sensitive, as written in files). */
    String oneOf(String key, boolean required, List<String> allowed) {
        var s = scalar(key, required, key + ": " + allowed.get(0));
        if (s == null) return null;
        var v = ctx.run.placeholders.resolve(ctx, s);
        if (v == null) return null;
        if (!allowed.contains(v)) {
            var sug = Names.suggest(v, allowed);
            ctx.error(s, "bad-value", "'" + at(key) + "' is '" + v + "', which is not one of: " + String.join(", ", allowed),
                    sug.map(x -> "did you mean '" + x + "'?").orElse("use one of: " + String.join(", ", allowed)));
            return null;
        }
        return v;
    }

    Integer integer(String key, boolean required, long min, long max, String example) {
        var s = scalar(key, required, example);
        if (s == null) return null;
        var v = ctx.run.placeholders.resolve(ctx, s);
        if (v == null) return null;
        try {
            long n = Long.parseLong(v.strip().replace("_", ""));
            if (n < min || n > max) {
                ctx.error(s, "bad-value", "'" + at(key) + "' is " + n + ", outside " + min + ".." + max, "");
                return null;
            }
            return (int) n;
        } catch (NumberFormatException e) {
            ctx.error(s, "wrong-type", "'" + at(key) + "' must be a whole number, not '" + v + "'", example == null ? "" : "e.g. " + example);
            return null;
        }
    }

    Double number(String key, boolean required, double min, String example) {
        var s = scalar(key, required, example);
        if (s == null) return null;
        var v = ctx.run.placeholders.resolve(ctx, s);
        if (v == null) return null;
        try {
            double n = Double.parseDouble(v.strip());
            if (Double.isNaN(n) || n < min) {
                ctx.error(s, "bad-value", "'" + at(key) + "' is " + v + "; it must be at least " + min, "");
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            ctx.error(s, "wrong-type", "'" + at(key) + "' must be a number, not '" + v + "'", example == null ? "" : "e.g. " + example);
            return null;
        }
    }

    Boolean bool(String key) {
        var s = scalar(key, false, null);
        if (s == null) return null;
        var v = ctx.run.placeholders.resolve(ctx, s);
        if (v == null) return null;
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                ctx.error(s, "wrong-type", "'" + at(key) + "' must be true or false, not '" + v + "'", "");
                yield null;
            }
        };
    }

    Duration duration(String key, boolean required, String example) {
        var s = scalar(key, required, example);
        if (s == null) return null;
        var v = ctx.run.placeholders.resolve(ctx, s);
        if (v == null) return null;
        var d = Units.duration(v);
        if (d == null) {
            ctx.error(s, "bad-duration", "'" + at(key) + "' is '" + v + "', which is not a duration", Units.DURATION_HINT);
        }
        return d;
    }

    Long size(String key) {
        var s = scalar(key, false, null);
        if (s == null) return null;
        var v = ctx.run.placeholders.resolve(ctx, s);
        if (v == null) return null;
        var n = Units.size(v);
        if (n == null) ctx.error(s, "bad-size", "'" + at(key) + "' is '" + v + "', which is not a size", Units.SIZE_HINT);
        return n;
    }

    String cron(String key) {
        var s = scalar(key, false, null);
        if (s == null) return null;
        var v = ctx.run.placeholders.resolve(ctx, s);
        if (v == null) return null;
        if (!Units.cron(v)) {
            ctx.error(s, "bad-cron", "'" + at(key) + "' is '" + v + "', which is not a cron expression", Units.CRON_HINT);
            return null;
        }
        return v.strip();
    }

    /**
     * A secret-bearing field: it must be exactly {@code ${secret:name}}; inline values are an error (their text is
     * never repeated in the message).
     */
    Secret secret(String key, boolean required) {
        var s = scalar(key, required, key + ": ${secret:my-" + key.toLowerCase(Locale.ROOT) + "}");
        return s == null ? null : secretValue(s, at(key));
    }

    Secret secretValue(ScalarNode s, String where) {
        var v = s.getValue().strip();
        var m = SECRET_REF.matcher(v);
        if (!m.matches()) {
            boolean hasRef = SECRET_REF.matcher(v).find();
            ctx.error(s, "inline-secret", "'" + where + "' holds " + (hasRef ? "more than a secret reference" : "an inline value")
                            + "; never inline secrets",
                    "store the value with `./dovetail secret set <name>` (or set DOVETAIL_SECRET_<NAME>) and write '"
                            + where.substring(where.lastIndexOf('.') + 1) + ": ${secret:<name>}'");
            return null;
        }
        return ctx.run.placeholders.secret(ctx, s, m.group(1));
    }

    // ---- structures -----------------------------------------------------------------------------

    Obj obj(String key, boolean required, String example) {
        var v = get(key, required, example);
        return v == null ? null : of(ctx, v, at(key));
    }

    /** A list's items, or null (with a wrong-type problem). */
    List<Node> list(String key, boolean required, String example) {
        var v = get(key, required, example);
        if (v == null) return null;
        if (v instanceof SequenceNode seq) return seq.getValue();
        ctx.error(v, "wrong-type", "'" + at(key) + "' must be a list, not " + describe(v), example == null ? "" : "e.g. " + example);
        return null;
    }

    /** A list of texts (a single text is accepted as a list of one when {@code single} is true). */
    List<String> texts(String key, boolean required, boolean single, String example) {
        var v = get(key, required, example);
        if (v == null) return null;
        if (single && v instanceof ScalarNode s) return List.of(s.getValue());
        var items = list(key, required, example);
        if (items == null) return null;
        var out = new ArrayList<String>();
        for (var item : items) {
            if (item instanceof ScalarNode s) out.add(s.getValue());
            else ctx.error(item, "wrong-type", "items of '" + at(key) + "' must be single values, not " + describe(item), "");
        }
        return out;
    }

    /** A map of text values (placeholders resolved when {@code interpolate}). */
    Map<String, String> textMap(String key, boolean interpolate) {
        var o = obj(key, false, null);
        var out = new LinkedHashMap<String, String>();
        if (o == null) return out;
        for (var t : o.tuples()) {
            var k = ((ScalarNode) t.getKeyNode()).getValue();
            if (t.getValueNode() instanceof ScalarNode s) {
                var v = interpolate ? ctx.run.placeholders.resolve(ctx, s) : s.getValue();
                if (v != null) out.putIfAbsent(k, v);
            } else {
                ctx.error(t.getValueNode(), "wrong-type", "'" + o.at(k) + "' must be a single value, not " + describe(t.getValueNode()), "");
            }
        }
        return out;
    }

    // ---- JSON-like conversion --------------------------------------------------------------------

    /** A YAML node as JSON-like Java values: Map, List, String, Integer/Long/BigInteger, Double, Boolean, null. */
    static Object plain(Node node) {
        if (node instanceof ScalarNode s) return scalarValue(s);
        if (node instanceof SequenceNode seq) {
            var out = new ArrayList<Object>();
            for (var item : seq.getValue()) out.add(plain(item));
            return out;
        }
        var out = new LinkedHashMap<String, Object>();
        for (var t : ((MappingNode) node).getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) out.putIfAbsent(k.getValue(), plain(t.getValueNode()));
        }
        return out;
    }

    static Object scalarValue(ScalarNode s) {
        var v = s.getValue();
        var tag = s.getTag();
        try {
            if (tag.equals(Tag.NULL)) return null;
            if (tag.equals(Tag.BOOL)) return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "y" -> Boolean.TRUE;
                default -> Boolean.FALSE;
            };
            if (tag.equals(Tag.INT)) {
                var b = new BigInteger(v.replace("_", "").replace("+", ""));
                if (b.bitLength() < 32) return b.intValue();
                if (b.bitLength() < 64) return b.longValue();
                return b;
            }
            if (tag.equals(Tag.FLOAT)) return Double.valueOf(v.replace("_", ""));
        } catch (NumberFormatException e) {
            return v;
        }
        return v;
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) return "a map";
        if (node instanceof SequenceNode) return "a list";
        if (node instanceof ScalarNode s) {
            if (s.getTag().equals(Tag.NULL)) return "nothing";
            if (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT)) return "the number " + s.getValue();
            if (s.getTag().equals(Tag.BOOL)) return "the value " + s.getValue();
            return "the text '" + s.getValue() + "'";
        }
        return "something else";
    }

    static String keyText(NodeTuple t) {
        return ((ScalarNode) t.getKeyNode()).getValue();
    }
}
