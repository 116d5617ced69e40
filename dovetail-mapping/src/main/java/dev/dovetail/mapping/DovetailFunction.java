package dev.dovetail.mapping;

import com.dashjoin.jsonata.Jsonata;
import java.util.ArrayList;
import java.util.List;

/**
 * A function Dovetail adds to JSONata. Checks its own arguments so that every mistake is reported in
 * words naming the function ({@code $valuemap: ...}) rather than JSONata's generic signature errors.
 * The JSONata signature given to jsonata-java is deliberately permissive ({@code x} = any type); it only
 * tells higher-order functions such as {@code $map} how many arguments to pass.
 */
abstract class DovetailFunction extends Jsonata.JFunction {
    final String name;
    private final int minArgs;
    private final int maxArgs;
    private final boolean contextArgument;
    private final String usage;

    /**
     * @param contextArgument when called without arguments, use the context value as the only argument
     *                        (so {@code name.$trimAll()} works like {@code $trimAll(name)})
     * @param usage           how to call it, for error messages, e.g. {@code $valuemap(name, value[, default])}
     */
    DovetailFunction(String name, int minArgs, int maxArgs, boolean contextArgument, String signature, String usage) {
        this(new DovetailFunction[1], name, minArgs, maxArgs, contextArgument, signature, usage);
    }

    private DovetailFunction(DovetailFunction[] self, String name, int minArgs, int maxArgs, boolean contextArgument, String signature, String usage) {
        super((input, args) -> self[0].invoke(args), signature);
        self[0] = this;
        this.name = name;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.contextArgument = contextArgument;
        this.usage = usage;
    }

    /** The function body; arguments are checked for count, JSONata's "undefined" arrives as null. */
    abstract Object apply(List<Object> args);

    @Override
    public Object validate(Object args, Object context) {
        List<Object> list = args instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        if (list.isEmpty() && contextArgument && minArgs > 0) list.add(context);
        return list;
    }

    private Object invoke(List<?> args) {
        List<Object> list = new ArrayList<>(args == null ? List.of() : args);
        if (list.size() < minArgs || list.size() > maxArgs) {
            throw DovetailError.badArgument(name, "expects " + arity() + ", got " + list.size() + "; use " + usage);
        }
        try {
            return apply(list);
        } catch (DovetailError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DovetailError(Codes.ENGINE_ERROR, "$" + name + ": unexpected error: " + e);
        }
    }

    private String arity() {
        if (minArgs == maxArgs) return minArgs + (minArgs == 1 ? " argument" : " arguments");
        if (maxArgs == minArgs + 1) return minArgs + " or " + maxArgs + " arguments";
        return minArgs + " to " + maxArgs + " arguments";
    }
}
