package dev.dovetail.mapping;

import static dev.dovetail.mapping.Engines.mapping;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** jsonata-java keeps per-thread state; one compiled mapping must still give each caller its own correct result. */
class ConcurrencyTest {
    static final int THREADS = 8;
    static final int PER_THREAD = 300;

    final MappingEngine engine = Engines.engine(
            mapping("erp/order.out", BenchOrderMappingTest.ORDER_OUT),
            mapping("other", "{ 'id': $$.id, 'twice': $.amount * 2, 'names': lines.sku }"));

    static Map<String, Object> event(int n) {
        var lines = new ArrayList<Object>();
        for (int l = 0; l <= n % 3; l++) lines.add(Map.of("sku", "SKU-" + n + "-" + l, "qty", l + 1, "unitPrice", n + 0.5));
        String[] stages = {"Closed Won", "Closed Lost", "Negotiation", "Proposal", "Lead"};
        return Map.of("id", "OPP-" + n, "accountId", "ACC-" + n, "stage", stages[n % stages.length], "amount", n + 0.25,
                "currency", n % 2 == 0 ? "CNY" : "USD", "closeDate", String.format("2026-%02d-%02dT23:00:00-05:00", 1 + n % 12, 1 + n % 28),
                "lines", lines);
    }

    static String expectedOrder(int n) {
        String[] zt = {"APPROVED", "CANCELLED", "PENDING", "DRAFT", "UNKNOWN"};
        var mx = new StringBuilder();
        for (int l = 0; l <= n % 3; l++) {
            if (l > 0) mx.append(',');
            mx.append("{\"WLBM\":\"SKU-").append(n).append('-').append(l).append("\",\"SL\":").append(l + 1)
                    .append(",\"DJ_FEN\":").append(n * 100L + 50).append('}');
        }
        return "{\"XSDDH\":\"OPP-" + n + "\",\"KHBM\":\"C" + String.format("%05d", n) + "\",\"DJRQ\":\""
                + String.format("2026%02d%02d", 1 + n % 12, 1 + n % 28) + "\",\"JE_FEN\":" + (n * 100L + 25) + ",\"BZ\":\""
                + (n % 2 == 0 ? "CNY" : "USD") + "\",\"ZT\":\"" + zt[n % zt.length] + "\",\"MX\":[" + mx + "]}";
    }

    @Test
    void many_threads_evaluating_the_same_compiled_mapping_each_get_their_own_correct_result() throws Exception {
        var start = new CountDownLatch(1);
        var tasks = new ArrayList<Callable<List<String>>>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> {
                start.await();
                var wrong = new ArrayList<String>();
                for (int i = 0; i < PER_THREAD; i++) {
                    int n = thread * PER_THREAD + i;
                    var result = engine.evaluate("erp/order.out", event(n));
                    String got = result instanceof MappingResult.Success s ? JsonValues.render(s.output()) : result.toString();
                    if (!got.equals(expectedOrder(n))) wrong.add(n + ": " + got);
                    // Interleave other mappings and freshly parsed inline expressions on the same thread:
                    // parsing sets jsonata-java's static per-thread instance, the cause of its issue #93.
                    var other = engine.evaluate("other", Map.of("id", n, "amount", n, "lines", List.of(Map.of("sku", "x"))));
                    if (!(other instanceof MappingResult.Success o) || !o.output().equals(Map.of("id", (long) n, "twice", 2L * n, "names", "x"))) {
                        wrong.add(n + " other: " + other);
                    }
                    var inline = engine.evaluateExpression("$valuemap('order-stage', s) & '-" + (n % 700) + "'", Map.of("s", "Proposal"));
                    if (!(inline instanceof MappingResult.Success in) || !in.output().equals("DRAFT-" + (n % 700))) wrong.add(n + " inline: " + inline);
                }
                return wrong;
            });
        }
        try (var pool = Executors.newFixedThreadPool(THREADS)) {
            var futures = new ArrayList<Future<List<String>>>();
            for (var task : tasks) futures.add(pool.submit(task));
            start.countDown();
            var wrong = new ArrayList<String>();
            for (var f : futures) wrong.addAll(f.get());
            assertThat(wrong).isEmpty();
        }
    }

    @Test
    void virtual_threads_get_correct_results_too() throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<String>>();
            for (int n = 0; n < 500; n++) {
                int k = n;
                futures.add(pool.submit(() -> JsonValues.render(((MappingResult.Success) engine.evaluate("erp/order.out", event(k))).output())));
            }
            for (int n = 0; n < futures.size(); n++) assertThat(futures.get(n).get()).isEqualTo(expectedOrder(n));
        }
    }
}
