package io.fleetwise.planner.workload;

import java.util.SplittableRandom;

/**
 * A joint input x output length histogram: {@code counts[i][j]} requests with input in
 * [inputEdges[i], inputEdges[i+1]) and output in [outputEdges[j], outputEdges[j+1]); lengths are uniform inside a bucket.
 */
public final class BucketHistogram2D implements LengthDistribution {
    private final String name;
    private final int[] inputEdges;
    private final int[] outputEdges;
    private final double[] cumulative;

    public BucketHistogram2D(String name, int[] inputEdges, int[] outputEdges, double[][] counts) {
        this.name = name;
        if (inputEdges.length < 2 || outputEdges.length < 2 || counts.length != inputEdges.length - 1) {
            throw new IllegalArgumentException("BucketHistogram2D " + name + ": counts must be (inputs-1) x (outputs-1)");
        }
        this.inputEdges = inputEdges.clone();
        this.outputEdges = outputEdges.clone();
        int ni = inputEdges.length - 1;
        int no = outputEdges.length - 1;
        cumulative = new double[ni * no];
        double sum = 0;
        for (int i = 0; i < ni; i++) {
            if (counts[i].length != no) {
                throw new IllegalArgumentException("BucketHistogram2D " + name + ": row " + i + " has " + counts[i].length
                        + " buckets, expected " + no);
            }
            for (int j = 0; j < no; j++) {
                if (counts[i][j] < 0) {
                    throw new IllegalArgumentException("BucketHistogram2D " + name + ": count[" + i + "][" + j + "] < 0");
                }
                sum += counts[i][j];
                cumulative[i * no + j] = sum;
            }
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("BucketHistogram2D " + name + ": all counts are 0");
        }
    }

    /** Builds the histogram of a trace's lengths on the given edges (lengths beyond the last edge go to the last bucket). */
    public static BucketHistogram2D of(RequestTrace trace, int[] inputEdges, int[] outputEdges) {
        double[][] counts = new double[inputEdges.length - 1][outputEdges.length - 1];
        for (int r = 0; r < trace.size(); r++) {
            counts[bucket(inputEdges, trace.inputTokens(r))][bucket(outputEdges, trace.outputTokens(r))]++;
        }
        return new BucketHistogram2D(trace.name() + " histogram", inputEdges, outputEdges, counts);
    }

    private static int bucket(int[] edges, int v) {
        for (int i = edges.length - 2; i >= 0; i--) {
            if (v >= edges[i]) {
                return i;
            }
        }
        return 0;
    }

    @Override
    public void sample(SplittableRandom random, int[] out) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        int no = outputEdges.length - 1;
        int i = lo / no;
        int j = lo % no;
        out[0] = Math.max(1, inputEdges[i] + random.nextInt(Math.max(1, inputEdges[i + 1] - inputEdges[i])));
        out[1] = Math.max(1, outputEdges[j] + random.nextInt(Math.max(1, outputEdges[j + 1] - outputEdges[j])));
    }

    @Override
    public String name() {
        return name;
    }
}
