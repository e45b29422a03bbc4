package io.fleetwise.planner.workload;

import java.util.SplittableRandom;

/**
 * Every request with the same input and output length: a throughput-table cell simulates its bucket's
 * representative request this way. Knowing that every request is alike lets the capacity search judge the
 * unloaded case from one request.
 */
public record FixedLengths(int inputTokens, int outputTokens) implements LengthDistribution {

    public FixedLengths {
        if (inputTokens < 1 || outputTokens < 1) {
            throw new IllegalArgumentException("Fixed lengths must be >= 1 token, were " + inputTokens + " in / "
                    + outputTokens + " out");
        }
    }

    @Override
    public void sample(SplittableRandom random, int[] out) {
        out[0] = inputTokens;
        out[1] = outputTokens;
    }

    @Override
    public String name() {
        return "fixed " + inputTokens + " in / " + outputTokens + " out";
    }
}
