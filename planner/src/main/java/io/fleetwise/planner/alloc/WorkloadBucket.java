package io.fleetwise.planner.alloc;

import java.util.Objects;

/**
 * One cell of the workload histogram: requests whose input and output lengths fall in these token
 * ranges, carrying {@code rateShare} of the total request rate. Ranges are {@code [min, max)}; a
 * bucket read from a Mélange config has no ranges (all four are 0) and is named by its row and column.
 */
public record WorkloadBucket(String name, int inputMinTokens, int inputMaxTokens, int outputMinTokens,
                             int outputMaxTokens, double rateShare) {

    public WorkloadBucket {
        Objects.requireNonNull(name, "name");
        if (!(rateShare >= 0) || Double.isInfinite(rateShare)) {
            throw new IllegalArgumentException("Bucket " + name + ": rate share must be a finite number >= 0, was "
                    + rateShare);
        }
        if (inputMinTokens < 0 || outputMinTokens < 0 || inputMaxTokens < inputMinTokens
                || outputMaxTokens < outputMinTokens) {
            throw new IllegalArgumentException("Bucket " + name + ": token ranges must satisfy 0 <= min <= max, were input "
                    + inputMinTokens + "-" + inputMaxTokens + ", output " + outputMinTokens + "-" + outputMaxTokens);
        }
    }

    /** A bucket with token ranges, named the way users read it: "input 256-512 x output 64-128". */
    public static WorkloadBucket ofRanges(int inputMinTokens, int inputMaxTokens, int outputMinTokens,
                                          int outputMaxTokens, double rateShare) {
        return new WorkloadBucket(rangeName(inputMinTokens, inputMaxTokens, outputMinTokens, outputMaxTokens),
                inputMinTokens, inputMaxTokens, outputMinTokens, outputMaxTokens, rateShare);
    }

    /** A Mélange histogram cell, which carries no token ranges. */
    public static WorkloadBucket ofCell(int row, int column, double rateShare) {
        return new WorkloadBucket("input row " + row + " x output column " + column, 0, 0, 0, 0, rateShare);
    }

    public static String rangeName(int inputMin, int inputMax, int outputMin, int outputMax) {
        return "input " + inputMin + "-" + inputMax + " x output " + outputMin + "-" + outputMax;
    }

    public boolean hasTokenRanges() {
        return inputMaxTokens > 0 && outputMaxTokens > 0;
    }

    /** The input length that stands for the bucket when profiling or simulating it (the range midpoint). */
    public int representativeInputTokens() {
        return Math.max(1, (inputMinTokens + inputMaxTokens) / 2);
    }

    public int representativeOutputTokens() {
        return Math.max(1, (outputMinTokens + outputMaxTokens) / 2);
    }

    public WorkloadBucket withRateShare(double share) {
        return new WorkloadBucket(name, inputMinTokens, inputMaxTokens, outputMinTokens, outputMaxTokens, share);
    }
}
