package io.fleetwise.planner.sim;

import java.util.Arrays;

/** Mean and percentiles (linear interpolation, numpy's default) of a latency in ms; NaN when there are no values. */
public record LatencyStats(int count, double meanMs, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

    public static LatencyStats of(double[] valuesMs, int count) {
        if (count == 0) {
            return new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] v = Arrays.copyOf(valuesMs, count);
        Arrays.sort(v);
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return new LatencyStats(count, sum / count, percentile(v, 50), percentile(v, 90), percentile(v, 99), v[count - 1]);
    }

    /** Percentile of sorted values, linear between closest ranks. */
    public static double percentile(double[] sorted, double pct) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = pct / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
