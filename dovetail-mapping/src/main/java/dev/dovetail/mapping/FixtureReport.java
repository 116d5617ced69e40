package dev.dovetail.mapping;

import java.util.List;

/** The results of a fixture run, in the order the fixtures were given. */
public record FixtureReport(List<FixtureResult> results) {

    public FixtureReport {
        results = List.copyOf(results);
    }

    public long passed() {
        return results.stream().filter(r -> r instanceof FixtureResult.Passed).count();
    }

    public long failed() {
        return results.stream().filter(r -> r instanceof FixtureResult.Failed).count();
    }

    public long errored() {
        return results.stream().filter(r -> r instanceof FixtureResult.Errored).count();
    }

    /** True when every fixture passed. */
    public boolean allPassed() {
        return passed() == results.size();
    }

    /**
     * Readable text: one line per fixture ({@code PASS}/{@code FAIL}/{@code ERROR}, name, file:line),
     * under each failure the mapping and one line per difference, under each error the failure, and
     * a summary line, e.g.:
     * <pre>
     * FAIL  order won becomes an ERP order  (tests/orders.yaml:3)
     *       mapping erp/order.out
     *       $.MX[0].DJ_FEN: expected 10050, got 10051
     *       $.ZT: missing (expected "APPROVED")
     *
     * 2 fixtures: 1 passed, 1 failed, 0 errors
     * </pre>
     */
    public String formatReport() {
        var sb = new StringBuilder();
        for (FixtureResult result : results) {
            var f = result.fixture();
            String where = "  (" + f.file() + ":" + f.line() + ")";
            switch (result) {
                case FixtureResult.Passed p -> sb.append("PASS  ").append(f.name()).append(where).append('\n');
                case FixtureResult.Failed failed -> {
                    sb.append("FAIL  ").append(f.name()).append(where).append('\n');
                    sb.append("      mapping ").append(f.mapping()).append('\n');
                    for (Difference d : failed.differences()) sb.append("      ").append(d.describe()).append('\n');
                }
                case FixtureResult.Errored errored -> {
                    sb.append("ERROR ").append(f.name()).append(where).append('\n');
                    sb.append("      mapping ").append(f.mapping()).append('\n');
                    sb.append("      ").append(errored.failure().format()).append('\n');
                }
            }
        }
        if (!results.isEmpty()) sb.append('\n');
        sb.append(summary());
        return sb.toString();
    }

    /** E.g. {@code 3 fixtures: 1 passed, 1 failed, 1 error}. */
    public String summary() {
        long errors = errored();
        return results.size() + (results.size() == 1 ? " fixture: " : " fixtures: ") + passed() + " passed, " + failed() + " failed, "
                + errors + (errors == 1 ? " error" : " errors");
    }
}
