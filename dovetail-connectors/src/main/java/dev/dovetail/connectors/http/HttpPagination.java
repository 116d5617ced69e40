package dev.dovetail.connectors.http;

import java.util.Objects;

/**
 * How a read operation pages through its results ({@code pagination:} of an operation). Every kind
 * stops after {@code maxPages} pages, a safety bound against a source that never says "last page".
 *
 * <p>{@code items} and {@code next} are expressions over the JSON answer, evaluated by the
 * invoker's {@link AnswerReader} (by default dot-separated field paths such as {@code data.list};
 * {@code null} or {@code .} is the answer itself).
 */
public sealed interface HttpPagination {

    int DEFAULT_MAX_PAGES = 100;
    int DEFAULT_SIZE = 100;

    /** The most pages one iteration reads. */
    int maxPages();

    /** Selects the list of records in the answer; {@code null} means the answer itself. */
    String items();

    static HttpPagination none() {
        return None.INSTANCE;
    }

    /** Not paginated: one answer is the whole result (a list answer is its items). */
    enum None implements HttpPagination {
        INSTANCE;

        @Override
        public int maxPages() {
            return 1;
        }

        @Override
        public String items() {
            return null;
        }
    }

    /**
     * The answer names the next page's cursor; the next request sends it as a query parameter. The
     * last page has no (or an empty) cursor, or no items.
     *
     * @param param the query parameter carrying the cursor (default {@code cursor})
     * @param next selects the next cursor in the answer, e.g. {@code meta.nextCursor} (required)
     * @param items selects the records
     * @param sizeParam the query parameter of the page size, or {@code null} to not send one
     * @param size the page size sent in {@code sizeParam}
     * @param maxPages the safety bound
     */
    record Cursor(String param, String next, String items, String sizeParam, int size, int maxPages) implements HttpPagination {
        public Cursor {
            param = param == null ? "cursor" : param;
            Objects.requireNonNull(next, "next");
            checkSize(size);
            checkMaxPages(maxPages);
        }

        public static Cursor of(String param, String next, String items) {
            return new Cursor(param, next, items, null, DEFAULT_SIZE, DEFAULT_MAX_PAGES);
        }
    }

    /**
     * Numbered pages. A page is the last when {@code next} (if given) is not true, or else when it
     * has fewer than {@code size} records.
     *
     * @param param the page-number query parameter (default {@code page})
     * @param sizeParam the page-size query parameter (default {@code size}), or {@code null} to not send it
     * @param size the page size
     * @param start the number of the first page (default 1; some systems count from 0)
     * @param next selects a "more pages follow" flag in the answer, or {@code null}
     * @param items selects the records
     * @param maxPages the safety bound
     */
    record PageNumber(String param, String sizeParam, int size, long start, String next, String items, int maxPages)
            implements HttpPagination {
        public PageNumber {
            param = param == null ? "page" : param;
            checkSize(size);
            checkMaxPages(maxPages);
        }

        public static PageNumber of(String param, String sizeParam, int size, String items) {
            return new PageNumber(param, sizeParam, size, 1, null, items, DEFAULT_MAX_PAGES);
        }
    }

    /**
     * Offset and limit. A page is the last when {@code next} (if given) is not true, or else when it
     * has fewer than {@code size} records.
     *
     * @param param the offset query parameter (default {@code offset})
     * @param sizeParam the limit query parameter (default {@code limit}), or {@code null} to not send it
     * @param size the number of records per page
     * @param start the first offset (default 0)
     * @param next selects a "more pages follow" flag in the answer, or {@code null}
     * @param items selects the records
     * @param maxPages the safety bound
     */
    record Offset(String param, String sizeParam, int size, long start, String next, String items, int maxPages)
            implements HttpPagination {
        public Offset {
            param = param == null ? "offset" : param;
            checkSize(size);
            checkMaxPages(maxPages);
        }

        public static Offset of(String param, String sizeParam, int size, String items) {
            return new Offset(param, sizeParam, size, 0, null, items, DEFAULT_MAX_PAGES);
        }
    }

    /**
     * The answer's {@code Link} header (RFC 8288) names the next page with {@code rel="next"}; the
     * last page has none. The next URL must stay on the system's scheme, host and port, so
     * credentials are never sent elsewhere.
     *
     * @param items selects the records
     * @param maxPages the safety bound
     */
    record Link(String items, int maxPages) implements HttpPagination {
        public Link {
            checkMaxPages(maxPages);
        }
    }

    private static void checkMaxPages(int maxPages) {
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be positive, got " + maxPages);
        }
    }

    private static void checkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size must be positive, got " + size);
        }
    }
}
