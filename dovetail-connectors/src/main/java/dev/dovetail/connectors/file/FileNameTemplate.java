package dev.dovetail.connectors.file;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fills a file name template such as {@code {orderNo}.csv} or {@code shipment-{timestamp}.xlsx}. A value that
 * would change the folder or hide the file (a {@code /}, a {@code \}, a control character, a leading {@code .},
 * a {@code .tmp} ending) is refused: names come from messages, which come from other systems.
 */
final class FileNameTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
    private static final int MAX_NAME_BYTES = 255;

    private FileNameTemplate() {}

    /**
     * @param sources where placeholder values are looked up, first match wins
     * @throws IllegalArgumentException when a placeholder has no value or the result is not a safe file name
     */
    static String fill(String template, List<Map<String, ?>> sources, String idempotencyKey, Instant now) {
        var matcher = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        while (matcher.find()) {
            var name = matcher.group(1).strip();
            String value = switch (name) {
                case "idempotencyKey" -> {
                    if (idempotencyKey == null) {
                        throw new IllegalArgumentException("the file name template uses {idempotencyKey}, but the call has none");
                    }
                    yield idempotencyKey.replaceAll("[^A-Za-z0-9._-]", "_");
                }
                case "timestamp" -> TIMESTAMP.format(now);
                default -> lookup(name, sources);
            };
            if (value.isEmpty()) {
                throw new IllegalArgumentException("the value for {" + name + "} in the file name is empty");
            }
            for (int i = 0; i < value.length(); i++) {
                var c = value.charAt(i);
                if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                    throw new IllegalArgumentException("the value for {" + name + "} in the file name holds '"
                            + (Character.isISOControl(c) ? "\\u%04x".formatted((int) c) : String.valueOf(c)) + "', which a file name cannot");
                }
            }
            matcher.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        var result = out.toString();
        check(result);
        return result;
    }

    private static String lookup(String name, List<Map<String, ?>> sources) {
        for (var source : sources) {
            if (source.containsKey(name) && source.get(name) != null) {
                try {
                    return Rows.text(source.get(name), "{" + name + "}");
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the file name placeholder {" + name + "} is not a text, number or boolean");
                }
            }
        }
        throw new IllegalArgumentException("the file name placeholder {" + name + "} has no value in the message");
    }

    /** A file name that stays in its folder and that readers do not skip. */
    static void check(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("'" + name + "' is not a file name");
        }
        if (name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("file name '" + name + "' has a folder separator");
        }
        if (name.startsWith(".") || name.endsWith(".tmp")) {
            throw new IllegalArgumentException("file name '" + name + "' starts with '.' or ends in '.tmp', which readers skip as unfinished");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("file name '" + name + "' is longer than " + MAX_NAME_BYTES + " bytes");
        }
    }
}
