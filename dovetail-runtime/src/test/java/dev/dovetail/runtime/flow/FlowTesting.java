package dev.dovetail.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.FlowDef;
import dev.dovetail.model.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** A landscape of three scripted systems (crm, erp, wms) and one flow {@code f} loaded from YAML. */
abstract class FlowTesting {

    static final String WON_ORDER = """
            {"id":"OPP-000123","accountId":"ACC-42","stage":"Closed Won","amount":1234.5,"currency":"CNY",
             "closeDate":"2026-11-20T10:15:00+08:00","owner":{"email":"li.lei@example.com"},
             "lines":[{"sku":"SKU-1","qty":3,"unitPrice":100.5},{"sku":"SKU-2","qty":1,"unitPrice":933.0}]}""";

    static final String ERP_ORDER = """
            {"XSDDH":"OPP-000123","KHBM":"C00042","DJRQ":"20261120","JE_FEN":123450,"BZ":"CNY","ZT":"APPROVED",
             "MX":[{"WLBM":"SKU-1","SL":3,"DJ_FEN":10050},{"WLBM":"SKU-2","SL":1,"DJ_FEN":93300}]}""";

    @TempDir
    Path root;

    final ScriptedSystem crm = new ScriptedSystem();
    final ScriptedSystem erp = new ScriptedSystem();
    final ScriptedSystem wms = new ScriptedSystem();
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-20T02:15:00Z"), Duration.ofMillis(1));

    Workspace workspace;
    FlowExecutor executor;
    FlowDef flow;

    void givenFlow(String yaml) {
        givenFlow(TestWorkspace.create(), yaml);
    }

    void givenFlow(TestWorkspace workspace, String yaml) {
        this.workspace = workspace.flow("f", yaml).load(root);
        executor = executorWith(ScriptedSystem.landscape(Map.of("crm", crm, "erp", erp, "wms", wms)));
        flow = TestWorkspace.flowOf(this.workspace, "f");
    }

    /** An executor for the loaded workspace with other connectors. */
    FlowExecutor executorWith(Invokers invokers) {
        return FlowExecutor.of(workspace, MappingEngine.of(workspace), invokers, clock);
    }

    FlowRun run(Object message) {
        return executor.run(flow, FlowInput.of("evt-1", message));
    }

    static Object json(String text) {
        return TestWorkspace.json(text);
    }

    @SuppressWarnings("unchecked")
    static <T extends FlowRun> T as(FlowRun run, Class<T> type) {
        assertThat(run).as(run.trace().outcome()).isInstanceOf(type);
        return (T) run;
    }
}
