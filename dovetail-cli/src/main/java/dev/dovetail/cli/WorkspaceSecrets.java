package dev.dovetail.cli;

import dev.dovetail.model.SecretStore;
import dev.dovetail.model.SecretStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The encrypted secret store a workspace names in {@code dovetail.yaml} ({@code secrets: {store: FILE}}),
 * found without loading the rest of the workspace: a workspace that refers to a secret not set yet is
 * invalid, and setting that secret must still work.
 */
final class WorkspaceSecrets {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

    private WorkspaceSecrets() {}

    /** The store file named by the workspace in {@code root}, resolved against it; empty when it names none. */
    static Optional<Path> storeFile(Path root, Map<String, String> env) {
        Path settings = root.resolve("dovetail.yaml");
        if (!Files.isRegularFile(settings)) {
            throw CliFailure.usage(root + " is not a workspace: it has no dovetail.yaml");
        }
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(settings));
        } catch (IOException | YAMLException e) {
            throw CliFailure.usage("cannot read " + settings + " (" + firstLine(e.getMessage()) + "); `dovetail validate` shows where");
        }
        if (document instanceof Map<?, ?> top && top.get("secrets") instanceof Map<?, ?> secrets
                && secrets.get("store") instanceof String store && !store.isBlank()) {
            return Optional.of(root.resolve(interpolate(store.strip(), env)).normalize());
        }
        return Optional.empty();
    }

    /** The store named by the workspace, opened with the master key from the environment; usage errors otherwise. */
    static SecretStore open(Path root, Map<String, String> env) {
        Path file = storeFile(root, env).orElseThrow(() -> CliFailure.usage(root.resolve("dovetail.yaml")
                + " names no secret store; add one, e.g.\n  secrets:\n    store: secrets.store"));
        String key = env.get(SecretStore.MASTER_KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            throw CliFailure.usage(SecretStore.MASTER_KEY_VARIABLE + " is not set: it holds the key of the secret store "
                    + file + ".\n  Make a new key with `dovetail secret keygen` and keep it safe (without it the secrets cannot be read).");
        }
        try {
            return SecretStore.open(file, key);
        } catch (SecretStoreException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }

    private static String interpolate(String text, Map<String, String> env) {
        Matcher m = PLACEHOLDER.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) value = m.group(2);
            if (value == null) throw CliFailure.usage("secrets.store in dovetail.yaml uses ${" + m.group(1) + "}, which is not set");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String firstLine(String message) {
        if (message == null) return "unreadable";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
