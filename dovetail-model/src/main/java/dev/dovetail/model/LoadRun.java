package dev.dovetail.model;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** One load of one workspace folder: finds the files, reads each kind, checks references, collects every problem. */
final class LoadRun {
    static final long MAX_FILE_SIZE = 5L * 1024 * 1024;
    static final long MAX_EXPANDED_NODES = 200_000;
    static final List<String> FOLDERS = List.of("systems", "model", "mappings", "valuemaps", "flows", "syncs", "processes", "routes", "dashboards", "tests");

    final Path root;
    final Environment environment;
    final ExpressionSyntax syntax;
    final List<Problem> problems = new ArrayList<>();
    final Index index = new Index();
    final Placeholders placeholders;
    private final Map<String, byte[]> contents = new TreeMap<>();
    private SecretStore store;

    LoadRun(Path root, Environment environment, ExpressionSyntax syntax) {
        this.root = root;
        this.environment = environment;
        this.syntax = syntax;
        this.placeholders = new Placeholders(environment, name -> store == null ? Optional.empty() : store.get(name));
    }

    WorkspaceLoad load() {
        if (!Files.isDirectory(root)) {
            problems.add(Problem.error(".", 0, 0, "missing-folder", "workspace folder " + root + " does not exist or is not a folder",
                    "pass the folder that contains dovetail.yaml"));
            return WorkspaceLoad.rejected(new ValidationReport(problems));
        }
        List<String> files;
        try {
            files = listFiles();
        } catch (IOException e) {
            problems.add(Problem.error(".", 0, 0, "read-error", "cannot list the workspace folder: " + e.getMessage(), ""));
            return WorkspaceLoad.rejected(new ValidationReport(problems));
        }

        // dovetail.yaml first: it names the secret store every other file may need
        Settings settings = null;
        String storeFile = null;
        if (!files.contains("dovetail.yaml")) {
            problems.add(Problem.error("dovetail.yaml", 0, 0, "missing-file", "the workspace has no dovetail.yaml",
                    "create dovetail.yaml with at least 'name: my-workspace'"));
        } else {
            var ctx = yamlCtx("dovetail.yaml", true);
            if (ctx != null) {
                var rootNode = parseYaml(ctx);
                if (rootNode != null) {
                    var read = guard(ctx, () -> SettingsReader.read(ctx, rootNode, this));
                    if (read != null) {
                        settings = read.settings();
                        storeFile = read.storeFile();
                    }
                }
            }
        }
        var storeRel = storeFile;
        if (storeRel != null) files.remove(storeRel);

        var byKind = classify(files);
        var version = version(files);

        // value maps and mappings: their names are known before anything refers to them
        for (var f : byKind.get("valuemaps")) index.valueMaps.add(baseName(f, ".csv"));
        for (var f : byKind.get("mappings")) index.mappings.add(mappingName(f));
        var valueMaps = new TreeMap<String, ValueMap>();
        for (var f : byKind.get("valuemaps")) {
            var name = baseName(f, ".csv");
            var ctx = textCtx(f, false);
            if (ctx == null || !checkFileName(ctx, name, Names.KEBAB, Names.KEBAB_RULE)) continue;
            var vm = guard(ctx, () -> Csv.read(ctx, name));
            if (vm != null) valueMaps.put(name, vm);
        }
        var mappings = new TreeMap<String, Mapping>();
        for (var f : byKind.get("mappings")) {
            var name = mappingName(f);
            var ctx = textCtx(f, false);
            if (ctx == null) continue;
            for (var segment : name.split("/")) {
                if (!Names.MAPPING_SEGMENT.matcher(segment).matches()) {
                    ctx.error(0, 0, "bad-name", "mapping name '" + name + "' has a bad part '" + segment + "'",
                            "use letters, digits, '.', '_' and '-' in folder and file names below mappings/");
                }
            }
            ctx.checkExpressionFile("mapping '" + name + "'");
            mappings.put(name, new Mapping(name, f, ctx.text));
        }

        // systems: pre-registered by file name so a broken file causes no follow-on "unknown system" noise
        for (var f : byKind.get("systems")) index.systems.putIfAbsent(yamlBase(f), new Index.SystemInfo());
        var systems = new TreeMap<String, SystemDef>();
        readAll(byKind.get("systems"), true, (ctx, node, name) -> SystemReader.read(ctx, node, name, index.systems.get(name)))
                .forEach(d -> systems.put(d.name(), d));

        for (var f : byKind.get("model")) {
            var info = new Index.EntityInfo();
            index.entities.putIfAbsent(pascal(yamlBase(f)), info);
        }
        var entities = new TreeMap<String, EntityDef>();
        readAll(byKind.get("model"), true, (ctx, node, name) -> EntityReader.read(ctx, node, name))
                .forEach(d -> entities.put(d.name(), d));

        var flows = new TreeMap<String, FlowDef>();
        readAll(byKind.get("flows"), true, FlowReader::read).forEach(d -> flows.put(d.name(), d));
        var syncs = new TreeMap<String, SyncDef>();
        readAll(byKind.get("syncs"), true, SyncReader::read).forEach(d -> syncs.put(d.name(), d));
        var processes = new TreeMap<String, ProcessDef>();
        var usedBpmn = new TreeSet<String>();
        readAll(byKind.get("processes").stream().filter(f -> !f.endsWith(".bpmn")).toList(), true,
                (ctx, node, name) -> ProcessReader.read(ctx, node, name, this, usedBpmn)).forEach(d -> processes.put(d.name(), d));
        for (var f : byKind.get("processes")) {
            if (f.endsWith(".bpmn") && !usedBpmn.contains(f)) {
                problems.add(Problem.warning(f, 0, 0, "unused-file", "no process binding names this BPMN file",
                        "add processes/<name>.yaml with 'bpmn: " + f.substring("processes/".length()) + "'"));
            }
        }
        var routes = new TreeMap<String, RouteDef>();
        for (var f : byKind.get("routes")) {
            var name = f.substring("routes/".length(), f.length() - ".camel.yaml".length());
            var ctx = yamlCtx(f, false);
            if (ctx == null || !checkFileName(ctx, name, Names.KEBAB, Names.KEBAB_RULE)) continue;
            var node = parseYaml(ctx);
            if (node == null) continue;
            var r = guard(ctx, () -> RouteReader.read(ctx, node, name));
            if (r != null) routes.put(name, r);
        }
        var dashboards = new TreeMap<String, DashboardDef>();
        readAll(byKind.get("dashboards"), true, DashboardReader::read).forEach(d -> dashboards.put(d.name(), d));
        var fixtures = new ArrayList<Fixture>();
        for (var f : byKind.get("tests")) {
            var ctx = yamlCtx(f, false);
            if (ctx == null) continue;
            var node = parseYaml(ctx);
            if (node == null) continue;
            var list = guard(ctx, () -> FixtureReader.read(ctx, node));
            if (list != null) fixtures.addAll(list);
        }

        var report = new ValidationReport(problems);
        if (report.hasErrors() || settings == null) return WorkspaceLoad.rejected(report);
        return WorkspaceLoad.loaded(new Workspace(root, version, settings, systems, entities, mappings, valueMaps, flows, syncs,
                processes, routes, dashboards, fixtures), report);
    }

    // ---- files -----------------------------------------------------------------------------------

    interface YamlReader<T> {
        T read(Ctx ctx, Node root, String name);
    }

    /** Reads flat {@code <folder>/<name>.yaml} files of one kind; names must be kebab-case. */
    private <T> List<T> readAll(List<String> files, boolean interpolate, YamlReader<T> reader) {
        var out = new ArrayList<T>();
        for (var f : files) {
            var name = yamlBase(f);
            var ctx = yamlCtx(f, interpolate);
            if (ctx == null || !checkFileName(ctx, name, Names.KEBAB, Names.KEBAB_RULE)) continue;
            var node = parseYaml(ctx);
            if (node == null) continue;
            var def = guard(ctx, () -> reader.read(ctx, node, name));
            if (def != null) out.add(def);
        }
        return out;
    }

    private boolean checkFileName(Ctx ctx, String name, java.util.regex.Pattern rule, String ruleText) {
        if (rule.matcher(name).matches()) return true;
        ctx.error(0, 0, "bad-name", "file name '" + name + "' breaks the naming rule: " + ruleText,
                "rename the file, e.g. to " + name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-"));
        return false;
    }

    /** Runs a reader; a bug in it becomes a problem for that file instead of an exception for the caller. */
    private <T> T guard(Ctx ctx, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (RuntimeException e) {
            ctx.error(0, 0, "internal-error", "the file could not be checked: " + e, "please report this as a Dovetail bug");
            return null;
        }
    }

    private List<String> listFiles() throws IOException {
        var out = new ArrayList<String>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && dir.getFileName().toString().startsWith(".")) return FileVisitResult.SKIP_SUBTREE;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(".")) out.add(relative(file));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                problems.add(Problem.error(relative(file), 0, 0, "read-error", "cannot read: " + e.getMessage(), ""));
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(out);
        return out;
    }

    String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private Map<String, List<String>> classify(List<String> files) {
        var byKind = new LinkedHashMap<String, List<String>>();
        for (var folder : FOLDERS) byKind.put(folder, new ArrayList<>());
        var unknownFolders = new TreeSet<String>();
        for (var f : files) {
            int slash = f.indexOf('/');
            if (slash < 0) {
                if (!f.equals("dovetail.yaml") && (f.endsWith(".yaml") || f.endsWith(".yml"))) {
                    problems.add(Problem.warning(f, 0, 0, "ignored-file", "only dovetail.yaml is read at the top of a workspace",
                            f.startsWith("dovetail.") ? "rename it to dovetail.yaml" : "move it into the folder of its kind (systems/, flows/, ...)"));
                }
                continue;
            }
            var folder = f.substring(0, slash);
            var rest = f.substring(slash + 1);
            boolean nested = rest.contains("/");
            boolean yaml = rest.endsWith(".yaml") || rest.endsWith(".yml");
            String why = null;
            switch (folder) {
                case "mappings" -> {
                    if (rest.endsWith(".jsonata")) byKind.get(folder).add(f);
                    else why = "mapping files end in .jsonata";
                }
                case "tests" -> {
                    if (yaml) byKind.get(folder).add(f);
                    else why = "test files end in .yaml";
                }
                case "valuemaps" -> {
                    if (!nested && rest.endsWith(".csv")) byKind.get(folder).add(f);
                    else why = "value maps are valuemaps/<name>.csv";
                }
                case "routes" -> {
                    if (!nested && rest.endsWith(".camel.yaml")) byKind.get(folder).add(f);
                    else why = "routes are routes/<name>.camel.yaml";
                }
                case "processes" -> {
                    if (!nested && (yaml || rest.endsWith(".bpmn"))) byKind.get(folder).add(f);
                    else why = "processes are processes/<name>.yaml with a .bpmn file beside it";
                }
                case "systems", "model", "flows", "syncs", "dashboards" -> {
                    if (!nested && yaml) byKind.get(folder).add(f);
                    else why = "files here are " + folder + "/<name>.yaml";
                }
                default -> {
                    if (unknownFolders.add(folder)) {
                        problems.add(Problem.warning(folder + "/", 0, 0, "unknown-folder", "folder '" + folder + "' is not part of the workspace format; its files are ignored",
                                Names.suggest(folder, FOLDERS).map(s -> "did you mean '" + s + "'?").orElse("known folders: " + String.join(", ", FOLDERS))));
                    }
                }
            }
            if (why != null) problems.add(Problem.warning(f, 0, 0, "ignored-file", "file is not read: " + why, ""));
        }
        // two files for one name (crm.yaml and crm.yml)
        for (var folder : List.of("systems", "model", "flows", "syncs", "dashboards")) {
            var seen = new TreeMap<String, String>();
            for (var it = byKind.get(folder).iterator(); it.hasNext(); ) {
                var f = it.next();
                var first = seen.putIfAbsent(yamlBase(f), f);
                if (first != null) {
                    problems.add(Problem.error(f, 0, 0, "duplicate-name", "'" + yamlBase(f) + "' is defined twice: " + first + " and " + f, "keep one file"));
                    it.remove();
                }
            }
        }
        return byKind;
    }

    private String version(List<String> files) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (var f : files) {
                var bytes = bytes(f);
                if (bytes == null) continue;
                digest.update(f.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's bytes (cached), or null when unreadable or too large (reported once). */
    byte[] bytes(String rel) {
        if (contents.containsKey(rel)) return contents.get(rel);
        byte[] b = null;
        try {
            var path = root.resolve(rel);
            if (Files.size(path) > MAX_FILE_SIZE) {
                problems.add(Problem.error(rel, 0, 0, "file-too-large", "file is larger than " + MAX_FILE_SIZE / (1024 * 1024) + " MB", "split it"));
            } else {
                b = Files.readAllBytes(path);
            }
        } catch (IOException e) {
            problems.add(Problem.error(rel, 0, 0, "read-error", "cannot read: " + e.getMessage(), ""));
        }
        contents.put(rel, b);
        return b;
    }

    /** Strict UTF-8 (a BOM is dropped); null with a problem when the bytes are not UTF-8. */
    Ctx textCtx(String rel, boolean interpolate) {
        var b = bytes(rel);
        if (b == null) return null;
        try {
            var text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            return new Ctx(this, rel, text, interpolate);
        } catch (CharacterCodingException e) {
            int line = 1;
            var lenient = new String(b, StandardCharsets.UTF_8);
            int bad = lenient.indexOf('\uFFFD');
            for (int i = 0; i < bad; i++) if (lenient.charAt(i) == '\n') line++;
            problems.add(Problem.error(rel, bad < 0 ? 0 : line, 0, "bad-encoding", "file is not UTF-8 text",
                    "save it as UTF-8 (for a CSV from Excel: 'CSV UTF-8'); GBK files must be converted"));
            return null;
        }
    }

    Ctx yamlCtx(String rel, boolean interpolate) {
        return textCtx(rel, interpolate);
    }

    /** The YAML document as nodes (keeping every position), or null with a problem; duplicate keys are reported. */
    Node parseYaml(Ctx ctx) {
        var options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(100);
        options.setCodePointLimit((int) MAX_FILE_SIZE);
        Node node;
        try {
            node = new Yaml(options).compose(new StringReader(ctx.text));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            var problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            var contextMark = e.getContextMark();
            var context = e.getContext() == null ? "" : " (" + e.getContext()
                    + (contextMark != null && mark != null && contextMark.getLine() != mark.getLine() ? " that starts at line " + (contextMark.getLine() + 1) : "") + ")";
            if (problem != null && problem.contains("another document")) {
                ctx.error(mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, "yaml-syntax",
                        "a workspace file holds one YAML document, and a second one starts here", "remove the '---' line or move the second document to its own file");
                return null;
            }
            ctx.error(mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, "yaml-syntax",
                    "YAML syntax: " + problem + context, yamlHint(problem));
            return null;
        } catch (YAMLException e) {
            ctx.error(0, 0, "yaml-syntax", "YAML: " + e.getMessage(), "");
            return null;
        }
        if (node == null) {
            ctx.error(0, 0, "empty-file", "file is empty", "");
            return null;
        }
        if (expandedSize(node, new IdentityHashMap<>()) > MAX_EXPANDED_NODES) {
            ctx.error(0, 0, "file-too-large", "the file expands to more than " + MAX_EXPANDED_NODES + " values through YAML aliases",
                    "write the values out instead of nesting aliases (*name)");
            return null;
        }
        checkDuplicates(ctx, node, Collections.newSetFromMap(new IdentityHashMap<>()));
        return node;
    }

    /** How many values the node stands for once aliases are expanded (each shared node counted at every use). */
    private static long expandedSize(Node node, IdentityHashMap<Node, Long> memo) {
        var known = memo.get(node);
        if (known != null) return known;
        memo.put(node, 1L); // a recursive alias counts once
        long size = 1;
        if (node instanceof MappingNode m) {
            for (var t : m.getValue()) size += expandedSize(t.getKeyNode(), memo) + expandedSize(t.getValueNode(), memo);
        } else if (node instanceof SequenceNode s) {
            for (var item : s.getValue()) size += expandedSize(item, memo);
        }
        size = Math.min(size, Long.MAX_VALUE / 4);
        memo.put(node, size);
        return size;
    }

    private static String yamlHint(String problem) {
        if (problem == null) return "";
        if (problem.toLowerCase(java.util.Locale.ROOT).contains("tab")) return "indent with spaces, not tabs";
        if (problem.contains("mapping values are not allowed")) return "a value containing ': ' must be quoted, or the indentation is off";
        if (problem.contains("could not find expected ':'")) return "a key needs ':' after it; check indentation and quotes";
        if (problem.contains("found character '@'") || problem.contains("found character '`'")) return "quote values that start with @ or `";
        return "check the indentation and quoting near this place";
    }

    private static void checkDuplicates(Ctx ctx, Node node, Set<Node> seen) {
        if (!seen.add(node)) return;
        if (node instanceof MappingNode m) {
            var keys = new java.util.HashMap<String, Node>();
            for (var t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    var first = keys.putIfAbsent(k.getValue(), k);
                    if (first != null) {
                        ctx.error(k, "duplicate-key", "key '" + k.getValue() + "' appears twice in the same map (first at line "
                                + (first.getStartMark().getLine() + 1) + ")", "remove or merge one of them");
                    }
                }
                checkDuplicates(ctx, t.getValueNode(), seen);
            }
        } else if (node instanceof SequenceNode s) {
            for (var item : s.getValue()) checkDuplicates(ctx, item, seen);
        }
    }

    // ---- secrets ---------------------------------------------------------------------------------

    /** Opens the workspace's secret store; problems go to {@code at}. Called by the settings reader. */
    void openStore(Ctx ctx, Node at, Path file) {
        placeholders.storeNote = "";
        if (!Files.exists(file)) {
            placeholders.storeNote = " (the secret store " + relative(file) + " does not exist yet)";
            return;
        }
        var key = environment.variable(SecretStore.MASTER_KEY_VARIABLE);
        if (key.isEmpty() || key.get().isBlank()) {
            placeholders.storeNote = " (the secret store is not opened: " + SecretStore.MASTER_KEY_VARIABLE + " is not set)";
            return;
        }
        try {
            store = SecretStore.open(file, key.get());
        } catch (SecretStoreException e) {
            ctx.error(at, "secret-store", "cannot open the secret store: " + e.getMessage(),
                    "check " + SecretStore.MASTER_KEY_VARIABLE + "; it must be the key the store was created with");
            placeholders.storeNote = " (the secret store could not be opened)";
        }
    }

    // ---- references ------------------------------------------------------------------------------

    void refMapping(Ctx ctx, ScalarNode at, String where) {
        var name = at.getValue();
        if (!index.mappings.contains(name)) {
            var hint = Names.didYouMean(name, index.mappings);
            if (name.endsWith(".jsonata")) hint = "write the name without .jsonata: " + name.substring(0, name.length() - 8);
            ctx.error(at, "unknown-mapping", "'" + where + "' names mapping '" + name + "', but there is no mappings/" + name + ".jsonata", hint);
        }
    }

    Index.SystemInfo refSystem(Ctx ctx, Node at, String name, String where) {
        var info = index.systems.get(name);
        if (info == null) {
            ctx.error(at, "unknown-system", "'" + where + "' names system '" + name + "', but there is no systems/" + name + ".yaml",
                    Names.didYouMean(name, index.systems.keySet()));
        }
        return info;
    }

    OperationRef refOperation(Ctx ctx, ScalarNode at, String where) {
        var parts = split(ctx, at, where, "<system>.<operation>", "erp.createSalesOrder");
        if (parts == null) return null;
        var info = refSystem(ctx, at, parts[0], where);
        if (info == null) return null;
        if (info.readable && !info.operations.containsKey(parts[1])) {
            ctx.error(at, "unknown-operation", "'" + where + "': system '" + parts[0] + "' has no operation '" + parts[1] + "'",
                    Names.didYouMean(parts[1], info.operations.keySet()));
            return null;
        }
        return new OperationRef(parts[0], parts[1]);
    }

    EventRef refEvent(Ctx ctx, ScalarNode at, String where) {
        var parts = split(ctx, at, where, "<system>.<event>", "crm.order-won");
        if (parts == null) return null;
        var info = refSystem(ctx, at, parts[0], where);
        if (info == null) return null;
        if (info.readable && !info.events.contains(parts[1])) {
            ctx.error(at, "unknown-event", "'" + where + "': system '" + parts[0] + "' has no event '" + parts[1] + "'",
                    Names.didYouMean(parts[1], info.events));
            return null;
        }
        return new EventRef(parts[0], parts[1]);
    }

    private static String[] split(Ctx ctx, ScalarNode at, String where, String shape, String example) {
        var v = at.getValue().strip();
        int dot = v.indexOf('.');
        if (dot <= 0 || dot == v.length() - 1) {
            ctx.error(at, "bad-value", "'" + where + "' is '" + v + "'; write " + shape, "e.g. " + example);
            return null;
        }
        return new String[] {v.substring(0, dot), v.substring(dot + 1)};
    }

    /** Warns that deliveries to a POST operation without an idempotency header may be repeated. */
    void warnAtLeastOnce(Ctx ctx, Node at, OperationRef ref) {
        var info = index.systems.get(ref.system());
        if (info == null) return;
        var op = info.operations.get(ref.operation());
        if (op != null && "POST".equals(op.method()) && !op.idempotencyHeader()) {
            ctx.warning(at, "at-least-once", "delivery to " + ref + " is at-least-once: the operation is a POST without an idempotencyHeader",
                    "declare 'idempotencyHeader' on systems/" + ref.system() + ".yaml operations." + ref.operation()
                            + " if the system honours one (a soap system may instead name the body element that carries the key in options.idempotencyElement);"
                            + " otherwise a retry after a lost answer can create a duplicate");
        }
    }

    // ---- names -----------------------------------------------------------------------------------

    static String yamlBase(String rel) {
        var file = rel.substring(rel.lastIndexOf('/') + 1);
        return file.endsWith(".yaml") ? file.substring(0, file.length() - 5) : file.endsWith(".yml") ? file.substring(0, file.length() - 4) : file;
    }

    static String baseName(String rel, String extension) {
        var file = rel.substring(rel.lastIndexOf('/') + 1);
        return file.substring(0, file.length() - extension.length());
    }

    static String mappingName(String rel) {
        return rel.substring("mappings/".length(), rel.length() - ".jsonata".length());
    }

    /** {@code sales-order} → {@code SalesOrder}. */
    static String pascal(String kebab) {
        var out = new StringBuilder();
        for (var part : kebab.split("-")) {
            if (!part.isEmpty()) out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }
}
