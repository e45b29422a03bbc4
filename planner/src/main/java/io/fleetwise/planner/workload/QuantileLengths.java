package io.fleetwise.planner.workload;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Independent input and output lengths drawn by inverse-CDF sampling, piecewise linear between listed percentiles
 * (the method trace_length_quantiles.csv is meant for; captures multi-modal and capped distributions).
 */
public record QuantileLengths(String name, double[] percentiles, double[] inputTokens, double[] outputTokens)
        implements LengthDistribution {

    public QuantileLengths {
        Objects.requireNonNull(name, "name");
        if (percentiles.length < 2 || inputTokens.length != percentiles.length || outputTokens.length != percentiles.length) {
            throw new IllegalArgumentException("QuantileLengths " + name + ": need >= 2 percentiles and as many input/output values");
        }
        if (percentiles[0] != 0 || percentiles[percentiles.length - 1] != 100) {
            throw new IllegalArgumentException("QuantileLengths " + name + ": percentiles must run from 0 to 100");
        }
        percentiles = percentiles.clone();
        inputTokens = inputTokens.clone();
        outputTokens = outputTokens.clone();
    }

    @Override
    public void sample(SplittableRandom random, int[] out) {
        out[0] = Math.max(1, (int) Math.round(inverse(inputTokens, random.nextDouble() * 100)));
        out[1] = Math.max(1, (int) Math.round(inverse(outputTokens, random.nextDouble() * 100)));
    }

    double inverse(double[] values, double pct) {
        int i = 1;
        while (i < percentiles.length - 1 && percentiles[i] < pct) {
            i++;
        }
        double f = (pct - percentiles[i - 1]) / (percentiles[i] - percentiles[i - 1]);
        return values[i - 1] + f * (values[i] - values[i - 1]);
    }

    public double inputQuantile(double pct) {
        return inverse(inputTokens, pct);
    }

    public double outputQuantile(double pct) {
        return inverse(outputTokens, pct);
    }
}
