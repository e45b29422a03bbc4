package io.fleetwise.planner.workload;

import java.util.SplittableRandom;

/** Gamma inter-arrival gaps (Marsaglia-Tsang sampling); shape 1/cv^2, mean 1/rate. */
record GammaArrivals(double ratePerS, double cv) implements ArrivalProcess {

    GammaArrivals {
        if (!(ratePerS > 0)) {
            throw new IllegalArgumentException("Arrival rate must be > 0 requests/s, was " + ratePerS);
        }
        if (!(cv > 0)) {
            throw new IllegalArgumentException("Burstiness CV must be > 0, was " + cv);
        }
    }

    @Override
    public long[] arrivalsNs(int n, SplittableRandom random) {
        double shape = 1.0 / (cv * cv);
        double scaleS = 1.0 / (ratePerS * shape);
        long[] t = new long[n];
        double now = 0;
        for (int i = 0; i < n; i++) {
            now += sampleGamma(shape, random) * scaleS;
            t[i] = (long) (now * 1e9);
        }
        return t;
    }

    @Override
    public double meanRatePerS() {
        return ratePerS;
    }

    static double sampleGamma(double shape, SplittableRandom random) {
        if (shape == 1.0) {
            return -Math.log(1.0 - random.nextDouble());
        }
        if (shape < 1.0) {
            // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a).
            double u = random.nextDouble();
            return sampleGamma(shape + 1.0, random) * Math.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = gaussian(random);
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
