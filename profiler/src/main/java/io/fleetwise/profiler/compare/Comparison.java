package io.fleetwise.profiler.compare;

import java.util.List;

/**
 * Predicted against measured for one run.
 *
 * @param profileName the calibration profile the prediction used
 * @param measuredOn  the device the times are from (a CPU-device run measures the CPU device, not a GPU)
 */
public record Comparison(String profileName, String measuredOn, List<OperatorComparison> byOperator,
                         List<IterationComparison> byIteration) {
    public Comparison {
        byOperator = List.copyOf(byOperator);
        byIteration = List.copyOf(byIteration);
    }

    public double measuredTotalMs() {
        return byIteration.stream().mapToDouble(IterationComparison::totalMs).sum();
    }

    public double predictedTotalMs() {
        return byIteration.stream().mapToDouble(IterationComparison::predictedMs).sum();
    }

    public double totalErrorPct() {
        double m = measuredTotalMs();
        return m > 0 ? (predictedTotalMs() - m) / m * 100.0 : Double.NaN;
    }

    /** Mean of |error| over iterations. */
    public double meanAbsIterationErrorPct() {
        return byIteration.stream().mapToDouble(i -> Math.abs(i.errorPct())).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }
}
