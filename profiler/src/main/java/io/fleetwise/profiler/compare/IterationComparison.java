package io.fleetwise.profiler.compare;

/** One iteration: its batch, measured device time plus modelled collectives, and the prediction. */
public record IterationComparison(int iteration, String batch, double measuredMs, double modelledMs, double predictedMs) {
    public double totalMs() {
        return measuredMs + modelledMs;
    }

    public double errorPct() {
        return totalMs() > 0 ? (predictedMs - totalMs()) / totalMs() * 100.0 : Double.NaN;
    }
}
