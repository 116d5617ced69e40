package dev.dovetail.spi;

/**
 * Performs one operation of a business system: create a sales order in the ERP, look up an account
 * in the CRM, post a message to a chat robot.
 *
 * <p>An invoker makes exactly one attempt per call (an OAuth2 token refresh after a 401 counts as
 * part of that attempt). It never retries on its own: retries with backoff, attempt limits and dead
 * letters are the runtime's job, driven by the {@link DeliveryOutcome} it returns. Expected failures
 * (timeouts, 5xx, 4xx, an open circuit breaker) are returned as outcomes, never thrown; an exception
 * out of {@code invoke} means a bug.
 *
 * <p>Implementations are thread-safe: the runtime calls them from many virtual threads at once, and
 * they enforce the target system's rate and concurrency limits themselves.
 */
public interface OperationInvoker {

    /**
     * Calls the operation once.
     *
     * @param call what to call and with which values (already mapped)
     * @return {@link DeliveryOutcome.Delivered}, {@link DeliveryOutcome.RetryLater} or
     *     {@link DeliveryOutcome.Rejected}; never {@code null}
     */
    DeliveryOutcome invoke(OperationCall call);
}
