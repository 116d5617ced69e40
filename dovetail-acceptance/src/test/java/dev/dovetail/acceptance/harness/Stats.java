package dev.dovetail.acceptance.harness;

import java.util.Collection;

/** Percentiles of measured values. */
public final class Stats {
    private Stats() {}

    /** The {@code p}-th percentile (0..100, nearest rank) of {@code values}; NaN when there are none. */
    public static double percentile(Collection<Double> values, double p) {
        if (values.isEmpty()) return Double.NaN;
        var sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Rounded to a tenth, for result files. */
    public static double tenth(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
