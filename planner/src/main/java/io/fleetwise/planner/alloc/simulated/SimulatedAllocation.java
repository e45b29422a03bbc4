package io.fleetwise.planner.alloc.simulated;

import io.fleetwise.planner.alloc.AllocationMode;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.Baselines;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.RateSweep;
import io.fleetwise.planner.alloc.RateSweepPoint;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The whole "which GPUs, how many" flow in one cancellable call: simulated throughput table, the mix,
 * single-type baselines, an optional rate sweep and an optional fleet validation. The table is the slow
 * part (capacity searches) and depends only on model, replicas, buckets and SLO, so a caller that changes
 * the rate, caps, prices, headroom or budget reuses it with {@link #replan}.
 */
public final class SimulatedAllocation {

    /**
     * @param budgetUsdPerHour NaN for min-cost mode, else budget mode with this ceiling
     * @param sweepRates       total rates for the cost-vs-rate sweep; empty for none
     * @param calibration      how each GPU type and the serving engine are predicted
     */
    public record Request(ModelSpec model, List<ReplicaConfig> replicas, List<WorkloadBucket> buckets,
                          double totalRatePerSecond, Slo slo, PriceSelection prices, Map<String, Integer> gpuCaps,
                          double headroomFraction, double budgetUsdPerHour, int sliceFactor, double[] sweepRates,
                          boolean validate, CalibrationSet calibration) {
        public Request {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(calibration, "calibration");
            Objects.requireNonNull(slo, "slo");
            Objects.requireNonNull(prices, "prices");
            replicas = List.copyOf(replicas);
            buckets = List.copyOf(buckets);
            gpuCaps = Map.copyOf(gpuCaps);
            sweepRates = sweepRates.clone();
        }
    }

    /** @param validation empty when not asked for */
    public record Outcome(SimulatedThroughputTable.Table table, AllocationProblem problem, BaselineComparison comparison,
                          List<RateSweepPoint> sweep, Optional<FleetValidation> validation) {
        public Outcome {
            sweep = List.copyOf(sweep);
        }
    }

    private final FleetAllocator allocator;
    private final SimulatedThroughputTable.Options tableOptions;
    private final FleetValidator.Options validationOptions;

    public SimulatedAllocation(FleetAllocator allocator, SimulatedThroughputTable.Options tableOptions,
                               FleetValidator.Options validationOptions) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.tableOptions = Objects.requireNonNull(tableOptions, "tableOptions");
        this.validationOptions = Objects.requireNonNull(validationOptions, "validationOptions");
    }

    public static SimulatedAllocation withDefaults() {
        return new SimulatedAllocation(new FleetAllocator(), SimulatedThroughputTable.Options.defaults(),
                FleetValidator.Options.defaults());
    }

    /** @throws CancellationException when the listener asks to cancel */
    public Outcome run(Request request, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        SimulatedThroughputTable.Table table = SimulatedThroughputTable.build(request.model(), request.replicas(),
                request.buckets(), request.slo(), request.prices(), request.calibration(), tableOptions,
                progress.part(0.0, 0.7));
        return replan(request, table, progress.part(0.7, 1.0));
    }

    /** Everything after the throughput table, which is reused as is (fast: solver only, plus validation). */
    public Outcome replan(Request request, SimulatedThroughputTable.Table table, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        AllocationProblem problem = new AllocationProblem(request.buckets(), request.totalRatePerSecond(),
                table.candidates(), request.sliceFactor(), request.gpuCaps(), request.headroomFraction(),
                Double.isNaN(request.budgetUsdPerHour()) ? AllocationMode.MIN_COST
                        : AllocationMode.MAX_GOODPUT_WITHIN_BUDGET, request.budgetUsdPerHour());
        boolean sweep = request.sweepRates().length > 0;
        double solveEnd = request.validate() ? (sweep ? 0.3 : 0.4) : (sweep ? 0.5 : 1.0);
        double sweepEnd = request.validate() ? 0.6 : 1.0;
        BaselineComparison comparison = new Baselines(allocator).compare(problem, progress.part(0.0, solveEnd));
        List<RateSweepPoint> points = sweep
                ? new RateSweep(allocator).run(problem, request.sweepRates(), progress.part(solveEnd, sweepEnd))
                : List.of();
        Optional<FleetValidation> validation = Optional.empty();
        if (request.validate() && comparison.mix().hasPlan()) {
            validation = Optional.of(FleetValidator.validate(request.model(), problem, comparison.mix(), table.replicas(),
                    request.slo(), request.calibration(), validationOptions, progress.part(sweep ? sweepEnd : solveEnd, 1.0)));
        }
        progress.progress(1.0, "Fleet plan ready");
        return new Outcome(table, problem, comparison, points, validation);
    }

}
