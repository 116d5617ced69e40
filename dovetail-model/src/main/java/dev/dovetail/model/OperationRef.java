package dev.dovetail.model;

import static java.util.Objects.requireNonNull;

/** {@code <system>.<operation>}, e.g. {@code erp.createSalesOrder}: something Dovetail may do to a system. */
public record OperationRef(String system, String operation) {
    public OperationRef {
        requireNonNull(system, "system");
        requireNonNull(operation, "operation");
    }

    @Override
    public String toString() {
        return system + "." + operation;
    }
}
