package io.fleetwise.planner.service;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationMode;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.Baselines;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.RateSweep;
import io.fleetwise.planner.alloc.RateSweepPoint;
import io.fleetwise.planner.alloc.ServableBuckets;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.simulated.FleetValidation;
import io.fleetwise.planner.alloc.simulated.FleetValidator;
import io.fleetwise.planner.alloc.simulated.ReplicaCandidates;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.fingerprint.Fingerprint;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.throughput.ThroughputCellStore;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.pricing.StudyPricing;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.calibration.CalibrationSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The fleet-allocation workflow, one implementation for the Fleet area, {@code fleetwise allocate}, the what-if and
 * the report: resolve a {@link FleetAllocationRequest} (model, replica candidates, the {@link BucketGrid} buckets of
 * its workload, prices), measure the throughput table (capacity searches, cached per replica row in a
 * {@link ThroughputTableCache}), solve the cheapest mix against every single-type fleet (Mélange's MILP), sweep the
 * rate and check the plan by simulation.
 *
 * <p>The table depends only on model, replicas, buckets, SLO, capacity settings and calibration; rate, prices, caps
 * and headroom only change the solve, which takes milliseconds ({@link #solve}).
 */
public final class FleetAllocationService {

    private final Supplier<Catalog> catalog;
    private final ThroughputTableCache cache;
    private final int threads;
    private final ThroughputCellStore cells;
    /** The user's price book under a study's choice; null: prices from the catalog. */
    private final Function<PriceChoice, PriceResolver> priceBooks;
    /** Where a plan's fleet validation is kept (the database's in the app): a plan checked once is not simulated again. */
    private final io.fleetwise.planner.alloc.simulated.FleetValidationStore validations;

    /** @param threads capacity searches run at once while a table is built */
    public FleetAllocationService(Supplier<Catalog> catalog, ThroughputTableCache cache, int threads) {
        this(catalog, cache, threads, ThroughputCellStore.none());
    }

    /**
     * @param threads capacity searches run at once while a table is built
     * @param cells   where single throughput cells are kept across sessions (the database's store in the app): a
     *                row missing from {@code cache} is read from there before anything is searched
     */
    public FleetAllocationService(Supplier<Catalog> catalog, ThroughputTableCache cache, int threads,
                                  ThroughputCellStore cells) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.cache = Objects.requireNonNull(cache, "cache");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.threads = threads;
        this.cells = Objects.requireNonNull(cells, "cells");
        this.priceBooks = null;
        this.validations = io.fleetwise.planner.alloc.simulated.FleetValidationStore.none();
    }

    private FleetAllocationService(FleetAllocationService other, ThroughputCellStore cells,
                                   Function<PriceChoice, PriceResolver> priceBooks,
                                   io.fleetwise.planner.alloc.simulated.FleetValidationStore validations) {
        this.catalog = other.catalog;
        this.cache = other.cache;
        this.threads = other.threads;
        this.cells = Objects.requireNonNull(cells, "cells");
        this.priceBooks = priceBooks;
        this.validations = Objects.requireNonNull(validations, "validations");
    }

    /** This service (and its cache) keeping the cells it searches in {@code store}. */
    public FleetAllocationService withCells(ThroughputCellStore store) {
        return new FleetAllocationService(this, store, priceBooks, validations);
    }

    /**
     * This service (and its cache) keeping the fleet validations it simulates in {@code store}, keyed by
     * {@link FleetValidator#key}: the same plan is checked once, also after a restart.
     */
    public FleetAllocationService withValidations(io.fleetwise.planner.alloc.simulated.FleetValidationStore store) {
        return new FleetAllocationService(this, cells, priceBooks, store);
    }

    /**
     * This service (and its cache) pricing a study's allocation from the user's price book as the study chose its
     * offers ({@code books}: the book under a choice); without, {@link #requestFor} prices from the catalog.
     */
    public FleetAllocationService withPriceBooks(Function<PriceChoice, PriceResolver> books) {
        return new FleetAllocationService(this, cells, Objects.requireNonNull(books, "books"), validations);
    }

    /**
     * The study's allocation as every entry point asks for it (the Fleet area, {@code allocate --study}, the
     * what-if's base, the report): {@link FleetAllocationRequest#fromStudy} priced from the study's price book.
     *
     * @throws IllegalArgumentException naming what the study lacks
     */
    public FleetAllocationRequest requestFor(StudyDocument study, CalibrationSet calibration) {
        FleetAllocationRequest request = FleetAllocationRequest.fromStudy(study, calibration);
        return priceBooks == null ? request : request.withPriceBook(priceBooks.apply(StudyPricing.choice(study)));
    }

    /** An in-memory cache of 4,096 rows and a search per core. */
    public static FleetAllocationService withDefaults(Supplier<Catalog> catalog) {
        return new FleetAllocationService(catalog, ThroughputTableCache.inMemory(4096),
                Runtime.getRuntime().availableProcessors());
    }

    /** A request resolved against the catalog: what the table and the solve work on. */
    public record Prepared(FleetAllocationRequest request, ModelSpec model, List<ReplicaConfig> replicas,
                           List<WorkloadBucket> buckets, PriceSelection prices, List<String> leftOut) {
        public Prepared {
            replicas = List.copyOf(replicas);
            buckets = List.copyOf(buckets);
            leftOut = List.copyOf(leftOut);
        }

        /** The GPU types that have a replica candidate, in request order. */
        public List<String> gpuTypes() {
            return replicas.stream().map(r -> r.gpu().name()).distinct().toList();
        }
    }

    /**
     * The cheapest mix with its baselines, sweep and check, and what it was computed from.
     *
     * @param requestedRatePerS the rate the solve was asked for; the problem's rate is lower by the requests left out
     * @param leftOut           why requests were left out ("0.05% of requests (...) meet the SLO on no candidate
     *                          and are left out ..."); empty when none were (also one of {@code notes})
     */
    public record Solution(AllocationProblem problem, BaselineComparison comparison, List<RateSweepPoint> sweep,
                           Optional<FleetValidation> validation, List<String> notes, double requestedRatePerS,
                           String leftOut) {
        public Solution {
            sweep = List.copyOf(sweep);
            notes = List.copyOf(notes);
            leftOut = leftOut == null ? "" : leftOut;
        }

        /** A solution that left nothing out: the requested rate is the problem's. */
        public Solution(AllocationProblem problem, BaselineComparison comparison, List<RateSweepPoint> sweep,
                        Optional<FleetValidation> validation, List<String> notes) {
            this(problem, comparison, sweep, validation, notes, problem.totalRatePerSecond(), "");
        }

        /** The requested rate with the problem's headroom: what the plan would carry had nothing been left out. */
        public double requestedDemandPerS() {
            return requestedRatePerS * (1.0 + problem.headroomFraction());
        }
    }

    /**
     * The whole allocation.
     *
     * @param replicas     candidate name to its replica config
     * @param searchesRun  capacity searches this run simulated (the others came from the cache or the cell store)
     */
    public record FleetAllocation(FleetAllocationRequest request, Solution solution, Map<String, ReplicaConfig> replicas,
                                  int searchesRun, double wallSeconds) {
        public FleetAllocation {
            replicas = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(replicas));
        }

        public AllocationProblem problem() {
            return solution.problem();
        }

        public BaselineComparison comparison() {
            return solution.comparison();
        }

        /** What a plan row keeps of this allocation: the problem, the mix, and what was left out of the request. */
        public io.fleetwise.planner.plan.PlanStore.Allocation stored() {
            return new io.fleetwise.planner.plan.PlanStore.Allocation(problem(), comparison().mix(), solution.leftOut());
        }
    }

    /**
     * The fingerprint of the study's inputs as {@link #requestFor} prices them: what a saved allocation of the study
     * is stamped with, and what tells whether it is stale.
     */
    public String inputsFingerprint(StudyDocument study, CalibrationSet calibration) {
        return io.fleetwise.planner.study.StudyInputs.fingerprint(study, catalog.get(), calibration,
                priceBooks == null ? null : priceBooks.apply(StudyPricing.choice(study)));
    }

    /**
     * The GPU types among {@code types} that can hold {@code modelName} in a replica as {@link #prepare} sizes them
     * (weights plus a KV pool that can serve); all of them when the model or a type is unknown, which {@link #prepare}
     * names.
     */
    public List<String> typesThatHost(String modelName, List<String> types, int replicaSizesPerType) {
        if (modelName == null) {
            return List.copyOf(types);
        }
        Catalog c = catalog.get();
        try {
            ModelSpec model = SimulationService.model(c, modelName);
            List<String> out = new ArrayList<>();
            for (String name : types) {
                if (!ReplicaCandidates.fitting(model, List.of(gpu(c, name)), replicaSizesPerType).isEmpty()) {
                    out.add(name);
                }
            }
            return out;
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            return List.copyOf(types);
        }
    }

    /**
     * Checks the request and resolves it: the model, one or more replica sizes per GPU type that hold it (with the
     * engine's scheduler for the model), the buckets of its workload and the prices.
     *
     * @throws IllegalArgumentException naming the unknown model or GPU type, the missing price or a type that cannot
     *                                  hold the model
     */
    public Prepared prepare(FleetAllocationRequest request) {
        Catalog c = catalog.get();
        ModelSpec model = SimulationService.model(c, request.model());
        List<ReplicaConfig> replicas = new ArrayList<>();
        List<GpuType> types = new ArrayList<>();
        for (String name : request.gpuTypes()) {
            types.add(gpu(c, name));
        }
        List<String> leftOut = new ArrayList<>();
        for (GpuType t : types) {
            // whole-prompt scheduling (vLLM's scheduler, 8,192-token budget): see docs/decisions/0005
            List<ReplicaConfig> fitting = ReplicaCandidates.fitting(model, List.of(t), request.replicaSizesPerType());
            if (fitting.isEmpty()) {
                // one type that cannot serve the model must not stop the others from being planned
                leftOut.add(leftOutNote(model, t));
            }
            replicas.addAll(fitting);
        }
        if (replicas.isEmpty() && request.replicas().isEmpty()) {
            throw new IllegalArgumentException(model.name() + " does not fit with a KV pool that can serve on any of "
                    + String.join(", ", request.gpuTypes()) + ", even pipelined over "
                    + "8 nodes. Maybe choose a larger GPU type or a quantized format.");
        }
        for (ReplicaSpec spec : request.replicas()) {
            ReplicaConfig r = spec.resolve(c, model, request.calibration().engine());
            ServingRules.requireFits(model, r, request.calibration().engine());
            replicas.add(r);
        }
        List<String> labels = new ArrayList<>();
        for (ReplicaConfig r : replicas) {
            if (labels.contains(r.label())) {
                throw new IllegalArgumentException("Replica " + r.label() + " is listed twice.");
            }
            labels.add(r.label());
        }
        PriceSelection prices = request.priceSelection();
        for (ReplicaConfig r : replicas) {
            prices.pricePerGpuHourUsd(r.gpu()); // names a GPU type without a price of this kind
        }
        return new Prepared(request, model, replicas, BucketGrid.of(request.workload()), prices, leftOut);
    }

    /** The note of a GPU type left out because it cannot hold {@code model} (shown with every allocation). */
    public static String leftOutNote(ModelSpec model, GpuType type) {
        return type.name() + " left out: " + model.name() + " does not fit with a KV pool that can serve ("
                + ReplicaCandidates.MIN_SERVING_KV_TOKENS + " tokens), even pipelined over 8 nodes of " + type.name() + ".";
    }

    /** Whether the table of {@code prepared} under {@code slo} is measured already (so a solve is instant). */
    public boolean isTableReady(Prepared prepared, Slo slo) {
        return prepared.replicas().stream().allMatch(r -> cache.get(key(prepared, r, slo)).isPresent());
    }

    /** Capacity searches a table of {@code prepared} under {@code slo} still needs (0 when cached). */
    public int searchesNeeded(Prepared prepared, Slo slo) {
        return (int) prepared.replicas().stream().filter(r -> cache.get(key(prepared, r, slo)).isEmpty()).count()
                * prepared.buckets().size();
    }

    /**
     * The throughput table, priced with the prepared prices: cached rows as they are, the missing ones measured now
     * (in parallel) and kept.
     *
     * @throws CancellationException when the listener cancels; rows finished before are kept
     */
    public SimulatedThroughputTable.Table table(Prepared prepared, Slo slo, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        FleetAllocationRequest request = prepared.request();
        List<ReplicaConfig> missing = prepared.replicas().stream()
                .filter(r -> cache.get(key(prepared, r, slo)).isEmpty()).toList();
        int searched = 0;
        int stored = 0;
        if (!missing.isEmpty()) {
            SimulatedThroughputTable.Table built = SimulatedThroughputTable.build(prepared.model(), missing,
                    prepared.buckets(), slo, prepared.prices(), request.calibration(),
                    new SimulatedThroughputTable.Options(request.capacity().options(), threads, cells), progress);
            searched = built.searched();
            stored = built.stored();
            for (int i = 0; i < missing.size(); i++) {
                ReplicaConfig r = missing.get(i);
                List<String> notes = built.notes().stream().filter(n -> n.startsWith(r.label() + ":")).toList();
                cache.put(key(prepared, r, slo), new ThroughputTableCache.Row(built.candidates().get(i).throughputRps(),
                        notes));
            }
        } else {
            progress.progress(1.0, "Throughput table cached");
        }
        List<AllocationCandidate> candidates = new ArrayList<>();
        Map<String, ReplicaConfig> byName = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>(prepared.leftOut());
        for (ReplicaConfig r : prepared.replicas()) {
            ThroughputTableCache.Row row = cache.get(key(prepared, r, slo)).orElseThrow(() -> new CancellationException(
                    "The throughput row of " + r.label() + " was dropped from the cache while the table was built"));
            candidates.add(new AllocationCandidate(r.label(), r.gpu().name(), r.gpuCount(),
                    r.gpuCount() * prepared.prices().pricePerGpuHourUsd(r.gpu()), row.ratesPerS(),
                    ThroughputSource.SIMULATED));
            byName.put(r.label(), r);
            notes.addAll(row.notes());
        }
        return new SimulatedThroughputTable.Table(candidates, byName, notes, searched, stored);
    }

    /**
     * Everything after the table (fast: the solver, plus the check when asked): the cheapest mix against every
     * single-type fleet at {@code ratePerS}, with the candidates priced by {@code prices} and capped by {@code caps}.
     * Buckets no candidate can serve within the SLO are left out, and said so, when their share fits in what the
     * SLO's attainment lets miss; otherwise the solver reports them infeasible.
     */
    public Solution solve(Prepared prepared, SimulatedThroughputTable.Table table, double ratePerS, PriceSelection prices,
                          Map<String, Integer> caps, Slo slo, boolean validate, int sweepPoints, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        FleetAllocationRequest request = prepared.request();
        List<AllocationCandidate> priced = new ArrayList<>();
        for (AllocationCandidate c : table.candidates()) {
            ReplicaConfig r = table.replicas().get(c.name());
            priced.add(c.withCostPerHourUsd(r.gpuCount() * prices.pricePerGpuHourUsd(r.gpu())));
        }
        List<String> notes = new ArrayList<>(table.notes());
        ServableBuckets servable = ServableBuckets.of(priced, prepared.buckets(), slo);
        List<WorkloadBucket> buckets = prepared.buckets();
        double rate = ratePerS;
        String leftOut = "";
        if (servable.leavesOutWithinSlo(slo)) {
            buckets = servable.buckets();
            priced = servable.candidates();
            rate = ratePerS * (1 - servable.droppedShare());
            notes.add(servable.note());
            leftOut = servable.note();
        }
        AllocationProblem problem = new AllocationProblem(buckets, rate, priced, request.sliceFactor(), caps,
                request.headroomFraction(), Double.isNaN(request.budgetUsdPerHour()) ? AllocationMode.MIN_COST
                : AllocationMode.MAX_GOODPUT_WITHIN_BUDGET, request.budgetUsdPerHour());
        double solveEnd = validate ? (sweepPoints > 0 ? 0.3 : 0.5) : (sweepPoints > 0 ? 0.5 : 1.0);
        double sweepEnd = validate ? 0.6 : 1.0;
        FleetAllocator solver = new FleetAllocator(request.solver());
        BaselineComparison comparison = new Baselines(solver).compare(problem, progress.part(0, solveEnd));
        List<RateSweepPoint> sweep = sweepPoints > 0
                ? new RateSweep(solver).run(problem, RateSweep.evenlySpaced(rate * 0.25, rate * 2, sweepPoints),
                progress.part(solveEnd, sweepEnd))
                : List.of();
        Optional<FleetValidation> validation = Optional.empty();
        if (validate && comparison.mix().hasPlan()) {
            validation = Optional.of(FleetValidator.validate(prepared.model(), problem, comparison.mix(),
                    table.replicas(), slo, request.calibration(),
                    new FleetValidator.Options(request.validationRequests(), 7L), validations,
                    progress.part(sweepPoints > 0 ? sweepEnd : solveEnd, 1.0)));
        }
        progress.progress(1.0, "Fleet plan ready");
        return new Solution(problem, comparison, sweep, validation, notes, ratePerS, leftOut);
    }

    /** The whole allocation in one cancellable call: table (70 % of the progress), then the solve. */
    public FleetAllocation allocate(FleetAllocationRequest request, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        long t0 = System.nanoTime();
        Prepared prepared = prepare(request);
        SimulatedThroughputTable.Table table = table(prepared, request.slo(), progress.part(0, 0.7));
        int searches = table.searched();
        Solution solution = solve(prepared, table, request.ratePerS(), prepared.prices(), request.gpuCaps(),
                request.slo(), request.validate(), request.sweepPoints(), progress.part(0.7, 1.0));
        return new FleetAllocation(request, solution, table.replicas(), searches, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The allocation at both ends of the performance model's error band: the table measured again against the band's
     * pessimistic and optimistic SLOs (cached like the nominal rows), each priced as the nominal candidates, then the
     * allocator on each end, so the answer says whether the mix changes and how far the cost moves.
     *
     * @throws CancellationException when the listener cancels; rows finished before are kept
     */
    public io.fleetwise.planner.uncertainty.AllocationBand band(FleetAllocation allocation,
                                                               io.fleetwise.planner.uncertainty.ModelErrorBand errors,
                                                               ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        FleetAllocationRequest request = allocation.request();
        Prepared prepared = prepare(request);
        AllocationProblem problem = allocation.problem();
        List<AllocationCandidate> nominal = problem.candidates();
        // the problem may have left out buckets no candidate serves: the band's ends are read on the problem's buckets
        List<Integer> kept = bucketsOf(problem, prepared.buckets());
        List<AllocationCandidate> pessimistic = pricedAs(nominal, ServableBuckets.onBuckets(table(prepared,
                errors.pessimistic(request.slo()), named(progress.part(0, 0.45), "error band, pessimistic end"))
                .candidates(), kept));
        List<AllocationCandidate> optimistic = pricedAs(nominal, ServableBuckets.onBuckets(table(prepared,
                errors.optimistic(request.slo()), named(progress.part(0.45, 0.9), "error band, optimistic end"))
                .candidates(), kept));
        return io.fleetwise.planner.uncertainty.AllocationBand.solve(new FleetAllocator(request.solver()), problem,
                new io.fleetwise.planner.uncertainty.BandedCandidates(pessimistic, nominal, optimistic, errors),
                progress.part(0.9, 1.0));
    }

    /** Indices into {@code all} of the problem's buckets (by name; the problem's shares may be renormalised). */
    private static List<Integer> bucketsOf(AllocationProblem problem, List<WorkloadBucket> all) {
        List<Integer> out = new ArrayList<>();
        for (WorkloadBucket b : problem.buckets()) {
            int index = -1;
            for (int i = 0; i < all.size() && index < 0; i++) {
                if (all.get(i).name().equals(b.name())) {
                    index = i;
                }
            }
            if (index < 0) {
                throw new IllegalStateException("Bucket " + b.name() + " of the problem is not in the workload's grid");
            }
            out.add(index);
        }
        return out;
    }


    /** {@code measured} (same replica configs, same order) at the costs of {@code nominal}. */
    private static List<AllocationCandidate> pricedAs(List<AllocationCandidate> nominal, List<AllocationCandidate> measured) {
        List<AllocationCandidate> out = new ArrayList<>();
        for (int k = 0; k < nominal.size(); k++) {
            if (!nominal.get(k).name().equals(measured.get(k).name())) {
                throw new IllegalStateException("Band row " + measured.get(k).name() + " is not " + nominal.get(k).name());
            }
            out.add(measured.get(k).withCostPerHourUsd(nominal.get(k).costPerHourUsd()));
        }
        return out;
    }

    /**
     * A problem whose throughputs were measured elsewhere (an allocator or Mélange file): the mix, single-type
     * baselines and, for {@code sweepRates}, the cost-vs-rate sweep.
     */
    public static Solution solve(AllocationProblem problem, io.fleetwise.planner.alloc.SolverOptions options,
                                 double[] sweepRates, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        FleetAllocator solver = new FleetAllocator(options);
        BaselineComparison comparison = new Baselines(solver).compare(problem, progress.part(0, 0.5));
        List<RateSweepPoint> sweep = sweepRates.length == 0 ? List.of()
                : new RateSweep(solver).run(problem, sweepRates, progress.part(0.5, 1.0));
        return new Solution(problem, comparison, sweep, Optional.empty(), List.of());
    }

    /** Only the mix of a file's problem (Mélange's own answer), no baselines. */
    public static io.fleetwise.planner.alloc.AllocationResult solveMix(AllocationProblem problem,
                                                                       io.fleetwise.planner.alloc.SolverOptions options) {
        return new FleetAllocator(options).solve(problem);
    }

    private ThroughputTableCache.Key key(Prepared p, ReplicaConfig r, Slo slo) {
        List<List<Integer>> ranges = p.buckets().stream().map(b -> List.of(b.inputMinTokens(), b.inputMaxTokens(),
                b.outputMinTokens(), b.outputMaxTokens())).toList();
        return new ThroughputTableCache.Key(p.model().name(), modelFingerprint(p.model()), replicaKey(r), ranges, slo,
                p.request().capacity(), p.request().calibration().fingerprintFor(r.gpu().name()));
    }

    /** Everything of a replica that changes its throughput (the label leaves out KV format, batching and node). */
    private static String replicaKey(ReplicaConfig r) {
        return r.label() + " kv:" + r.kvDtype() + " act:" + r.activationDtype() + " " + r.batching() + " " + r.node();
    }

    private static String modelFingerprint(ModelSpec model) {
        return Fingerprint.of("model-spec").add("spec", model.toString()).hex();
    }

    private static GpuType gpu(Catalog c, String name) {
        try {
            return c.gpu(name);
        } catch (NoSuchElementException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@code outer} with its messages prefixed by what is being measured. */
    private static ProgressListener named(ProgressListener outer, String what) {
        return new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                outer.progress(fraction, what + ": " + message);
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }

}
