package io.fleetwise.views.simulate;

import java.util.Arrays;

/**
 * An empirical CDF of latencies, reduced to at most {@code maxPoints} steps so a chart of a
 * 100k-request run stays light: {@code latencyMs[i]} is reached by {@code fraction[i]} of requests.
 */
public record LatencyCdf(double[] latencyMs, double[] fraction) {

    public static final LatencyCdf EMPTY = new LatencyCdf(new double[0], new double[0]);

    public LatencyCdf {
        latencyMs = latencyMs.clone();
        fraction = fraction.clone();
        if (latencyMs.length != fraction.length) {
            throw new IllegalArgumentException("LatencyCdf: " + latencyMs.length + " latencies but "
                    + fraction.length + " fractions");
        }
    }

    /** CDF of {@code values} (any order; NaNs are dropped), sampled at evenly spaced ranks. */
    public static LatencyCdf of(double[] values, int maxPoints) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        int n = v.length;
        if (n == 0) {
            return EMPTY;
        }
        int points = Math.min(n, Math.max(2, maxPoints));
        double[] x = new double[points];
        double[] y = new double[points];
        for (int i = 0; i < points; i++) {
            int rank = points == 1 ? n - 1 : (int) Math.round((double) i * (n - 1) / (points - 1));
            x[i] = v[rank];
            y[i] = (rank + 1.0) / n;
        }
        return new LatencyCdf(x, y);
    }

    public int size() {
        return latencyMs.length;
    }

    public boolean isEmpty() {
        return latencyMs.length == 0;
    }

    @Override
    public double[] latencyMs() {
        return latencyMs.clone();
    }

    @Override
    public double[] fraction() {
        return fraction.clone();
    }

    /** Smallest latency that at least {@code p} (0..1) of requests reach; NaN when empty. */
    public double quantileMs(double p) {
        for (int i = 0; i < fraction.length; i++) {
            if (fraction[i] >= p) {
                return latencyMs[i];
            }
        }
        return latencyMs.length == 0 ? Double.NaN : latencyMs[latencyMs.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyCdf c && Arrays.equals(latencyMs, c.latencyMs) && Arrays.equals(fraction, c.fraction);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(latencyMs) + Arrays.hashCode(fraction);
    }

    @Override
    public String toString() {
        return "LatencyCdf[" + latencyMs.length + " points]";
    }
}
