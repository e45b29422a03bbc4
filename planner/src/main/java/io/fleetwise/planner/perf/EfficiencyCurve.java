package io.fleetwise.planner.perf;

/**
 * Achieved fraction of a peak (FLOP/s or bytes/s) as a function of problem size, piecewise linear in
 * log(size) between measured points and flat beyond the ends. Immutable.
 */
public final class EfficiencyCurve {
    private final double[] logSizes;
    /** As given: exp(log(size)) is not always size, and a curve written out and read back must predict the same. */
    private final double[] sizes;
    private final double[] fractions;

    public EfficiencyCurve(double[] sizes, double[] fractions) {
        if (sizes.length == 0 || sizes.length != fractions.length) {
            throw new IllegalArgumentException("EfficiencyCurve needs equally many sizes and fractions (>0), got "
                    + sizes.length + " and " + fractions.length);
        }
        this.logSizes = new double[sizes.length];
        this.sizes = sizes.clone();
        this.fractions = fractions.clone();
        for (int i = 0; i < sizes.length; i++) {
            if (!(sizes[i] > 0) || (i > 0 && sizes[i] <= sizes[i - 1])) {
                throw new IllegalArgumentException("EfficiencyCurve sizes must be positive and increasing; size[" + i + "]=" + sizes[i]);
            }
            if (!(fractions[i] > 0 && fractions[i] <= 1.0)) {
                throw new IllegalArgumentException("EfficiencyCurve fraction[" + i + "] must be in (0, 1], was " + fractions[i]);
            }
            logSizes[i] = Math.log(sizes[i]);
        }
    }

    public static EfficiencyCurve constant(double fraction) {
        return new EfficiencyCurve(new double[] {1.0}, new double[] {fraction});
    }

    public double at(double size) {
        int n = logSizes.length;
        if (n == 1 || size <= 0) {
            return fractions[0];
        }
        double x = Math.log(size);
        if (x <= logSizes[0]) {
            return fractions[0];
        }
        if (x >= logSizes[n - 1]) {
            return fractions[n - 1];
        }
        int i = 1;
        while (logSizes[i] < x) {
            i++;
        }
        double t = (x - logSizes[i - 1]) / (logSizes[i] - logSizes[i - 1]);
        return fractions[i - 1] + t * (fractions[i] - fractions[i - 1]);
    }

    public double[] sizes() {
        return sizes.clone();
    }

    public double[] fractions() {
        return fractions.clone();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("EfficiencyCurve[");
        for (int i = 0; i < logSizes.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.3g:%.3f", Math.exp(logSizes[i]), fractions[i]));
        }
        return sb.append(']').toString();
    }
}
