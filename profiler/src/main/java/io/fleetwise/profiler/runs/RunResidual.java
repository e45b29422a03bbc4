package io.fleetwise.profiler.runs;

/**
 * How far a prediction is from a run: signed relative errors, predicted / measured - 1 (NaN where the run does not
 * measure that figure or the fit does not compare it).
 *
 * @param tpotError against the run's per-request mean TPOT, or its token-weighted TPOT where that is all it has
 * @param throughputError output tokens/s, compared only where the server set the pace (closed loop, rate inf, offline)
 */
public record RunResidual(String runId, double ttftError, double tpotError, double throughputError) {

    /** Largest |error| of the figures compared. */
    public double worst() {
        double w = 0;
        for (double e : new double[] {ttftError, tpotError, throughputError}) {
            if (!Double.isNaN(e)) {
                w = Math.max(w, Math.abs(e));
            }
        }
        return w;
    }
}
