package io.fleetwise.profiler.runs;

import io.fleetwise.planner.sim.LoadMode;

/**
 * How a benchmark client sent a run's requests: Poisson (gamma when {@code burstiness} is not 1) arrivals at
 * {@code ratePerS} (infinite: every request at t = 0), optionally at most {@code maxConcurrency} in flight, or offline.
 *
 * @param maxConcurrency the client's cap, or 0 for none
 */
public record RunLoad(double ratePerS, double burstiness, int maxConcurrency, boolean offline) {

    public RunLoad {
        if (!(ratePerS > 0)) {
            throw new IllegalArgumentException("A run's request rate must be > 0 (or infinite), was " + ratePerS);
        }
        if (!(burstiness > 0) || Double.isInfinite(burstiness)) {
            throw new IllegalArgumentException("A run's burstiness must be > 0 and finite, was " + burstiness);
        }
        if (maxConcurrency < 0) {
            throw new IllegalArgumentException("A run's max concurrency must be >= 0 (0 = none), was " + maxConcurrency);
        }
    }

    public static RunLoad openLoop(double ratePerS) {
        return new RunLoad(ratePerS, 1.0, 0, false);
    }

    /** The simulator's load mode for this run. */
    public LoadMode loadMode() {
        return offline ? LoadMode.offline() : maxConcurrency > 0 ? LoadMode.closedLoop(maxConcurrency) : LoadMode.openLoop();
    }

    /** "rate inf, max 64 in flight", "rate 4.0/s", "offline". */
    public String label() {
        if (offline) {
            return "offline";
        }
        String rate = Double.isInfinite(ratePerS) ? "rate inf" : String.format(java.util.Locale.ROOT, "rate %.3g/s", ratePerS);
        if (burstiness != 1.0) {
            rate += String.format(java.util.Locale.ROOT, " (burstiness %.3g)", burstiness);
        }
        return maxConcurrency > 0 ? rate + ", max " + maxConcurrency + " in flight" : rate;
    }
}
