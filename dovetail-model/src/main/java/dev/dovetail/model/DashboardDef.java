package dev.dovetail.model;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code dashboards/<name>.yaml}: KPIs shown on a dashboard and alert rules over them. */
public record DashboardDef(String name, String file, String title, List<Kpi> kpis, List<Alert> alerts) {
    public DashboardDef {
        kpis = kpis == null ? List.of() : List.copyOf(kpis);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    /**
     * @param metric    a Dovetail metric name, e.g. {@code dovetail.deliveries}
     * @param filter    tag name to required value, e.g. {@code {flow: order-relay, outcome: failed}}
     * @param aggregate how samples in the window are combined
     * @param window    the time window (default 1h)
     */
    public record Kpi(String id, String title, String metric, Map<String, String> filter, Aggregate aggregate, Duration window) {
        public Kpi {
            filter = filter == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(filter));
        }
    }

    /**
     * @param when        {@code <kpi id> <op> <number>}, op one of {@code > >= < <= == !=}, e.g. {@code dead-letters > 0}
     * @param forDuration how long the condition must hold before the alert fires (YAML key {@code for}, default 0)
     * @param notifyTo    (YAML key {@code notify}) where to send it, e.g. {@code im:ops-group}, {@code mail:ops@example.com}
     */
    public record Alert(String id, String when, Duration forDuration, Severity severity, List<String> notifyTo) {
        public Alert {
            notifyTo = notifyTo == null ? List.of() : List.copyOf(notifyTo);
        }
    }

    public enum Severity {
        INFO, WARNING, CRITICAL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Aggregate {
        COUNT, SUM, AVG, MIN, MAX, RATE, LAST, P50, P95, P99;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
