package dev.dovetail.runtime.poll;

import dev.dovetail.spi.PageReader;
import java.util.Optional;

/** Finds the connector that reads pages of a system's operations (one reader per system). */
@FunctionalInterface
public interface PageReaders {

    /** The page reader for {@code system}, or empty when no connector reads pages of it. */
    Optional<PageReader> forSystem(String system);
}
