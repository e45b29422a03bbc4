package io.fleetwise.planner.workload;

import java.util.SplittableRandom;

/** Poisson arrivals with a rate that follows a 24-hour curve, sampled by thinning. */
record DiurnalArrivals(double[] hourlyRatePerS) implements ArrivalProcess {

    DiurnalArrivals {
        if (hourlyRatePerS.length != 24) {
            throw new IllegalArgumentException("A diurnal curve needs 24 hourly rates, got " + hourlyRatePerS.length);
        }
        hourlyRatePerS = hourlyRatePerS.clone();
        for (int h = 0; h < 24; h++) {
            if (!(hourlyRatePerS[h] >= 0)) {
                throw new IllegalArgumentException("Hourly rate " + h + " must be >= 0, was " + hourlyRatePerS[h]);
            }
        }
    }

    double rateAt(double seconds) {
        double hours = (seconds / 3600.0) % 24.0;
        int h = (int) hours;
        double f = hours - h;
        return hourlyRatePerS[h] * (1 - f) + hourlyRatePerS[(h + 1) % 24] * f;
    }

    @Override
    public long[] arrivalsNs(int n, SplittableRandom random) {
        double peak = 0;
        for (double r : hourlyRatePerS) {
            peak = Math.max(peak, r);
        }
        if (!(peak > 0)) {
            throw new IllegalArgumentException("A diurnal curve needs some hour with a rate > 0");
        }
        long[] t = new long[n];
        double now = 0;
        int i = 0;
        while (i < n) {
            now += -Math.log(1.0 - random.nextDouble()) / peak;
            if (random.nextDouble() * peak <= rateAt(now)) {
                t[i++] = (long) (now * 1e9);
            }
        }
        return t;
    }

    @Override
    public double meanRatePerS() {
        double s = 0;
        for (double r : hourlyRatePerS) {
            s += r;
        }
        return s / 24;
    }
}
