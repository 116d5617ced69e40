package dev.dovetail.connectors.http;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.Page;
import dev.dovetail.spi.PageOutcome;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a delivered answer into a {@link Page}: its items and where the next page is. */
final class Pages {

    private Pages() {}

    static PageOutcome page(Delivered answer, HttpPagination pagination, int number, URI requested, String origin, AnswerReader reader) {
        var response = answer.response();
        var found = select(reader, pagination.items(), response);
        List<Object> items;
        if (found instanceof List<?> list) {
            items = castList(list);
        } else if (pagination instanceof HttpPagination.None) {
            items = response == null ? List.of() : java.util.Collections.singletonList(response);
        } else if (found == null && response instanceof Map<?, ?> && pagination.items() != null) {
            items = List.of(); // an empty page often leaves the list out altogether
        } else {
            return new Rejected("pagination.items '" + pagination.items() + "' does not select a list in the answer",
                    answer.status(), DeliveryOutcome.excerpt(String.valueOf(response)));
        }
        String token;
        switch (pagination) {
            case HttpPagination.None none -> token = null;
            case HttpPagination.Cursor cursor -> {
                var next = select(reader, cursor.next(), response);
                token = next instanceof Number n ? UriText.scalar(n, "cursor") : next == null ? null : String.valueOf(next);
                if (token != null && token.isBlank() || items.isEmpty()) {
                    token = null;
                }
            }
            case HttpPagination.PageNumber pages -> token = more(reader, pages.next(), response, items, pages.size()) ? "" : null;
            case HttpPagination.Offset offsets -> token = more(reader, offsets.next(), response, items, offsets.size()) ? "" : null;
            case HttpPagination.Link link -> {
                var next = LinkHeader.next(answer.headers().getOrDefault("Link", List.of()));
                if (next.isEmpty()) {
                    token = null;
                } else {
                    URI target;
                    try {
                        target = requested.resolve(next.get());
                    } catch (IllegalArgumentException e) {
                        return new Rejected("the Link header's next URL is malformed: " + next.get(), answer.status(), null);
                    }
                    if (!sameOrigin(target, URI.create(origin))) {
                        return new Rejected("the Link header's next URL " + target + " leaves the system's origin " + origin
                                + "; not following it with the system's credentials", answer.status(), null);
                    }
                    token = target.toString();
                }
            }
        }
        if (token == null) {
            return new Page(items, null, number, false);
        }
        if (number >= pagination.maxPages()) {
            return new Page(items, null, number, true);
        }
        return new Page(items, new PageCursor(number + 1, token).encode(), number, false);
    }

    /** With a {@code next} flag, whether it is true; without, whether the page was full. */
    private static boolean more(AnswerReader reader, String next, Object response, List<Object> items, int size) {
        if (next != null) {
            var flag = select(reader, next, response);
            return Boolean.TRUE.equals(flag) || "true".equals(flag);
        }
        return items.size() >= size;
    }

    private static Object select(AnswerReader reader, String expression, Object response) {
        return expression == null || expression.isEmpty() || expression.equals(".") ? response : reader.read(expression, response);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(List<?> list) {
        return (List<Object>) list;
    }

    static boolean sameOrigin(URI a, URI b) {
        return scheme(a).equals(scheme(b)) && host(a).equals(host(b)) && port(a) == port(b);
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : scheme(uri).equals("https") ? 443 : 80;
    }
}
