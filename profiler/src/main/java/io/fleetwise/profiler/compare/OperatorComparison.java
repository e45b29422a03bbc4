package io.fleetwise.profiler.compare;

import io.fleetwise.planner.perf.OperatorClass;

/**
 * Measured and predicted time of one operator class over a run. {@code modelled} is true when the measured
 * side is itself a model (collectives the single device could not run). Error is (predicted - measured) / measured.
 */
public record OperatorComparison(OperatorClass operatorClass, double measuredMs, double predictedMs, boolean modelled) {
    public double errorPct() {
        return measuredMs > 0 ? (predictedMs - measuredMs) / measuredMs * 100.0 : Double.NaN;
    }
}
