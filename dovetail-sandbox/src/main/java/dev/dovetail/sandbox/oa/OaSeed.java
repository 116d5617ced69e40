package dev.dovetail.sandbox.oa;

import java.util.List;
import java.util.Map;

/** The deterministic seed: three approval instances (two waiting, one agreed). */
final class OaSeed {

    private OaSeed() {}

    static void into(Approvals approvals) {
        approvals.create(form("PROC-DISCOUNT", "zhangsan", "ACC-1 年度框架合同折扣", List.of(
                Map.of("name", "客户", "value", "上海华东贸易有限公司"),
                Map.of("name", "折扣率", "value", "0.85"),
                Map.of("name", "金额", "value", "120000.00"))), Approvals.seedId(1));
        approvals.create(form("PROC-PURCHASE", "lisi", "采购数据网关 F6 × 10", List.of(
                Map.of("name", "物料", "value", "SKU-6"),
                Map.of("name", "数量", "value", "10"),
                Map.of("name", "预算", "value", "24800.00"))), Approvals.seedId(2));
        approvals.create(form("PROC-CREDIT", "wangwu", "ACC-3 信用额度调整", List.of(
                Map.of("name", "客户", "value", "广州南方电子有限公司"),
                Map.of("name", "新额度", "value", "500000"))), Approvals.seedId(3));
    }

    private static Map<String, Object> form(String process, String originator, String title, List<Map<String, String>> values) {
        return Map.of("process_code", process, "originator_user_id", originator, "title", title,
                "form_component_values", values);
    }
}
