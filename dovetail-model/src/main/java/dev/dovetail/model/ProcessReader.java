package dev.dovetail.model;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** {@code processes/<name>.yaml} and the BPMN file it names. */
final class ProcessReader {
    private ProcessReader() {}

    static ProcessDef read(Ctx ctx, Node rootNode, String name, LoadRun run, Set<String> usedBpmn) {
        var o = Obj.of(ctx, rootNode, "");
        if (o == null) return null;
        o.allow("name", "description", "bpmn", "processId", "start", "messages");
        SystemReader.checkDeclaredName(ctx, o, name, "processes");
        var description = o.text("description");

        var bpmnNode = o.scalar("bpmn", false, null);
        var bpmnName = bpmnNode == null ? name + ".bpmn" : bpmnNode.getValue().strip();
        var bpmnRel = "processes/" + bpmnName;
        Bpmn.Parsed parsed = null;
        String xml = null;
        if (bpmnName.contains("/") || bpmnName.contains("\\") || !bpmnName.endsWith(".bpmn")) {
            ctx.error(bpmnNode, "bad-value", "'bpmn' must name a .bpmn file beside this one in processes/", "e.g. bpmn: " + name + ".bpmn");
        } else if (!Files.isRegularFile(run.root.resolve(bpmnRel))) {
            ctx.error(bpmnNode == null ? o.node : bpmnNode, "bpmn-missing", "BPMN file " + bpmnRel + " does not exist",
                    "draw the process (e.g. in the console's designer) and save it as " + bpmnRel);
        } else {
            usedBpmn.add(bpmnRel);
            var bytes = run.bytes(bpmnRel);
            if (bytes != null) {
                var text = new String(bytes, StandardCharsets.UTF_8);
                var bpmnCtx = new Ctx(run, bpmnRel, text, false);
                parsed = Bpmn.parse(bpmnCtx, bytes);
                if (parsed != null) xml = text;
            }
        }

        var processIdNode = o.scalar("processId", true, "processId: leadToCash");
        String processId = processIdNode == null ? null : processIdNode.getValue();
        if (parsed != null && processId != null && !parsed.processIds().contains(processId)) {
            ctx.error(processIdNode, "bpmn-unknown-process", "'processId' is '" + processId + "', but " + bpmnRel + " defines no such process",
                    parsed.processIds().isEmpty() ? "the BPMN file has no <process>" : Names.didYouMean(processId, parsed.processIds()));
        }

        var starts = new ArrayList<ProcessDef.Start>();
        var startNodes = o.list("start", false, "start: [{event: crm.order-won, businessKey: id}]");
        if (startNodes != null) {
            for (int i = 0; i < startNodes.size(); i++) {
                var s = Obj.of(ctx, startNodes.get(i), "start[" + i + "]");
                if (s == null) continue;
                s.allow("event", "businessKey");
                var ev = s.scalar("event", true, "event: crm.order-won");
                var ref = ev == null ? null : run.refEvent(ctx, ev, s.at("event"));
                var key = s.expression("businessKey", true, "businessKey: id");
                if (ref != null) starts.add(new ProcessDef.Start(ref, key));
            }
        }
        var messages = new ArrayList<ProcessDef.MessageBinding>();
        var msgNodes = o.list("messages", false, "messages: [{message: ShipmentConfirmed, event: wms.shipped, correlate: orderNo}]");
        if (msgNodes != null) {
            for (int i = 0; i < msgNodes.size(); i++) {
                var m = Obj.of(ctx, msgNodes.get(i), "messages[" + i + "]");
                if (m == null) continue;
                m.allow("message", "event", "correlate");
                var msgNode = m.scalar("message", true, "message: ShipmentConfirmed");
                if (msgNode != null && parsed != null && !parsed.messageNames().contains(msgNode.getValue())) {
                    ctx.error(msgNode, "bpmn-unknown-message", "BPMN message '" + msgNode.getValue() + "' is not declared in " + bpmnRel,
                            parsed.messageNames().isEmpty() ? "declare it: <message id=\"...\" name=\"" + msgNode.getValue() + "\"/>" : Names.didYouMean(msgNode.getValue(), parsed.messageNames()));
                }
                var ev = m.scalar("event", true, "event: wms.shipment-confirmed");
                var ref = ev == null ? null : run.refEvent(ctx, ev, m.at("event"));
                var correlate = m.expression("correlate", true, "correlate: orderNo");
                if (ref != null && msgNode != null) messages.add(new ProcessDef.MessageBinding(msgNode.getValue(), ref, correlate));
            }
        }
        if (starts.isEmpty() && (startNodes == null || startNodes.isEmpty())) {
            ctx.warning(o.node, "no-start", "no event starts this process", "add start: [{event: <system>.<event>, businessKey: <path>}] unless it is started through the API");
        }
        return new ProcessDef(name, ctx.file, description, bpmnRel, xml, processId, starts, messages);
    }
}
