package io.fleetwise.planner.workload;

import java.util.SplittableRandom;

/** Synthetic request traces from an arrival process and a length distribution; same seed, same trace. */
public final class WorkloadGenerator {
    private WorkloadGenerator() {
    }

    public static RequestTrace generate(String name, int requests, ArrivalProcess arrivals, LengthDistribution lengths,
                                        long seed) {
        io.fleetwise.planner.ingest.InputBounds.intIn("requests", requests, 0,
                io.fleetwise.planner.ingest.InputLimits.MAX_REQUESTS);
        SplittableRandom random = new SplittableRandom(seed);
        SplittableRandom lengthRandom = random.split();
        long[] t = arrivals.arrivalsNs(requests, random);
        int[] in = new int[requests];
        int[] out = new int[requests];
        int[] pair = new int[2];
        for (int i = 0; i < requests; i++) {
            lengths.sample(lengthRandom, pair);
            in[i] = pair[0];
            out[i] = pair[1];
        }
        return new RequestTrace(name, t, in, out);
    }

    /** Shortcut: Poisson arrivals at {@code ratePerS} with a named length preset. */
    public static RequestTrace poisson(String preset, double ratePerS, int requests, long seed) {
        return generate(preset + " @" + ratePerS + "/s", requests, ArrivalProcess.poisson(ratePerS),
                LengthPresets.preset(preset), seed);
    }
}
