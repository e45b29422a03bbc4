package io.fleetwise.planner.uncertainty;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;

import java.util.List;
import java.util.Objects;

/**
 * A simulated throughput table with the model's error band on every cell: the nominal capacity searches, and unless
 * the band comes from measured throughput, the same searches against the band's pessimistic and optimistic SLOs
 * ({@link ModelErrorBand#pessimistic}), so a band costs up to three times the searches.
 */
public final class BandedThroughputTable {

    /** @param table the nominal table (its notes and replica configs) */
    public record Result(SimulatedThroughputTable.Table table, BandedCandidates candidates) {
        public Result {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(candidates, "candidates");
        }
    }

    private BandedThroughputTable() {
    }

    public static Result build(ModelSpec model, List<ReplicaConfig> replicas, List<WorkloadBucket> buckets, Slo slo,
                               PriceSelection prices, CalibrationSet calibrations, SimulatedThroughputTable.Options options,
                               ModelErrorBand band, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        boolean latencyBand = !band.isNone() && !band.byCapacity();
        double nominalShare = latencyBand ? 1.0 / 3 : 1.0;
        SimulatedThroughputTable.Table nominal = SimulatedThroughputTable.build(model, replicas, buckets, slo, prices,
                calibrations, options, scaled(progress, 0, nominalShare, ""));
        if (band.isNone()) {
            return new Result(nominal, BandedCandidates.none(nominal.candidates()));
        }
        if (band.byCapacity()) {
            return new Result(nominal, BandedCandidates.byCapacity(nominal.candidates(), band));
        }
        List<AllocationCandidate> pessimistic = SimulatedThroughputTable.build(model, replicas, buckets,
                band.pessimistic(slo), prices, calibrations, options, scaled(progress, 1.0 / 3, 2.0 / 3,
                "error band, pessimistic end: ")).candidates();
        List<AllocationCandidate> optimistic = SimulatedThroughputTable.build(model, replicas, buckets,
                band.optimistic(slo), prices, calibrations, options, scaled(progress, 2.0 / 3, 1.0,
                "error band, optimistic end: ")).candidates();
        return new Result(nominal, new BandedCandidates(pessimistic, nominal.candidates(), optimistic, band));
    }

    static ProgressListener scaled(ProgressListener outer, double from, double to) {
        return scaled(outer, from, to, "");
    }

    static ProgressListener scaled(ProgressListener outer, double from, double to, String prefix) {
        return new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                outer.progress(from + (to - from) * Math.max(0, Math.min(1, fraction)), prefix + message);
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }
}
