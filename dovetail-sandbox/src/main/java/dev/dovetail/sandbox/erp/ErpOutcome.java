package dev.dovetail.sandbox.erp;

/** What a sales-order operation did: done (possibly as a replay of an earlier identical call) or refused. */
sealed interface ErpOutcome {

    /** The order as it now stands; {@code replayed} when nothing changed because the call was a repeat. */
    record Done(SalesOrder order, boolean replayed) implements ErpOutcome {}

    /** A permanent "no" (validation): repeating the same request gets the same answer. */
    record Refused(String code, String message) implements ErpOutcome {}
}
