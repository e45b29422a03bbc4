package io.fleetwise.profiler.calibrate;

import java.util.function.LongSupplier;

/**
 * JIT warm-up for the CPU device: repeats an untimed pass until its duration settles. One pass was not enough: the
 * HotSpot JIT was still replacing profiled code with optimised code, and a sweep repeated after a few executions
 * ran its elementwise cases in 0.67-0.73x and its GEMMs in 0.79-0.96x the time of the first.
 */
public final class WarmUp {
    /** Consecutive passes within this fraction of each other count as settled. */
    static final double SETTLED = 0.05;

    private WarmUp() {
    }

    /**
     * Runs {@code pass} (which returns its duration in ns) at least {@code minPasses} and at most {@code maxPasses}
     * times, stopping once two consecutive passes differ by less than 5%. Returns how many passes ran.
     */
    public static int untilSettled(LongSupplier pass, int minPasses, int maxPasses) {
        long previous = -1;
        for (int i = 1; i <= maxPasses; i++) {
            long ns = pass.getAsLong();
            if (i >= minPasses && previous > 0 && Math.abs(ns - previous) < SETTLED * previous) {
                return i;
            }
            previous = ns;
        }
        return maxPasses;
    }
}
