package dev.dovetail.runtime.flow;

/**
 * The synchronous answer to the webhook that started a flow: the first {@code reply} step reached.
 *
 * @param body the evaluated {@code body} expression (a JSON-like value), or {@code null} when the step has none
 */
public record Reply(int status, Object body) {}
