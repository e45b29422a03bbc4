package io.fleetwise.profiler.runs;

import io.fleetwise.planner.calibration.CalibrationSet;

import java.util.List;
import java.util.Map;

/**
 * A fit of the engine's host costs (and, where the runs cover enough shapes, the GPU efficiency curves) to measured
 * serving runs.
 *
 * @param start        parameter values the fit started from (the base profile's)
 * @param fitted       fitted values by name, in the order fitted
 * @param calibration  the base calibration set with the fitted values applied: what predictions use
 * @param inSample     each run's errors under the fitted values
 * @param leaveOneOut  each run's errors when the fit leaves that run out (empty with a single run)
 * @param rmsLogError  root mean square of ln(predicted / measured) over the compared figures, in sample
 */
public record RunFitResult(Map<String, Double> start, Map<String, Double> fitted, CalibrationSet calibration,
                           List<RunResidual> inSample, List<RunResidual> leaveOneOut, double rmsLogError,
                           int evaluations, boolean curvesFitted, List<String> notes) {

    /** Median over runs of the worst held-out |error| per run; NaN without leave-one-out. */
    public double medianLeaveOneOutError() {
        double[] w = leaveOneOut.stream().mapToDouble(RunResidual::worst).sorted().toArray();
        if (w.length == 0) {
            return Double.NaN;
        }
        return w.length % 2 == 1 ? w[w.length / 2] : 0.5 * (w[w.length / 2 - 1] + w[w.length / 2]);
    }
}
