package dev.dovetail.sandbox.erp;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Deterministic seed data with the quirks of a GBK-era database: full-width letters, digits and
 * parentheses, trailing ASCII and ideographic spaces, a missing tax id, a full-width phone number.
 * Integrations are expected to trim and normalise; the sandbox keeps the mess on purpose.
 */
final class ErpSeed {

    /** Fixed modification time of seed rows, so seeded data is the same on every run. */
    static final String SEEDED_AT = "20261001080000";

    private ErpSeed() {}

    /** Writes the seed rows, replacing rows with the same keys and leaving every other row alone. */
    static void merge(Connection c) throws SQLException {
        customers(c);
        materials(c);
        stock(c);
        orders(c);
        finance(c);
    }

    private static void customers(Connection c) throws SQLException {
        Object[][] rows = {
            {"C00001", "ＡＢＣ贸易有限公司　", "91330100MA27XK1A2B", "0571-88886666", "浙江省杭州市西湖区文三路 100 号", "王经理"},
            {"C00002", "杭州西湖茶业有限公司  ", "91330106MA2H0C3D4E", "13905712345", "浙江省杭州市西湖区龙井路 8 号", "李女士"},
            {"C00003", "上海浦江机电设备有限公司", "91310115MA1K2L3M4N", "021-62345678", "上海市浦东新区张江路 1 号", "张工"},
            {"C00004", "深圳市华南电子科技有限公司（南山分公司）", "91440300MA5F6G7H8J", "0755-26668888", "广东省深圳市南山区科技园", "陈总"},
            {"C00005", "北京ＸＹＺ文化传媒有限公司", "91110105MA0A1B2C3D", "010-85551234", "北京市朝阳区建国路 88 号", "刘经理"},
            {"C00006", "广州白云五金商行", null, "13802223333", "广东省广州市白云区机场路", "黄老板"},
            {"C00007", "成都天府粮油贸易有限公司　　", "91510100MA6B7C8D9E", "028-86661111", "四川省成都市锦江区春熙路", "杨经理"},
            {"C00008", "苏州工业园区精密模具厂", "91320594MA1N2P3Q4R", "０５１２－６２８８９９００", "江苏省苏州市工业园区星湖街", "周工"},
            {"C00009", "南京　金陵办公用品有限公司", "91320100MA1X2Y3Z4A", "025-84447777", "江苏省南京市玄武区中山路", "吴女士"},
            {"C00010", "武汉光谷医疗器械有限公司", "91420100MA4K5L6M7N", "027-87771234", "湖北省武汉市洪山区光谷大道", "郑经理"},
            {"C00011", "ＤＥＦ国际物流（香港）有限公司", "91440300MA5R6S7T8U", "852-23456789", "香港九龙尖沙咀广东道", "何先生"},
            {"C00012", "青岛海滨食品有限公司 ", "91370200MA3C4D5E6F", "0532-85556666", "山东省青岛市市南区香港中路", "孙经理"},
        };
        try (var ps = c.prepareStatement(
                "MERGE INTO KH_KHXX (KHBM, KHMC, SH, DH, DZ, LXR, XGSJ) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] == null) {
                        ps.setNull(i + 1, Types.VARCHAR);
                    } else {
                        ps.setString(i + 1, (String) row[i]);
                    }
                }
                ps.setString(7, SEEDED_AT);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void materials(Connection c) throws SQLException {
        Object[][] rows = {
            {"WL1001", "不锈钢保温杯", "500ml 银色", "个", 8_900L},
            {"WL1002", "Ａ４复印纸", "70g 500张/包", "包", 2_350L},
            {"WL1003", "人体工学办公椅", "黑色 网布", "把", 45_900L},
            {"WL1004", "激光打印机", "LBP2900 ", "台", 129_900L},
            {"WL1005", "中性笔", "0.5mm 黑色 12支/盒", "盒", 1_800L},
            {"WL1006", "钢制文件柜", "四门", "个", 78_000L},
            {"WL1007", "电源插座", "5孔 1.8米", "个", 3_990L},
            {"WL1008", "西湖龙井　", "250g/罐", "罐", 16_800L},
        };
        try (var ps = c.prepareStatement(
                "MERGE INTO WL_WLXX (WLBM, WLMC, GG, DW, DJ_FEN, XGSJ) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Object[] row : rows) {
                ps.setString(1, (String) row[0]);
                ps.setString(2, (String) row[1]);
                ps.setString(3, (String) row[2]);
                ps.setString(4, (String) row[3]);
                ps.setLong(5, (Long) row[4]);
                ps.setString(6, SEEDED_AT);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void stock(Connection c) throws SQLException {
        Object[][] rows = {
            {"WL1001", "CK01", 500L}, {"WL1002", "CK01", 1_200L}, {"WL1003", "CK01", 80L},
            {"WL1004", "CK01", 25L}, {"WL1005", "CK01", 2_000L}, {"WL1006", "CK01", 40L},
            {"WL1007", "CK01", 600L}, {"WL1008", "CK01", 150L},
            {"WL1001", "CK02", 120L}, {"WL1002", "CK02", 300L}, {"WL1008", "CK02", 60L},
        };
        try (var ps = c.prepareStatement("MERGE INTO KC_KCXX (WLBM, CK, SL, XGSJ) VALUES (?, ?, ?, ?)")) {
            for (Object[] row : rows) {
                ps.setString(1, (String) row[0]);
                ps.setString(2, (String) row[1]);
                ps.setLong(3, (Long) row[2]);
                ps.setString(4, SEEDED_AT);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void orders(Connection c) throws SQLException {
        order(c, 1, "C00001", "20261015", "", "SHIPPED", "20261017", "SF1234567890",
                new long[][] {{1001, 10, 8_900}, {1005, 20, 1_800}});
        order(c, 2, "C00003", "20261020", "月底前交货", "NEW", null, null,
                new long[][] {{1003, 4, 45_900}});
        order(c, 3, "C00002", "20261028", "加急", "NEW", null, null,
                new long[][] {{1008, 6, 16_800}, {1002, 2, 2_350}});
    }

    private static void order(Connection c, long number, String customer, String date, String remark, String status,
            String shipDate, String tracking, long[][] lines) throws SQLException {
        String orderNo = ErpSchema.orderNumber(number);
        try (var ps = c.prepareStatement("DELETE FROM XS_DDMX WHERE XSDDH = ?")) {
            ps.setString(1, orderNo);
            ps.executeUpdate();
        }
        long total = 0;
        try (var ps = c.prepareStatement(
                "MERGE INTO XS_DDMX (XSDDH, HH, WLBM, SL, DJ_FEN, JE_FEN) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < lines.length; i++) {
                long amount = lines[i][1] * lines[i][2];
                total += amount;
                ps.setString(1, orderNo);
                ps.setInt(2, i + 1);
                ps.setString(3, "WL" + lines[i][0]);
                ps.setLong(4, lines[i][1]);
                ps.setLong(5, lines[i][2]);
                ps.setLong(6, amount);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (var ps = c.prepareStatement("""
                MERGE INTO XS_DD (XSDDH, KHBM, DJRQ, JE_FEN, BZ, WBDH, ZT, FHRQ, WLDH, CJSJ, XGSJ)
                VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, orderNo);
            ps.setString(2, customer);
            ps.setString(3, date);
            ps.setLong(4, total);
            ps.setString(5, remark);
            ps.setString(6, status);
            ps.setString(7, shipDate);
            ps.setString(8, tracking);
            ps.setString(9, date + "093000");
            ps.setString(10, SEEDED_AT);
            ps.executeUpdate();
        }
    }

    private static void finance(Connection c) throws SQLException {
        // order XS00000001: 125 000 fen including 13 % VAT
        try (var st = c.createStatement()) {
            st.execute("""
                    MERGE INTO CW_FP (FPH, XSDDH, KHBM, KPRQ, JE_FEN, SE_FEN, ZT, XGSJ)
                    VALUES ('04471234', 'XS00000001', 'C00001', '20261018', 110619, 14381, 'VALID', '%s')"""
                    .formatted(SEEDED_AT));
            st.execute("""
                    MERGE INTO CW_SK (SKDH, KHBM, FPH, SKRQ, JE_FEN, FKFS, XGSJ)
                    VALUES ('SK00000001', 'C00001', '04471234', '20261025', 125000, '电汇', '%s')"""
                    .formatted(SEEDED_AT));
        }
    }
}
