package dev.dovetail.sandbox.crm;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The deterministic seed: 8 accounts, 10 contacts, 6 products, 12 opportunities. */
final class CrmSeed {

    private CrmSeed() {}

    static void into(CrmRecords records) {
        String[][] accounts = {
                {"上海华东贸易有限公司", "Wholesale", "上海", "91310000MA1FL8XQ3A", "021-63218888"},
                {"北京星辰科技有限公司", "Technology", "北京", "91110108MA01C2XK7B", "010-82345678"},
                {"广州南方电子有限公司", "Electronics", "广州", "91440101MA59TQ2L0C", "020-38765432"},
                {"深圳前海物流有限公司", "Logistics", "深圳", "91440300MA5DK3PJ4D", "0755-86543210"},
                {"杭州西湖茶业有限公司", "Food", "杭州", "91330106MA2H0N5R8E", "0571-87654321"},
                {"成都天府机械制造有限公司", "Manufacturing", "成都", "91510100MA6C9W1M2F", "028-85432109"},
                {"苏州工业园区精密仪器有限公司", "Instruments", "苏州", "91320594MA1MX7YB6G", "0512-62345678"},
                {"ＡＢＣ（中国）有限公司", "Retail", "武汉", "91420100MA4KQ8TD1H", "027-59876543"},
        };
        for (int i = 0; i < accounts.length; i++) {
            String[] a = accounts[i];
            records.put(Kind.ACCOUNTS, fields(
                    "id", "ACC-" + (i + 1), "name", a[0], "industry", a[1], "country", "CN", "city", a[2],
                    "taxId", a[3], "phone", a[4], "owner", Map.of("email", owner(i))));
        }
        String[][] contacts = {
                {"王", "芳", "采购经理"}, {"李", "强", "总经理"}, {"张", "伟", "财务主管"}, {"刘", "洋", "采购专员"},
                {"陈", "静", "运营总监"}, {"杨", "磊", "技术负责人"}, {"赵", "敏", "采购经理"}, {"黄", "军", "副总经理"},
                {"周", "丽", "财务经理"}, {"吴", "涛", "采购主管"},
        };
        for (int i = 0; i < contacts.length; i++) {
            String[] c = contacts[i];
            records.put(Kind.CONTACTS, fields(
                    "id", "CON-" + (i + 1), "accountId", "ACC-" + (i % accounts.length + 1), "name", c[0] + c[1],
                    "lastName", c[0], "firstName", c[1], "title", c[2], "email", "contact" + (i + 1) + "@example.com",
                    "phone", "1380000" + String.format("%04d", i + 1)));
        }
        Object[][] products = {
                {"SKU-1", "工业传感器 A1", "100.50"}, {"SKU-2", "控制模块 B2", "933.00"},
                {"SKU-3", "连接线缆 C3 (10m)", "25.80"}, {"SKU-4", "电源适配器 D4", "68.00"},
                {"SKU-5", "安装支架 E5", "12.35"}, {"SKU-6", "数据网关 F6", "2480.00"},
        };
        for (int i = 0; i < products.length; i++) {
            records.put(Kind.PRODUCTS, fields("id", "PRD-" + (i + 1), "sku", products[i][0], "name", products[i][1],
                    "unitPrice", new BigDecimal((String) products[i][2]), "currency", "CNY", "active", true));
        }
        List<String> stages = RecordRules.STAGES;
        for (int n = 1; n <= 12; n++) {
            int lineCount = n % 3 + 1;
            List<Map<String, Object>> lines = new java.util.ArrayList<>();
            for (int l = 0; l < lineCount; l++) {
                Object[] p = products[(n + l) % products.length];
                lines.add(fields("sku", p[0], "qty", (n + l) % 5 + 1, "unitPrice", new BigDecimal((String) p[2])));
            }
            records.put(Kind.OPPORTUNITIES, fields(
                    "id", String.format("OPP-%06d", n),
                    "name", "Deal " + n,
                    "accountId", "ACC-" + (n % accounts.length + 1),
                    "stage", stages.get(n % 4 == 0 ? 3 : n % 3),
                    "currency", "CNY",
                    "closeDate", String.format("2026-12-%02dT10:00:00+08:00", n),
                    "owner", Map.of("email", owner(n)),
                    "lines", lines));
        }
    }

    private static String owner(int i) {
        return i % 2 == 0 ? "li.lei@example.com" : "han.meimei@example.com";
    }

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
