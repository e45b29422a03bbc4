package io.fleetwise.planner.sim;

import java.util.Arrays;

/**
 * Outcome of a simulation: the summary, per-request timestamps (ns; NaN where never reached) and fleet series.
 * Latencies count from the moment a request was sent ({@link #sentNs}), as benchmark clients measure them.
 */
public final class SimulationResult {
    private final SimulationSummary summary;
    private final long[] arrivalNs;
    private final double[] firstTokenNs;
    private final double[] finishNs;
    private final int[] outputTokens;
    private final int[] preemptions;
    private final TimeSeries batchSize;
    private final TimeSeries kvUtilization;

    SimulationResult(SimulationSummary summary, long[] arrivalNs, double[] firstTokenNs, double[] finishNs,
                     int[] outputTokens, int[] preemptions, TimeSeries batchSize, TimeSeries kvUtilization) {
        this.summary = summary;
        this.arrivalNs = arrivalNs;
        this.firstTokenNs = firstTokenNs;
        this.finishNs = finishNs;
        this.outputTokens = outputTokens;
        this.preemptions = preemptions;
        this.batchSize = batchSize;
        this.kvUtilization = kvUtilization;
    }

    public SimulationSummary summary() {
        return summary;
    }

    public int requestCount() {
        return arrivalNs.length;
    }

    public boolean completed(int i) {
        return !Double.isNaN(finishNs[i]);
    }

    /** When request {@code i} was sent: its arrival time, later under a closed loop, 0 offline ({@link LoadMode}). */
    public long sentNs(int i) {
        return arrivalNs[i];
    }

    public double ttftMs(int i) {
        return (firstTokenNs[i] - arrivalNs[i]) / 1e6;
    }

    public double e2eMs(int i) {
        return (finishNs[i] - arrivalNs[i]) / 1e6;
    }

    /** (E2E - TTFT) / (out - 1); 0 for one-token requests (vLLM goodput convention). */
    public double tpotMs(int i) {
        return outputTokens[i] > 1 ? (finishNs[i] - firstTokenNs[i]) / 1e6 / (outputTokens[i] - 1) : 0.0;
    }

    public int preemptions(int i) {
        return preemptions[i];
    }

    /** Sorted TTFTs of completed requests (for CDF charts). */
    public double[] sortedTtftMs() {
        double[] v = new double[requestCount()];
        int n = 0;
        for (int i = 0; i < v.length; i++) {
            if (completed(i)) {
                v[n++] = ttftMs(i);
            }
        }
        v = Arrays.copyOf(v, n);
        Arrays.sort(v);
        return v;
    }

    public TimeSeries batchSizeSeries() {
        return batchSize;
    }

    public TimeSeries kvUtilizationSeries() {
        return kvUtilization;
    }
}
