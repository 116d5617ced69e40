package dev.dovetail.connectors.http;

/**
 * The position of the next page, given out as an opaque cursor {@code <page number>:<token>}; the
 * token is the source's cursor value or the next link, empty for numbered and offset pages.
 */
record PageCursor(int number, String token) {

    static final PageCursor FIRST = new PageCursor(1, null);

    String encode() {
        return number + ":" + (token == null ? "" : token);
    }

    /** {@link #FIRST} for {@code null}; {@code null} for text that is no cursor of ours. */
    static PageCursor decode(String cursor) {
        if (cursor == null) {
            return FIRST;
        }
        var colon = cursor.indexOf(':');
        if (colon < 1) {
            return null;
        }
        try {
            var number = Integer.parseInt(cursor.substring(0, colon));
            return number < 1 ? null : new PageCursor(number, cursor.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
