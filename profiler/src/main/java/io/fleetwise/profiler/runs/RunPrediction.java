package io.fleetwise.profiler.runs;

/** What the simulator predicts for a run, in the run's own definitions ({@link RunMeasurement}). */
public record RunPrediction(double meanTtftMs, double meanTpotMs, double tokenWeightedTpotMs, double outputTokensPerS) {
}
