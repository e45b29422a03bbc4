package io.fleetwise.planner.search;

import io.fleetwise.planner.workload.RequestTrace;

/** What the analytic bounds need from a trace: rate, mean and longest lengths. */
public record WorkloadStats(int requests, double ratePerS, double meanInputTokens, double meanOutputTokens,
                            int maxSequenceTokens) {

    public static WorkloadStats of(RequestTrace trace) {
        if (trace.size() == 0) {
            throw new IllegalArgumentException("Trace '" + trace.name() + "' has no requests");
        }
        int max = 0;
        for (int i = 0; i < trace.size(); i++) {
            max = Math.max(max, trace.inputTokens(i) + trace.outputTokens(i));
        }
        double rate = trace.size() > 1 && trace.spanNs() > 0 ? trace.meanRatePerS() : 1.0;
        return new WorkloadStats(trace.size(), rate, (double) trace.totalInputTokens() / trace.size(),
                (double) trace.totalOutputTokens() / trace.size(), max);
    }
}
