package dev.dovetail.spi;

import java.util.List;
import java.util.Objects;

/**
 * One page of a paginated read.
 *
 * @param items the records on this page, as JSON-like values ({@code Map}, {@code List}, {@code String},
 *     {@code Number}, {@code Boolean}, {@code null}); empty when the page is empty
 * @param nextCursor what to pass to {@link PageReader#readPage} for the next page, or {@code null} when
 *     this is the last page (or the page limit was reached)
 * @param number the 1-based number of this page within the iteration
 * @param limitReached {@code true} when the reader stopped because the operation's maximum number of
 *     pages was reached although the source announced more; the caller should resume later from its
 *     watermark rather than treat the read as complete
 */
public record Page(List<Object> items, String nextCursor, int number, boolean limitReached) implements PageOutcome {

    public Page {
        Objects.requireNonNull(items, "items");
        items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
        if (number < 1) {
            throw new IllegalArgumentException("page number starts at 1, got " + number);
        }
    }

    /** Whether another page can be read with {@link #nextCursor()}. */
    public boolean hasNext() {
        return nextCursor != null;
    }
}
