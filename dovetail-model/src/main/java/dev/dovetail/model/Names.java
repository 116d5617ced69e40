package dev.dovetail.model;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Name rules and "did you mean" suggestions. */
final class Names {
    /** Workspace, system, flow, sync, process, dashboard, route and value map names (from file names). */
    static final Pattern KEBAB = Pattern.compile("[a-z0-9][a-z0-9-]*");
    static final String KEBAB_RULE = "lower-case letters, digits and '-', starting with a letter or digit";
    /** Operation and event names: {@code createSalesOrder}, {@code order-won}. */
    static final Pattern MEMBER = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    static final String MEMBER_RULE = "letters, digits, '_' and '-', starting with a letter";
    /** Entity names: {@code SalesOrder}. */
    static final Pattern ENTITY = Pattern.compile("[A-Z][A-Za-z0-9]*");
    /** One path segment below {@code mappings/}. */
    static final Pattern MAPPING_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** Ids inside a file (KPIs, alerts). */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private Names() {}

    /** The closest candidate, if it is close enough to be a likely typo. */
    static Optional<String> suggest(String given, Collection<String> candidates) {
        if (given == null) return Optional.empty();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        var g = given.toLowerCase(Locale.ROOT);
        for (var c : candidates) {
            int d = distance(g, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int limit = Math.max(2, given.length() / 3);
        return best != null && bestDistance <= limit && !best.equals(given) ? Optional.of(best) : Optional.empty();
    }

    /** "did you mean 'x'?" or "known: a, b, c" or "" when there is nothing to offer. */
    static String didYouMean(String given, Collection<String> candidates) {
        var s = suggest(given, candidates);
        if (s.isPresent()) return "did you mean '" + s.get() + "'?";
        if (candidates.isEmpty()) return "";
        var list = candidates.stream().sorted().limit(12).toList();
        return "known: " + String.join(", ", list) + (candidates.size() > list.size() ? ", ..." : "");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        var prev = new int[b.length() + 1];
        var cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            var t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
