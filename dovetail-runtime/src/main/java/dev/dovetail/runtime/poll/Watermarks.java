package dev.dovetail.runtime.poll;

import dev.dovetail.model.EventRef;
import java.util.Optional;

/**
 * Where each poll source got to: the highest watermark value of the records it has completely
 * processed (read and durably journaled). A poll starts from here.
 */
public interface Watermarks {

    /** The stored watermark of a source, if it has one. */
    Optional<String> find(EventRef source);

    /** Stores the watermark of a source, replacing the one stored before. */
    void save(EventRef source, String value);
}
