package dev.dovetail.spi;

/**
 * Reads a paginated operation one page at a time, for polling and bulk reads.
 *
 * <p>The caller drives the iteration so it can make each page durable (journal it, advance its
 * watermark) before asking for the next:
 *
 * <pre>{@code
 * String cursor = null;
 * do {
 *     switch (reader.readPage(call, cursor)) {
 *         case Page page -> { journal(page.items()); cursor = page.nextCursor(); }
 *         case DeliveryOutcome.RetryLater later -> { retryAfter(later); return; }
 *         case DeliveryOutcome.Rejected rejected -> { report(rejected); return; }
 *     }
 * } while (cursor != null);
 * }</pre>
 *
 * <p>Each page is one attempt with the same classification as {@link OperationInvoker#invoke}.
 * The reader stops by itself after the operation's maximum number of pages ({@link Page#limitReached()}).
 */
public interface PageReader {

    /**
     * Reads one page.
     *
     * @param call the operation and its values; query values that the pagination sets (cursor, page,
     *     offset) are overridden on pages after the first
     * @param cursor {@code null} for the first page, else a {@link Page#nextCursor()} returned before;
     *     an opaque string that may be stored and used again later
     * @return the page, or why it could not be read
     */
    PageOutcome readPage(OperationCall call, String cursor);
}
