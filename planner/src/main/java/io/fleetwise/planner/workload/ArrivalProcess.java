package io.fleetwise.planner.workload;

import java.util.SplittableRandom;

/** Generates arrival times (ns from 0, non-decreasing) for n requests, reproducibly from a seeded random source. */
public interface ArrivalProcess {

    long[] arrivalsNs(int n, SplittableRandom random);

    double meanRatePerS();

    /** Poisson arrivals: exponential gaps of mean 1/rate. */
    static ArrivalProcess poisson(double ratePerS) {
        return gamma(ratePerS, 1.0);
    }

    /**
     * Gamma-distributed gaps with mean 1/rate and coefficient of variation {@code cv} (vLLM's --burstiness b is
     * shape = 1/cv^2); cv = 1 is Poisson, cv > 1 bursty.
     */
    static ArrivalProcess gamma(double ratePerS, double cv) {
        return new GammaArrivals(ratePerS, cv);
    }

    /**
     * Non-homogeneous Poisson arrivals whose rate follows a 24-hour curve: {@code hourlyRatePerS[h]} for hour h,
     * linearly interpolated and wrapping (thinning of a Poisson process at the peak rate).
     */
    static ArrivalProcess diurnal(double[] hourlyRatePerS) {
        return new DiurnalArrivals(hourlyRatePerS);
    }
}
