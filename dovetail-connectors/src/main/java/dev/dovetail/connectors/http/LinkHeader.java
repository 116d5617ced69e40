package dev.dovetail.connectors.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the {@code rel="next"} target in {@code Link} headers (RFC 8288). A linear scan rather
 * than a regular expression: the header comes from the remote system.
 */
final class LinkHeader {

    private LinkHeader() {}

    static Optional<String> next(List<String> headerValues) {
        for (var value : headerValues) {
            var found = next(value);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private static String next(String header) {
        var i = 0;
        var length = header.length();
        while (i < length) {
            var open = header.indexOf('<', i);
            if (open < 0) {
                return null;
            }
            var close = header.indexOf('>', open + 1);
            if (close < 0) {
                return null;
            }
            var target = header.substring(open + 1, close).trim();
            // parameters run until a comma outside quotes
            var params = new StringBuilder();
            var quoted = false;
            i = close + 1;
            for (; i < length; i++) {
                var c = header.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    i++;
                    break;
                }
                params.append(c);
            }
            if (hasNextRelation(params.toString())) {
                return target;
            }
        }
        return null;
    }

    private static boolean hasNextRelation(String params) {
        for (var param : params.split(";")) {
            var eq = param.indexOf('=');
            if (eq < 0 || !param.substring(0, eq).trim().equalsIgnoreCase("rel")) {
                continue;
            }
            var relations = param.substring(eq + 1).trim().replace("\"", "");
            for (var relation : relations.split("\\s+")) {
                if (relation.toLowerCase(Locale.ROOT).equals("next")) {
                    return true;
                }
            }
        }
        return false;
    }
}
