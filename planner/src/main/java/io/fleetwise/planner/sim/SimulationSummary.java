package io.fleetwise.planner.sim;

/**
 * Headline metrics of a run. Latencies: TTFT includes queueing (arrival to first token); TPOT per request =
 * (E2E - TTFT) / (out - 1) over requests with out > 1; {@code tpotTokenWeightedMs} = (sum E2E - sum TTFT) / sum out
 * (the vLLM Prometheus definition used by the validation runs). Throughputs are over {@code durationS}, first
 * arrival to last finish. MFU/MBU are over the replicas' busy time. Cost uses on-demand GPU prices.
 */
public record SimulationSummary(
        int requests, int completed, int dropped, long preemptions,
        double durationS,
        LatencyStats ttft, LatencyStats tpot, LatencyStats e2e,
        double tpotTokenWeightedMs,
        double requestThroughputPerS, double outputTokensPerS, double totalTokensPerS,
        double sloAttainment, double goodputPerS,
        double meanBatchSize, double meanKvUtilization, double mfu, double mbu,
        double costPerHourUsd, double costPerMillionOutputTokensUsd,
        double energyJoules, double joulesPerRequest, double joulesPerOutputToken,
        int gpuCount) {
}
