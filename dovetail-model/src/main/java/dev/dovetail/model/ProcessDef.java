package dev.dovetail.model;

import java.util.List;

/**
 * {@code processes/<name>.yaml}: binds a BPMN 2.0 process ({@code processes/<name>.bpmn}) to events.
 *
 * @param bpmnFile path of the BPMN file relative to the workspace root
 * @param bpmnXml  its content (already checked to be well-formed BPMN that defines {@code processId})
 * @param start    events that start an instance
 * @param messages events that are delivered to waiting instances as BPMN messages
 */
public record ProcessDef(String name, String file, String description, String bpmnFile, String bpmnXml, String processId,
                         List<Start> start, List<MessageBinding> messages) {
    public ProcessDef {
        description = description == null ? "" : description;
        start = start == null ? List.of() : List.copyOf(start);
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /** @param businessKey JSONata path of the instance's business key in the event */
    public record Start(EventRef event, String businessKey) {}

    /**
     * @param message   the BPMN message name (declared in the BPMN file)
     * @param correlate JSONata path in the event of the business key of the instance to deliver to
     */
    public record MessageBinding(String message, EventRef event, String correlate) {}
}
