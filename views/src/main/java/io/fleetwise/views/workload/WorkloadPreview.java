package io.fleetwise.views.workload;

import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.WorkloadBuckets;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.Arrays;
import java.util.List;

/**
 * What the Workload area's charts show, computed from a request trace off the FX thread: length histograms on
 * power-of-two bins, the arrival rate over time, and the fleet allocator's 2D input x output bucket shares.
 *
 * @param lengthBinEdges  histogram bin edges in tokens; the last bin also holds longer requests
 * @param rateBinS        width of one arrival-rate bin, seconds
 * @param ratePerS        requests per second in each bin
 * @param bucketShares    share of requests in input bucket i x output bucket j ({@link #INPUT_BUCKET_EDGES},
 *                        {@link #OUTPUT_BUCKET_EDGES}), as {@link WorkloadBuckets#fromTrace} gives the allocator
 */
public record WorkloadPreview(String name, int requests, double meanRatePerS, double spanS, double meanInputTokens,
                              double meanOutputTokens, int[] lengthBinEdges, long[] inputCounts, long[] outputCounts,
                              double rateBinS, double[] ratePerS, double[][] bucketShares) {

    /** Bucket edges of the allocator heat map: short/medium/long prompts and answers as Mélange splits them. */
    public static final int[] INPUT_BUCKET_EDGES = {1, 128, 512, 2048, 8192, 32768};
    public static final int[] OUTPUT_BUCKET_EDGES = {1, 64, 256, 1024, 4096};
    static final int[] LENGTH_BIN_EDGES = {1, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};
    private static final int RATE_BINS = 60;

    public static WorkloadPreview of(RequestTrace trace) {
        int n = trace.size();
        if (n == 0) {
            throw new IllegalArgumentException("Trace '" + trace.name() + "' has no requests");
        }
        long[] in = new long[LENGTH_BIN_EDGES.length];
        long[] out = new long[LENGTH_BIN_EDGES.length];
        double sumIn = 0;
        double sumOut = 0;
        for (int r = 0; r < n; r++) {
            in[bin(trace.inputTokens(r))]++;
            out[bin(trace.outputTokens(r))]++;
            sumIn += trace.inputTokens(r);
            sumOut += trace.outputTokens(r);
        }
        double spanS = Math.max(trace.spanNs() / 1e9, 1e-9);
        double binS = spanS / RATE_BINS;
        double[] rate = new double[RATE_BINS];
        long first = trace.arrivalNs(0);
        for (int r = 0; r < n; r++) {
            int b = (int) Math.min(RATE_BINS - 1, (trace.arrivalNs(r) - first) / 1e9 / binS);
            rate[b]++;
        }
        for (int b = 0; b < RATE_BINS; b++) {
            rate[b] /= binS;
        }
        List<WorkloadBucket> buckets = WorkloadBuckets.fromTrace(trace, INPUT_BUCKET_EDGES, OUTPUT_BUCKET_EDGES);
        int no = OUTPUT_BUCKET_EDGES.length - 1;
        double[][] shares = new double[INPUT_BUCKET_EDGES.length - 1][no];
        for (int k = 0; k < buckets.size(); k++) {
            shares[k / no][k % no] = buckets.get(k).rateShare();
        }
        return new WorkloadPreview(trace.name(), n, trace.meanRatePerS(), spanS, sumIn / n, sumOut / n,
                LENGTH_BIN_EDGES.clone(), in, out, binS, rate, shares);
    }

    static int bin(int tokens) {
        int i = Arrays.binarySearch(LENGTH_BIN_EDGES, tokens);
        int index = i >= 0 ? i : -i - 2;
        return Math.max(0, Math.min(LENGTH_BIN_EDGES.length - 1, index));
    }

    /** "64-127", or "32768+" for the last bin. */
    public String binLabel(int i) {
        return i == lengthBinEdges.length - 1 ? lengthBinEdges[i] + "+" : lengthBinEdges[i] + "-" + (lengthBinEdges[i + 1] - 1);
    }
}
