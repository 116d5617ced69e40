package dev.dovetail.runtime.journal;

/**
 * The journal could not make an append durable: the database failed, or the journal is closed.
 * Intake answers 503; nothing was acknowledged.
 */
public class JournalUnavailable extends RuntimeException {

    public JournalUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    public JournalUnavailable(String message) {
        super(message);
    }
}
