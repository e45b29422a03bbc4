package io.fleetwise.profiler.runs;

/**
 * What a benchmark measured for a run (NaN where it did not). Definitions follow the benchmark clients:
 * {@code meanTpotMs} averages (E2E - TTFT) / (out - 1) over requests with more than one output token;
 * {@code tokenWeightedTpotMs} is (sum E2E - sum TTFT) / sum out, the figure a server's Prometheus counters give.
 */
public record RunMeasurement(int completed, double durationS, double meanTtftMs, double meanTpotMs,
                             double tokenWeightedTpotMs, double outputTokensPerS, double requestThroughputPerS) {
    public RunMeasurement {
        if (completed < 1) {
            throw new IllegalArgumentException("A measured run needs at least one completed request, has " + completed);
        }
    }
}
