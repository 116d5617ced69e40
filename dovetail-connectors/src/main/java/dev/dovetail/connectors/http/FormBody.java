package dev.dovetail.connectors.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** {@code application/x-www-form-urlencoded} bodies from flat maps. */
final class FormBody {

    private FormBody() {}

    static byte[] encode(Object value) {
        if (!(value instanceof Map<?, ?> fields)) {
            throw new InvalidCall("a form body must be an object of fields, got " + (value instanceof List<?> ? "a list" : String.valueOf(value)));
        }
        var form = new StringJoiner("&");
        fields.forEach((name, field) -> {
            var key = String.valueOf(name);
            if (field instanceof List<?> values) {
                values.stream().filter(java.util.Objects::nonNull)
                        .forEach(item -> form.add(pair(key, UriText.scalar(item, "form field '" + key + "'"))));
            } else if (field != null) {
                form.add(pair(key, UriText.scalar(field, "form field '" + key + "'")));
            }
        });
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String pair(String name, String value) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
