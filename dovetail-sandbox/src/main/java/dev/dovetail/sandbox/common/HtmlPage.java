package dev.dovetail.sandbox.common;

import java.util.List;
import java.util.Map;

/**
 * A minimal HTML page for a person to watch a system's records: a title, tables, paragraphs,
 * optional trusted HTML, and a meta refresh (every 3 seconds unless changed) so data can be
 * watched as it arrives. Everything but {@link #raw} is escaped.
 *
 * <pre>{@code
 * HtmlPage.titled("CRM").table("Accounts", List.of("id", "name"), rows).render()
 * }</pre>
 */
public final class HtmlPage {

    private final String title;
    private final StringBuilder body = new StringBuilder();
    private int refreshSeconds = 3;

    private HtmlPage(String title) {
        this.title = title;
    }

    public static HtmlPage titled(String title) {
        return new HtmlPage(title);
    }

    /** Auto-refresh interval; 0 turns it off (e.g. on pages with forms). */
    public HtmlPage refreshEverySeconds(int seconds) {
        this.refreshSeconds = seconds;
        return this;
    }

    public HtmlPage heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlPage paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A table of rows of cells; cells are printed with {@code String.valueOf} and escaped. */
    public HtmlPage table(String caption, List<String> columns, List<? extends List<?>> rows) {
        body.append("<table>\n<caption>").append(escape(caption)).append(" (").append(rows.size())
                .append(")</caption>\n<thead><tr>");
        for (String column : columns) {
            body.append("<th>").append(escape(column)).append("</th>");
        }
        body.append("</tr></thead>\n<tbody>\n");
        for (List<?> row : rows) {
            body.append("<tr>");
            for (Object cell : row) {
                body.append("<td>").append(escape(cell)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody>\n</table>\n");
        return this;
    }

    /**
     * A table of JSON records; each column is a field path such as {@code owner.email}; missing
     * values show empty.
     */
    public HtmlPage records(String caption, List<String> fields, List<Map<String, Object>> records) {
        List<List<Object>> rows = records.stream().map(r -> fields.stream().map(f -> field(r, f)).toList()).toList();
        return table(caption, fields, rows);
    }

    /** Trusted HTML, inserted as is (the caller escapes what it interpolates). */
    public HtmlPage raw(String html) {
        body.append(html).append('\n');
        return this;
    }

    public String render() {
        StringBuilder page = new StringBuilder(body.length() + 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        if (refreshSeconds > 0) {
            page.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">\n");
        }
        page.append("<title>").append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:.9em}")
                .append("caption{text-align:left;font-weight:bold;padding:.3em 0}")
                .append("th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}")
                .append("th{background:#f0f0f0}form{display:inline}")
                .append("\n</style></head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n")
                .append(body)
                .append("</body></html>\n");
        return page.toString();
    }

    /** HTML-escapes a value's text ({@code null} gives the empty string). */
    public static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static Object field(Map<String, Object> record, String path) {
        Object current = record;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        if (current instanceof List<?> list) {
            return list.size() + " item(s)";
        }
        return current;
    }
}
