package io.fleetwise.planner.workload;

import java.util.SplittableRandom;

/** Draws (input, output) token lengths of one request; {@code out[0]} = input, {@code out[1]} = output. */
public interface LengthDistribution {

    void sample(SplittableRandom random, int[] out);

    String name();
}
