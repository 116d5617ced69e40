package dev.dovetail.sandbox.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes by method and path pattern. Patterns are literal segments and {@code {name}} segments,
 * e.g. {@code /api/opportunities/{id}/win}; the first registered match wins. A path that matches
 * a pattern under another method gets 405.
 */
public final class Router {

    private record Route(String method, String[] segments, Handler handler) {}

    /** A routing result: the handler and the captured path parameters. */
    record Match(Handler handler, Map<String, String> pathParams) {}

    private final List<Route> routes = new ArrayList<>();

    public Router get(String pattern, Handler handler) {
        return route("GET", pattern, handler);
    }

    public Router post(String pattern, Handler handler) {
        return route("POST", pattern, handler);
    }

    public Router put(String pattern, Handler handler) {
        return route("PUT", pattern, handler);
    }

    public Router patch(String pattern, Handler handler) {
        return route("PATCH", pattern, handler);
    }

    public Router delete(String pattern, Handler handler) {
        return route("DELETE", pattern, handler);
    }

    /** Registers a handler for a method (upper case) and pattern. */
    public synchronized Router route(String method, String pattern, Handler handler) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("pattern must start with /: " + pattern);
        }
        routes.add(new Route(method.toUpperCase(java.util.Locale.ROOT), split(pattern), handler));
        return this;
    }

    /** The handler for a request, or empty (then {@link #matchesOtherMethod} tells 405 from 404). */
    synchronized Optional<Match> match(String method, String path) {
        String[] parts = split(path);
        for (Route route : routes) {
            if (route.method.equals(method)) {
                Map<String, String> params = bind(route.segments, parts);
                if (params != null) {
                    return Optional.of(new Match(route.handler, params));
                }
            }
        }
        return Optional.empty();
    }

    synchronized boolean matchesOtherMethod(String path) {
        String[] parts = split(path);
        return routes.stream().anyMatch(r -> bind(r.segments, parts) != null);
    }

    private static Map<String, String> bind(String[] pattern, String[] parts) {
        if (pattern.length != parts.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.length() > 2 && p.startsWith("{") && p.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), parts[i]);
            } else if (!p.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.equals("/") ? new String[0] : trimmed.substring(1).split("/", -1);
    }
}
