package dev.dovetail.mapping;

import static java.util.Objects.requireNonNull;

import dev.dovetail.model.Mapping;
import dev.dovetail.model.Settings;
import dev.dovetail.model.ValueMap;
import dev.dovetail.model.Workspace;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Evaluates a workspace's JSONata mappings with Dovetail's functions ({@code $valuemap}, dates, money,
 * Chinese text), a time limit and a depth limit.
 *
 * <p>Every mapping is parsed once, when the engine is built. An engine is immutable and safe to use
 * from many threads at once. Evaluation never throws for a bad expression or bad data: it returns a
 * {@link MappingResult.Failure}.
 */
public final class MappingEngine {
    private static final int MAX_CACHED_EXPRESSIONS = 512;
    private static final Pattern BINDING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, Compiled> mappings;
    private final DovetailFunctions functions;
    private final ZoneId zone;
    private final MappingLimits limits;
    private final Map<String, Compiled> expressions = new ConcurrentHashMap<>();

    /**
     * @param zone   the zone dates without an offset are read in ({@code $parseDate}, {@code $formatDate} of a local value)
     * @param limits applied to every evaluation
     */
    public MappingEngine(Collection<Mapping> mappings, Collection<ValueMap> valueMaps, ZoneId zone, MappingLimits limits) {
        this.zone = requireNonNull(zone, "zone");
        this.limits = requireNonNull(limits, "limits");
        var maps = new LinkedHashMap<String, ValueMap>();
        for (ValueMap map : valueMaps) maps.put(map.name(), map);
        this.functions = new DovetailFunctions(maps, zone);
        var compiled = new LinkedHashMap<String, Compiled>();
        for (Mapping mapping : mappings) {
            compiled.put(mapping.name(), Compiled.compile(Optional.of(mapping.name()), mapping.expression(), functions));
        }
        this.mappings = Map.copyOf(compiled);
    }

    /**
     * An engine for a loaded workspace: its mappings and value maps, its time zone
     * ({@code dovetail.yaml: timezone}, UTC when absent) and its limits ({@code dovetail.yaml: mapping}).
     */
    public static MappingEngine of(Workspace workspace) {
        Settings settings = workspace.settings();
        ZoneId zone = settings.timezone() == null ? ZoneOffset.UTC : settings.timezone();
        Settings.MappingLimits configured = settings.mapping();
        MappingLimits limits = configured == null ? MappingLimits.DEFAULT : new MappingLimits(configured.timeout(), configured.maxDepth());
        return new MappingEngine(workspace.mappings().values(), workspace.valueMaps().values(), zone, limits);
    }

    /** Evaluates the mapping named {@code mappingName} (e.g. {@code erp/order.out}) on a JSON-like input. */
    public MappingResult evaluate(String mappingName, Object input) {
        Compiled compiled = mappingName == null ? null : mappings.get(mappingName);
        if (compiled == null) {
            return new MappingResult.Failure(Codes.UNKNOWN_MAPPING, "there is no mapping '" + mappingName + "' (mappings/" + mappingName
                    + ".jsonata); known mappings: " + JsonValues.list(mappings.keySet().stream().sorted().toList()),
                    Optional.ofNullable(mappingName), Optional.empty());
        }
        return compiled.evaluate(input, limits);
    }

    /**
     * Evaluates an inline JSONata expression (a flow's filter, a choice condition, the mapping
     * playground) with the same functions and limits. Recently used expressions stay parsed.
     *
     * @throws NullPointerException if {@code jsonata} is null (every other problem is a {@link MappingResult.Failure})
     */
    public MappingResult evaluateExpression(String jsonata, Object input) {
        requireNonNull(jsonata, "jsonata");
        return compiledExpression(jsonata).evaluate(input, limits);
    }

    private Compiled compiledExpression(String jsonata) {
        Compiled compiled = expressions.get(jsonata);
        if (compiled == null) {
            compiled = Compiled.compile(Optional.empty(), jsonata, functions);
            if (expressions.size() >= MAX_CACHED_EXPRESSIONS) expressions.clear();
            expressions.put(jsonata, compiled);
        }
        return compiled;
    }

    /**
     * Like {@link #evaluateExpression(String, Object)}, with extra variables bound for the expression: a
     * binding {@code answer} is read as {@code $answer} (a flow's enrich step merges an operation's answer
     * this way). Binding values are JSON-like, like the input.
     *
     * @throws NullPointerException     if {@code jsonata} or {@code bindings} is null
     * @throws IllegalArgumentException if a binding name is not a JSONata variable name ({@code [A-Za-z_][A-Za-z0-9_]*})
     */
    public MappingResult evaluateExpression(String jsonata, Object input, Map<String, ?> bindings) {
        requireNonNull(bindings, "bindings");
        for (String name : bindings.keySet()) {
            if (name == null || !BINDING_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a JSONata variable name: " + name);
            }
        }
        requireNonNull(jsonata, "jsonata");
        return compiledExpression(jsonata).evaluate(input, bindings, limits);
    }

    /** The names of the mappings this engine knows. */
    public Set<String> mappingNames() {
        return mappings.keySet();
    }

    /** Mappings that did not parse; evaluating one of them returns the same failure. */
    public List<MappingResult.Failure> compileFailures() {
        return mappings.values().stream().flatMap(c -> c.syntaxError().stream()).toList();
    }

    public ZoneId zone() {
        return zone;
    }

    public MappingLimits limits() {
        return limits;
    }
}
