package dev.dovetail.runtime.flow;

import dev.dovetail.spi.OperationInvoker;
import java.util.Optional;

/** Finds the connector that performs the operations of a system (one invoker per system). */
@FunctionalInterface
public interface Invokers {

    /** The invoker for {@code system}, or empty when no connector serves it. */
    Optional<OperationInvoker> forSystem(String system);
}
