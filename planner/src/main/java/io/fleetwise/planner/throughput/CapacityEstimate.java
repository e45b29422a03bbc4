package io.fleetwise.planner.throughput;

import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.perf.MemoryModel;
import io.fleetwise.planner.search.ReplicaShape;
import io.fleetwise.planner.search.ShapeEstimate;
import io.fleetwise.planner.search.WorkloadStats;
import io.fleetwise.planner.workload.LengthDistribution;

import java.util.SplittableRandom;

/**
 * Where a capacity search starts: the plan search's closed-form steady state ({@link ShapeEstimate}) of the replica
 * on the cell's request, scaled down by the bias it shows against the simulator. It only decides how quickly the
 * search brackets the answer, never the answer itself.
 */
public final class CapacityEstimate {

    /**
     * The closed form ignores queueing bursts and chunked-prefill interference, so it over-estimates: on the demo
     * study's 27 served cells the simulated capacity was 0.26 to 0.87 of it, median 0.72 (docs/benchmarks.md).
     */
    static final double BIAS = 0.75;

    private static final int MEAN_SAMPLES = 4000;

    private CapacityEstimate() {
    }

    /** As {@link #startRatePerS(ModelSpec, ReplicaConfig, double, double, Slo, CalibrationSet)} at the mean lengths of {@code lengths}. */
    public static double startRatePerS(ModelSpec model, ReplicaConfig replica, LengthDistribution lengths, Slo slo,
                                       CalibrationSet calibration) {
        SplittableRandom random = new SplittableRandom(1L);
        int[] pair = new int[2];
        double in = 0;
        double out = 0;
        for (int i = 0; i < MEAN_SAMPLES; i++) {
            lengths.sample(random, pair);
            in += pair[0];
            out += pair[1];
        }
        return startRatePerS(model, replica, in / MEAN_SAMPLES, out / MEAN_SAMPLES, slo, calibration);
    }

    /** Estimated highest sustainable rate (req/s) of one replica; NaN when the closed form has no answer. */
    public static double startRatePerS(ModelSpec model, ReplicaConfig replica, double meanInputTokens,
                                       double meanOutputTokens, Slo slo, CalibrationSet calibration) {
        if (replica.role() != ReplicaRole.MIXED || !MemoryModel.plan(model, replica).fits()) {
            return Double.NaN;
        }
        try {
            int longest = (int) Math.min(Integer.MAX_VALUE, Math.ceil(meanInputTokens + meanOutputTokens));
            ShapeEstimate estimate = new ShapeEstimate(model, ReplicaShape.of("estimate", replica, false, model),
                    new WorkloadStats(1, 1.0, meanInputTokens, meanOutputTokens, longest), calibration, EnergyModel.standard());
            double rate = BIAS * estimate.sloCapacityPerS(slo);
            return rate > 0 && Double.isFinite(rate) ? rate : Double.NaN;
        } catch (IllegalArgumentException e) {
            // a shape the closed form does not cover: the search brackets from 1 req/s instead
            return Double.NaN;
        }
    }
}
