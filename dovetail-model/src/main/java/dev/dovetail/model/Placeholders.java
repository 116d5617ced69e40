package dev.dovetail.model;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Resolves {@code ${NAME}}, {@code ${NAME:default}} (environment) and {@code ${secret:name}} (secret) in YAML
 * scalars; a doubled dollar ($${) gives a literal "${". Every unresolvable placeholder is reported.
 */
final class Placeholders {
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final Environment environment;
    private final Function<String, Optional<String>> storeSecrets;
    /** Why the configured store could not be used, for hints; empty when it could (or none is configured). */
    String storeNote = " (or name an encrypted store in dovetail.yaml: secrets.store)";

    Placeholders(Environment environment, Function<String, Optional<String>> storeSecrets) {
        this.environment = environment;
        this.storeSecrets = storeSecrets;
    }

    /** The scalar's text with placeholders resolved, or null when one could not be (each reported). */
    String resolve(Ctx ctx, ScalarNode node) {
        var text = node.getValue();
        if (!ctx.interpolate || text.indexOf('$') < 0) return text;
        var out = new StringBuilder(text.length());
        boolean ok = true;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    ctx.error(node, "bad-placeholder", "unterminated placeholder in '" + text + "'",
                            "close it with '}', or write $${ for a literal ${");
                    return null;
                }
                var body = text.substring(i + 2, end);
                String value;
                if (body.startsWith("secret:")) {
                    var secret = secret(ctx, node, body.substring("secret:".length()));
                    value = secret == null ? null : secret.reveal();
                } else {
                    value = variable(ctx, node, body);
                }
                if (value == null) ok = false;
                else out.append(value);
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return ok ? out.toString() : null;
    }

    private String variable(Ctx ctx, ScalarNode node, String body) {
        int colon = body.indexOf(':');
        var name = colon < 0 ? body : body.substring(0, colon);
        if (!VARIABLE.matcher(name).matches()) {
            ctx.error(node, "bad-placeholder", "'${" + body + "}' does not name an environment variable",
                    "write ${NAME} or ${NAME:default}; for a secret ${secret:name}");
            return null;
        }
        var value = environment.variable(name);
        if (value.isPresent()) return value.get();
        if (colon >= 0) return body.substring(colon + 1);
        ctx.error(node, "unset-variable", "environment variable " + name + " is not set and '${" + name + "}' has no default",
                "set " + name + " or give a default: ${" + name + ":value}");
        return null;
    }

    /** Resolves a secret by name from the environment and then the store; null (reported) when neither has it. */
    Secret secret(Ctx ctx, ScalarNode node, String name) {
        if (!SecretStore.NAME.matcher(name).matches()) {
            ctx.error(node, "bad-placeholder", "'${secret:" + name + "}' is not a valid secret name",
                    "secret names use letters, digits, '.', '_' and '-'");
            return null;
        }
        var value = environment.secret(name).or(() -> storeSecrets.apply(name));
        if (value.isPresent()) return new Secret(name, value.get());
        var hint = "set " + Environment.secretVariableName(name) + " or run `./dovetail secret set " + name + "`" + storeNote;
        if (!environment.requiresSecrets()) {
            // checking a workspace away from its secrets (CI, a colleague's laptop): the reference is
            // well-formed, the value is simply not here; the server refuses to run without it
            ctx.warning(node, "unresolved-secret", "secret '" + name + "' has no value here", hint);
            return new Secret(name, "");
        }
        ctx.error(node, "unresolved-secret", "secret '" + name + "' has no value", hint);
        return null;
    }
}
