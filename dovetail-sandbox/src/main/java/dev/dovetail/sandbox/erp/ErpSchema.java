package dev.dovetail.sandbox.erp;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The ERP's tables, named the way old Chinese ERPs name them: pinyin initials, dates as
 * {@code yyyyMMdd} text, timestamps as {@code yyyyMMddHHmmss} text (Asia/Shanghai), amounts as
 * integer fen. docs/sandbox.md lists every column.
 */
final class ErpSchema {

    /** Tables in the order they are emptied (children first). */
    static final List<String> TABLES = List.of(
            "CW_SK", "CW_FP", "XS_DDMX", "XS_DD", "XT_MDJ", "KC_KCXX", "WL_WLXX", "KH_KHXX");

    /** First number handed out by {@code XS_DDH_SEQ}; seed orders use numbers below it. */
    static final long FIRST_ORDER_NUMBER = 1001;

    private ErpSchema() {}

    static void create(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            // 客户信息: customers
            st.execute("""
                    CREATE TABLE IF NOT EXISTS KH_KHXX (
                      KHBM VARCHAR(20) PRIMARY KEY,
                      KHMC VARCHAR(100) NOT NULL,
                      SH   VARCHAR(30),
                      DH   VARCHAR(30),
                      DZ   VARCHAR(200),
                      LXR  VARCHAR(30),
                      XGSJ CHAR(14) NOT NULL)""");
            // 物料信息: materials
            st.execute("""
                    CREATE TABLE IF NOT EXISTS WL_WLXX (
                      WLBM   VARCHAR(20) PRIMARY KEY,
                      WLMC   VARCHAR(100) NOT NULL,
                      GG     VARCHAR(100),
                      DW     VARCHAR(10) NOT NULL,
                      DJ_FEN BIGINT NOT NULL,
                      XGSJ   CHAR(14) NOT NULL)""");
            // 库存信息: stock per material and warehouse (negative stock allowed, as in many old ERPs)
            st.execute("""
                    CREATE TABLE IF NOT EXISTS KC_KCXX (
                      WLBM VARCHAR(20) NOT NULL,
                      CK   VARCHAR(10) NOT NULL,
                      SL   BIGINT NOT NULL,
                      XGSJ CHAR(14) NOT NULL,
                      PRIMARY KEY (WLBM, CK))""");
            // 销售订单: sales orders
            st.execute("""
                    CREATE TABLE IF NOT EXISTS XS_DD (
                      XSDDH  VARCHAR(20) PRIMARY KEY,
                      KHBM   VARCHAR(20) NOT NULL,
                      DJRQ   CHAR(8) NOT NULL,
                      JE_FEN BIGINT NOT NULL,
                      BZ     VARCHAR(200),
                      WBDH   VARCHAR(64),
                      ZT     VARCHAR(10) NOT NULL,
                      FHRQ   CHAR(8),
                      WLDH   VARCHAR(64),
                      CJSJ   CHAR(14) NOT NULL,
                      XGSJ   CHAR(14) NOT NULL)""");
            st.execute("CREATE INDEX IF NOT EXISTS XS_DD_XGSJ ON XS_DD (XGSJ)");
            // 销售订单明细: order lines
            st.execute("""
                    CREATE TABLE IF NOT EXISTS XS_DDMX (
                      XSDDH  VARCHAR(20) NOT NULL,
                      HH     INT NOT NULL,
                      WLBM   VARCHAR(20) NOT NULL,
                      SL     BIGINT NOT NULL,
                      DJ_FEN BIGINT NOT NULL,
                      JE_FEN BIGINT NOT NULL,
                      PRIMARY KEY (XSDDH, HH))""");
            // 发票: invoices
            st.execute("""
                    CREATE TABLE IF NOT EXISTS CW_FP (
                      FPH    VARCHAR(20) PRIMARY KEY,
                      XSDDH  VARCHAR(20),
                      KHBM   VARCHAR(20) NOT NULL,
                      KPRQ   CHAR(8) NOT NULL,
                      JE_FEN BIGINT NOT NULL,
                      SE_FEN BIGINT NOT NULL,
                      ZT     VARCHAR(10) NOT NULL,
                      XGSJ   CHAR(14) NOT NULL)""");
            // 收款: receipts
            st.execute("""
                    CREATE TABLE IF NOT EXISTS CW_SK (
                      SKDH   VARCHAR(20) PRIMARY KEY,
                      KHBM   VARCHAR(20) NOT NULL,
                      FPH    VARCHAR(20),
                      SKRQ   CHAR(8) NOT NULL,
                      JE_FEN BIGINT NOT NULL,
                      FKFS   VARCHAR(20) NOT NULL,
                      XGSJ   CHAR(14) NOT NULL)""");
            // 幂等键: idempotency keys of createSalesOrder
            st.execute("""
                    CREATE TABLE IF NOT EXISTS XT_MDJ (
                      MDJ   VARCHAR(100) PRIMARY KEY,
                      XSDDH VARCHAR(20) NOT NULL,
                      CJSJ  CHAR(14) NOT NULL)""");
            st.execute("CREATE SEQUENCE IF NOT EXISTS XS_DDH_SEQ START WITH " + FIRST_ORDER_NUMBER);
        }
    }

    /** Empties every table and restarts the order numbers. */
    static void empty(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            for (String table : TABLES) {
                st.execute("DELETE FROM " + table);
            }
            st.execute("ALTER SEQUENCE XS_DDH_SEQ RESTART WITH " + FIRST_ORDER_NUMBER);
        }
    }

    static String orderNumber(long n) {
        return "XS%08d".formatted(n);
    }
}
