/**
 * The glue that makes the runtime's parts one hub, without any framework: which flows an entry of the
 * journal runs ({@link dev.dovetail.runtime.hub.Subscriptions}), the dispatcher's routes for a workspace
 * ({@link dev.dovetail.runtime.hub.HubRoutes}), the handler that runs flows for an entry and turns each
 * {@link dev.dovetail.runtime.flow.FlowRun} into a dispatch outcome
 * ({@link dev.dovetail.runtime.hub.FlowEntryHandler}), the state an entry keeps across attempts
 * ({@link dev.dovetail.runtime.hub.Progress}), stored traces ({@link dev.dovetail.runtime.hub.TraceStore})
 * and synchronous webhook replies ({@link dev.dovetail.runtime.hub.Replies}).
 *
 * <p>The server wires these into Spring; everything here runs (and is tested) on plain JDBC.
 */
package dev.dovetail.runtime.hub;
