package io.fleetwise.planner.workload;

import java.util.SplittableRandom;

/** Draws (input, output) pairs of a trace uniformly, keeping their joint distribution. */
public final class EmpiricalLengths implements LengthDistribution {
    private final String name;
    private final int[] input;
    private final int[] output;

    public EmpiricalLengths(RequestTrace trace) {
        if (trace.size() == 0) {
            throw new IllegalArgumentException("Trace " + trace.name() + " has no requests to take lengths from");
        }
        this.name = trace.name() + " lengths";
        input = new int[trace.size()];
        output = new int[trace.size()];
        for (int i = 0; i < input.length; i++) {
            input[i] = trace.inputTokens(i);
            output[i] = trace.outputTokens(i);
        }
    }

    @Override
    public void sample(SplittableRandom random, int[] out) {
        int i = random.nextInt(input.length);
        out[0] = input[i];
        out[1] = output[i];
    }

    @Override
    public String name() {
        return name;
    }
}
