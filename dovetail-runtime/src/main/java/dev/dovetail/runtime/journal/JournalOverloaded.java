package dev.dovetail.runtime.journal;

/** Too many events are waiting to be committed; the caller should push back (429/503 with Retry-After). */
public final class JournalOverloaded extends JournalUnavailable {

    public JournalOverloaded(String message) {
        super(message);
    }
}
