package io.fleetwise.reports;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.service.FleetAllocationRequest;
import io.fleetwise.planner.service.FleetAllocationService;
import io.fleetwise.datastore.fleet.SavedAllocation;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.Baselines;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.RateSweep;
import io.fleetwise.planner.alloc.RateSweepPoint;
import io.fleetwise.planner.alloc.WorkloadBuckets;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.uncertainty.ModelErrorBand;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.workload.QuantileLengths;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes what a report shows for a study. A saved fleet allocation is reused (baselines and the rate sweep
 * are re-solved from its problem, solver only); without one the allocator runs on simulated throughput tables
 * with small capacity searches, so a report takes seconds, not minutes.
 */
public final class StudyReportBuilder {

    /**
     * @param searchRequests requests per capacity-search simulation (the Fleet area's 800 by default)
     * @param sweepPoints    points of the cost-against-rate sweep
     * @param band           whether a fleet the report computes is also solved at both ends of the model's error
     *                       band (two more capacity tables), as the Fleet area's "How sure" does
     */
    public record Options(int searchRequests, int sweepPoints, boolean band) {

        /** Without the band, as the Fleet area solves by default. */
        public Options(int searchRequests, int sweepPoints) {
            this(searchRequests, sweepPoints, false);
        }

        /** The fleet allocation's own defaults, so a report computed for a study agrees with the Fleet area. */
        public static Options quick() {
            FleetAllocationRequest d = FleetAllocationRequest.defaults();
            return new Options(d.capacity().requestsPerSearch(), d.sweepPoints());
        }

        public Options withBand(boolean on) {
            return new Options(searchRequests, sweepPoints, on);
        }
    }

    /**
     * The report data and, when the report computed the fleet with {@link Options#band()}, the band's sentence ("the
     * mix stays ... cost moves ..."); empty otherwise (a saved fleet's band is read from where it was saved).
     */
    public record Built(ReportInput input, String fleetBand) {
    }

    /** Percentiles of the length distribution the summary lists. */
    private static final double[] PERCENTILES = {10, 25, 50, 75, 90, 99};

    private final Catalog catalog;
    private final CalibrationSet calibration;
    private final Options options;
    private final String fleetwiseVersion;
    private final FleetAllocationService allocations;

    /** @param allocations the fleet allocation the Fleet area and the CLI use (and its throughput-table cache) */
    public StudyReportBuilder(Catalog catalog, CalibrationSet calibration, FleetAllocationService allocations,
                              Options options, String fleetwiseVersion) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.allocations = Objects.requireNonNull(allocations, "allocations");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.options = Objects.requireNonNull(options, "options");
        this.fleetwiseVersion = Objects.requireNonNull(fleetwiseVersion, "fleetwiseVersion");
    }

    /**
     * @param saved the study's latest saved allocation, if any
     * @throws java.util.concurrent.CancellationException when the listener cancels
     */
    public ReportInput build(StudyReportRequest request, Optional<SavedAllocation> saved, Instant now,
                             ProgressListener listener) {
        return buildWithBand(request, saved, now, listener).input();
    }

    /**
     * As {@link #build}, with the band of a fleet computed for the report when the options ask for it.
     *
     * @throws java.util.concurrent.CancellationException when the listener cancels
     */
    public Built buildWithBand(StudyReportRequest request, Optional<SavedAllocation> saved, Instant now,
                               ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        String fleetBand = "";
        ModelSpec model = catalog.model(request.modelName());
        List<GpuType> gpus = new ArrayList<>();
        for (String name : request.gpuTypeNames()) {
            gpus.add(catalog.gpu(name));
        }
        QuantileLengths lengths = LengthPresets.preset(request.lengthPreset());
        List<ReportInput.LengthPercentile> percentiles = new ArrayList<>();
        for (double p : PERCENTILES) {
            percentiles.add(new ReportInput.LengthPercentile(p, lengths.inputQuantile(p), lengths.outputQuantile(p)));
        }
        String workload = "Request lengths from the '" + request.lengthPreset() + "' preset (" + lengths.name() + ")."
                + (request.defaultsUsed().isEmpty() ? ""
                : " The study does not set these, so defaults are used: " + String.join("; ", request.defaultsUsed())
                + ".");

        AllocationProblem problem;
        BaselineComparison comparison;
        List<RateSweepPoint> sweep;
        List<String> notes = new ArrayList<>();
        String origin;
        double rate;
        String leftOut = "";
        FleetAllocator allocator = new FleetAllocator();
        double[] sweepRates = RateSweep.evenlySpaced(request.totalRatePerSecond() * 0.25,
                request.totalRatePerSecond() * 2, options.sweepPoints());
        if (saved.isPresent()) {
            SavedAllocation s = saved.get();
            problem = s.problem();
            // the rate the plan was asked for, and its own word on what it left out of the problem's (lower) rate
            rate = s.requestedRate();
            leftOut = s.leftOut();
            progress.progress(0.1, "Re-solving baselines of saved allocation '" + s.name() + "'");
            BaselineComparison fresh = new Baselines(allocator).compare(problem);
            comparison = new BaselineComparison(s.result(), fresh.singleTypeFleets());
            sweep = new RateSweep(allocator).run(problem, RateSweep.evenlySpaced(problem.totalRatePerSecond() * 0.25,
                    problem.totalRatePerSecond() * 2, options.sweepPoints()), sweepProgress(progress));
            origin = "Saved allocation '" + s.name() + "' of " + PdfReportWriter.DATE.format(s.createdAt())
                    + "; single-type baselines and the rate sweep were solved again from its problem.";
        } else {
            FleetAllocationRequest allocation = request.allocation(allocations, calibration)
                    .withSizing(FleetAllocationRequest.defaults().replicaSizesPerType(),
                            FleetAllocationRequest.defaults().capacity().withRequestsPerSearch(options.searchRequests()))
                    .withChecks(false, 1000, options.sweepPoints());
            boolean band = options.band();
            FleetAllocationService.FleetAllocation outcome = allocations.allocate(allocation,
                    band ? progress.part(0, 0.5) : progress);
            if (band && outcome.comparison().mix().hasPlan()) {
                fleetBand = allocations.band(outcome, ModelErrorBand.validated(), progress.part(0.5, 1.0)).describe();
            }
            problem = outcome.problem();
            comparison = outcome.comparison();
            sweep = outcome.solution().sweep();
            // the study's rate, and the service's own word on what it left out of the problem's (lower) rate
            rate = outcome.solution().requestedRatePerS();
            leftOut = outcome.solution().leftOut();
            notes.addAll(outcome.solution().notes());
            origin = String.format(Locale.ROOT, "Computed for this report: the study holds no saved allocation, so "
                    + "throughputs come from the simulator's capacity search (%d requests per simulation, 5 %% "
                    + "tolerance) on %d replica configs x %d buckets, then the allocator (OR-Tools) picks the mix, as "
                    + "the Fleet area does.", options.searchRequests(), outcome.replicas().size(),
                    problem.buckets().size());
        }
        request.cluster().ifPresent(cluster -> notes.add("The study's cluster has "
                + WorkloadBuckets.capsFrom(cluster) + " GPUs by type; the allocator answers how many are needed and is "
                + "limited only by node groups' availability caps, not by the node counts drawn."));
        if (!request.gpuCaps().isEmpty()) {
            notes.add("Availability caps from the cluster's node groups: " + request.gpuCaps());
        }
        if (!comparison.mix().message().isEmpty()) {
            notes.add("Solver: " + comparison.mix().message());
        }
        progress.progress(1.0, "Report data ready");
        return new Built(new ReportInput(request.studyName(), request.description(), now, fleetwiseVersion, model, gpus,
                request.cluster(), leftOut.isEmpty() ? workload : leftOut + ". " + workload, rate, percentiles, request.slo(), problem,
                comparison, sweep, origin, notes, Optional.empty(), List.of(), List.of(), Optional.empty(),
                Assumptions.of(calibration.engine()), ReportInput.SavedResults.NONE), fleetBand);
    }


    private static ProgressListener sweepProgress(ProgressListener outer) {
        return new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                outer.progress(0.2 + 0.8 * fraction, message);
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }
}
