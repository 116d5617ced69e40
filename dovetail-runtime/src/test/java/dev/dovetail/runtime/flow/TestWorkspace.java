package dev.dovetail.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.mapping.JsonataSyntax;
import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.mapping.MappingResult;
import dev.dovetail.model.Environment;
import dev.dovetail.model.FlowDef;
import dev.dovetail.model.Workspace;
import dev.dovetail.model.WorkspaceLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small workspace written as files and loaded by the real loader, so flows in tests are read from
 * YAML exactly as users write them (step lines included): a CRM, an ERP and a WMS, the benchmark's
 * order mapping and stage table.
 */
final class TestWorkspace {

    static final String ORDER_OUT = """
            {
              "XSDDH": id,
              "KHBM": "C" & $pad($substringAfter(accountId, "ACC-"), -5, "0"),
              "DJRQ": $formatDate(closeDate, "yyyyMMdd"),
              "JE_FEN": $toMinor(amount),
              "BZ": currency,
              "ZT": $valuemap("order-stage", stage),
              "MX": [lines.{
                "WLBM": sku,
                "SL": qty,
                "DJ_FEN": $toMinor(unitPrice)
              }]
            }
            """;

    static final String ORDER_STAGE = """
            crm,erp
            Closed Won,APPROVED
            Closed Lost,CANCELLED
            Negotiation,PENDING
            Proposal,DRAFT
            *,UNKNOWN
            """;

    static final String CRM = """
            connector: http
            connection: {baseUrl: "http://crm.invalid"}
            operations:
              getAccount:
                method: GET
                path: /accounts/{accountId}
                query: {fields: "'name,vip'"}
                response: crm/account.in
            events:
              order-won:
                key: id
                webhook: {}
            """;

    static final String ERP = """
            connector: http
            connection: {baseUrl: "http://erp.invalid"}
            operations:
              createSalesOrder:
                method: POST
                path: /erp/orders
                idempotencyHeader: Idempotency-Key
              updateCustomer:
                method: PUT
                path: /erp/customers/{KHBM}
                request: erp/customer.out
                headers: {X-Source: "'dovetail'", X-Region: region}
                response: erp/ack.in
                idempotencyHeader: Idempotency-Key
            """;

    static final String WMS = """
            connector: http
            connection: {baseUrl: "http://wms.invalid"}
            operations:
              createShipment:
                method: POST
                path: /shipments
                idempotencyHeader: Idempotency-Key
            """;

    private final Map<String, String> files = new LinkedHashMap<>();

    private TestWorkspace() {
        files.put("dovetail.yaml", "name: flow-test\ntimezone: Asia/Shanghai\nsensitiveFields: [phone, idCard, password, bankCard]\n");
        files.put("systems/crm.yaml", CRM);
        files.put("systems/erp.yaml", ERP);
        files.put("systems/wms.yaml", WMS);
        files.put("mappings/erp/order.out.jsonata", ORDER_OUT);
        files.put("mappings/erp/customer.out.jsonata", "{\"KHBM\": code, \"KHMC\": name}");
        files.put("mappings/erp/ack.in.jsonata", "{\"accepted\": FLAG = \"Y\"}");
        files.put("mappings/crm/account.in.jsonata", "{\"name\": account_name, \"vip\": tier = \"gold\", \"phone\": phone}");
        files.put("valuemaps/order-stage.csv", ORDER_STAGE);
    }

    static TestWorkspace create() {
        return new TestWorkspace();
    }

    TestWorkspace file(String path, String text) {
        files.put(path, text);
        return this;
    }

    TestWorkspace flow(String name, String yaml) {
        return file("flows/" + name + ".yaml", yaml);
    }

    Workspace load(Path root) {
        try {
            for (var file : files.entrySet()) {
                var path = root.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var load = new WorkspaceLoader(Environment.of(Map.of()), new JsonataSyntax()).load(root);
        assertThat(load.report().errors()).as("workspace problems").isEmpty();
        return load.workspace().orElseThrow();
    }

    static FlowDef flowOf(Workspace workspace, String name) {
        var flow = workspace.flows().get(name);
        assertThat(flow).as("flow " + name).isNotNull();
        return flow;
    }

    /** JSON text as JSON-like Java values (JSON is JSONata, so the engine reads it). */
    static Object json(String text) {
        var result = new MappingEngine(java.util.List.of(), java.util.List.of(), java.time.ZoneOffset.UTC,
                dev.dovetail.mapping.MappingLimits.DEFAULT).evaluateExpression(text, null);
        assertThat(result).isInstanceOf(MappingResult.Success.class);
        return ((MappingResult.Success) result).output();
    }
}
