package io.fleetwise.planner.alloc.schedule;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.ServableBuckets;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.WorkloadBuckets;
import io.fleetwise.planner.alloc.simulated.ReplicaCandidates;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.service.BucketGrid;
import io.fleetwise.planner.service.FleetAllocationRequest;
import io.fleetwise.planner.service.FleetAllocationService;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.uncertainty.BandedCandidates;
import io.fleetwise.planner.uncertainty.BandedThroughputTable;
import io.fleetwise.planner.uncertainty.ModelErrorBand;
import io.fleetwise.planner.uncertainty.ScheduleBand;
import io.fleetwise.planner.workload.LengthDistribution;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.workload.RequestTrace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The whole "what do we buy for a day of load" flow in one cancellable call, the same for the GUI, the command line
 * and the report: simulated throughputs (with the model's error band) for the replica configs, each GPU type's prices
 * from the price book as the study chose them, the schedule against the constant fleet sized for the peak, and the
 * schedule at both ends of the band.
 */
public final class FleetScheduling {

    /** Input and output bucket edges (tokens): the Fleet area's grid ({@link BucketGrid}), so both measure the same cells. */
    public static final int[] INPUT_EDGES = BucketGrid.inputEdges();
    public static final int[] OUTPUT_EDGES = BucketGrid.outputEdges();
    /** Requests per capacity-search simulation, as the Fleet area uses. */
    public static final int DEFAULT_SEARCH_REQUESTS = 800;

    /**
     * @param baselineKind reserved_1y, reserved_3y or owned for a baseline; null for none
     * @param onDemand     whether peaks may be bought on demand
     * @param spot         whether peaks may be bought as spot (at the expected price)
     * @param notes        what the request left out and why (GPU types that cannot hold the model), said with the answer
     */
    public record Request(ModelSpec model, List<ReplicaConfig> replicas, List<WorkloadBucket> buckets, LoadProfile load,
                          Slo slo, PriceResolver prices, PriceKind baselineKind, boolean onDemand, boolean spot,
                          ScheduleOptions options, ModelErrorBand band, CalibrationSet calibration, int searchRequests,
                          List<String> notes) {
        public Request {
            notes = notes == null ? List.of() : List.copyOf(notes);
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(load, "load");
            Objects.requireNonNull(slo, "slo");
            Objects.requireNonNull(prices, "prices");
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(band, "band");
            Objects.requireNonNull(calibration, "calibration");
            replicas = List.copyOf(replicas);
            buckets = List.copyOf(buckets);
            if (replicas.isEmpty()) {
                throw new IllegalArgumentException("Choose at least one GPU type: " + model.name()
                        + " fits none of the given ones");
            }
            if (baselineKind != null && !baselineKind.isCommitted()) {
                throw new IllegalArgumentException("A baseline is bought reserved (1 or 3 years) or owned, not "
                        + baselineKind.label());
            }
            if (baselineKind == null && !onDemand && !spot) {
                throw new IllegalArgumentException("Allow at least one way to buy GPUs: a baseline, on demand or spot");
            }
            if (searchRequests < 10) {
                throw new IllegalArgumentException("Capacity searches need at least 10 requests, was " + searchRequests);
            }
        }

        /** A request that left nothing out. */
        public Request(ModelSpec model, List<ReplicaConfig> replicas, List<WorkloadBucket> buckets, LoadProfile load,
                       Slo slo, PriceResolver prices, PriceKind baselineKind, boolean onDemand, boolean spot,
                       ScheduleOptions options, ModelErrorBand band, CalibrationSet calibration, int searchRequests) {
            this(model, replicas, buckets, load, slo, prices, baselineKind, onDemand, spot, options, band, calibration,
                    searchRequests, List.of());
        }

        public Request withBand(ModelErrorBand newBand) {
            return new Request(model, replicas, buckets, load, slo, prices, baselineKind, onDemand, spot, options, newBand,
                    calibration, searchRequests, notes);
        }

        public Request withPurchase(PriceKind baseline, boolean allowOnDemand, boolean allowSpot) {
            return new Request(model, replicas, buckets, load, slo, prices, baseline, allowOnDemand, allowSpot, options,
                    band, calibration, searchRequests, notes);
        }

        public Request withSearchRequests(int n) {
            return new Request(model, replicas, buckets, load, slo, prices, baselineKind, onDemand, spot, options, band,
                    calibration, n, notes);
        }

        public Request withOptions(ScheduleOptions newOptions) {
            return new Request(model, replicas, buckets, load, slo, prices, baselineKind, onDemand, spot, newOptions, band,
                    calibration, searchRequests, notes);
        }

        /**
         * A short hash of every input the answer depends on (model, replica configs, buckets, load, SLO, price book and
         * choice, purchase kinds, options, band, calibration), so a saved result knows when it no longer answers.
         */
        public String fingerprint() {
            StringBuilder sb = new StringBuilder();
            sb.append(model.name()).append('|').append(model.totalParams()).append('|');
            replicas.forEach(r -> sb.append(r.label()).append(','));
            buckets.forEach(b -> sb.append(b).append(','));
            load.periods().forEach(p -> sb.append(p).append(','));
            sb.append(slo).append('|').append(prices.book().fingerprint()).append('|').append(prices.choice().canonical())
                    .append('|').append(baselineKind).append(onDemand).append(spot).append('|').append(options)
                    .append('|').append(band.canonical()).append('|').append(calibration.fingerprint()).append('|')
                    .append(searchRequests);
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(hash).substring(0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * @param prices   how each GPU type was bought and at what price (with the offers behind each)
     * @param notes    throughput-table notes and prices the book does not have
     */
    public record Outcome(Request request, ScheduleBand band, SimulatedThroughputTable.Table table,
                          Map<String, GpuPrices> prices, List<String> notes, String fingerprint) {
        public Outcome {
            prices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prices));
            notes = List.copyOf(notes);
        }

        public ScheduleComparison comparison() {
            return band.nominal();
        }

        public FleetSchedule schedule() {
            return band.schedule();
        }
    }

    private final ScheduleAllocator allocator;

    public FleetScheduling(ScheduleAllocator allocator) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
    }

    public static FleetScheduling withDefaults() {
        return new FleetScheduling(new ScheduleAllocator());
    }

    /**
     * The request a study makes: its model, its cluster's GPU types (the smallest replica that holds the model; a node
     * group's availability cap caps the type), its workload's day (the diurnal curve, a flat day, or its trace counted
     * per hour), its SLO, and the book as the study chose it; a 1-year reserved baseline with on-demand peaks.
     */
    public static Request fromStudy(StudyDocument study, Catalog catalog, PriceResolver prices, CalibrationSet calibration)
            throws IOException {
        if (study.modelName().isBlank()) {
            throw new IllegalArgumentException("The study has no model yet; choose one in the Workload or Fleet area");
        }
        ModelSpec model = catalog.model(study.modelName());
        List<GpuType> types = new ArrayList<>();
        Map<String, Integer> caps = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (NodeGroup g : study.nodeGroups()) {
            if (seen.add(g.gpu().name().toLowerCase(Locale.ROOT))) {
                types.add(catalog.gpu(g.gpu().name()));
            }
            if (g.availabilityCapGpus() > 0) {
                caps.merge(g.gpu().name(), g.availabilityCapGpus(), Integer::sum);
            }
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("The study's cluster has no GPU types yet; add node groups in the Cluster area");
        }
        WorkloadSpec w = study.workload();
        Day day;
        if (w.source() == WorkloadSpec.Source.TRACE) {
            day = Day.of(w.trace());
        } else {
            double[] hourly = w.source() == WorkloadSpec.Source.GENERATOR && w.diurnalAmplitude() > 0 ? w.hourlyRatesPerS()
                    : flat(w.ratePerS());
            day = Day.of(LengthPresets.preset(w.lengthPreset()), LoadProfile.hourly(hourly, w.diurnalAmplitude() > 0
                    && w.source() == WorkloadSpec.Source.GENERATOR
                    ? String.format(Locale.ROOT, "the study's diurnal day: %s req/s mean, +-%.0f %%", w.ratePerS(),
                    100 * w.diurnalAmplitude()) : "the study's flat rate, " + w.ratePerS() + " req/s all day"));
        }
        return new Request(model, replicasFor(model, types), day.buckets(), day.load(), study.slo(), prices,
                PriceKind.RESERVED_1Y, true, false, ScheduleOptions.defaults().withCaps(caps), ModelErrorBand.validated(),
                calibration, DEFAULT_SEARCH_REQUESTS, leftOutTypes(model, types));
    }

    /**
     * A day's load on the Fleet area's bucket grid ({@link BucketGrid}): the buckets its requests fall in (empty ones
     * left out, as the Fleet area leaves them out) and the load per period on those buckets.
     */
    public record Day(List<WorkloadBucket> buckets, LoadProfile load) {

        /** A length distribution's buckets with hourly rates. */
        public static Day of(LengthDistribution lengths, LoadProfile hourly) {
            return new Day(BucketGrid.of(lengths), hourly);
        }

        /** A trace counted per hour: each hour's rate and bucket shares from its own requests. */
        public static Day of(RequestTrace trace) {
            List<WorkloadBucket> grid = WorkloadBuckets.fromTrace(trace, INPUT_EDGES, OUTPUT_EDGES);
            List<Integer> used = new ArrayList<>();
            List<WorkloadBucket> buckets = new ArrayList<>();
            for (int b = 0; b < grid.size(); b++) {
                if (grid.get(b).rateShare() > 0) {
                    used.add(b);
                    buckets.add(grid.get(b));
                }
            }
            return new Day(buckets, LoadProfile.fromTrace(trace, 1.0, INPUT_EDGES, OUTPUT_EDGES).onlyBuckets(used, 1.0));
        }
    }

    /**
     * Per GPU type the replica sizes the Fleet area plans with ({@link FleetAllocationRequest#DEFAULT_REPLICA_SIZES_PER_TYPE}
     * smallest that hold the model with a KV pool that can serve; docs/decisions/0006), so the schedule and the static
     * fleet answer from the same candidates. A type that cannot hold the model has none ({@link #leftOutTypes}).
     */
    public static List<ReplicaConfig> replicasFor(ModelSpec model, List<GpuType> types) {
        return ReplicaCandidates.fitting(model, types, FleetAllocationRequest.DEFAULT_REPLICA_SIZES_PER_TYPE);
    }

    /** The Fleet area's note for each type in {@code types} that cannot hold {@code model}. */
    public static List<String> leftOutTypes(ModelSpec model, List<GpuType> types) {
        List<String> notes = new ArrayList<>();
        for (GpuType t : types) {
            if (ReplicaCandidates.fitting(model, List.of(t), 1).isEmpty()) {
                notes.add(FleetAllocationService.leftOutNote(model, t));
            }
        }
        return notes;
    }

    /**
     * What makes a result this study's: its model, workload, SLO, cluster (GPU types and caps) and the price book as
     * the study chose it. A saved schedule whose study fingerprint differs answers another question.
     */
    public static String studyFingerprint(StudyDocument study, PriceResolver prices) {
        StringBuilder sb = new StringBuilder();
        sb.append(study.modelName()).append('|').append(study.workload()).append('|').append(study.slo()).append('|');
        for (NodeGroup g : study.nodeGroups()) {
            sb.append(g.gpu().name()).append(':').append(g.totalGpus()).append(':').append(g.availabilityCapGpus()).append(',');
        }
        sb.append('|').append(prices.book().fingerprint()).append('|').append(prices.choice().canonical());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] flat(double rate) {
        double[] hourly = new double[24];
        java.util.Arrays.fill(hourly, rate);
        return hourly;
    }

    /** @throws java.util.concurrent.CancellationException when the listener asks to cancel */
    public Outcome run(Request request, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        List<String> notes = new ArrayList<>();
        Map<String, GpuPrices> prices = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (ReplicaConfig r : request.replicas()) {
            prices.computeIfAbsent(r.gpu().name(), k -> GpuPrices.from(request.prices(), r.gpu(), request.baselineKind(),
                    request.onDemand(), request.spot(), missing));
        }
        notes.addAll(missing);
        SimulatedThroughputTable.Options tableOptions = new SimulatedThroughputTable.Options(
                new CapacitySearch.Options(request.searchRequests(), 42L, 0.05, 24),
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        // the table's own costs are not used by the schedule; on-demand pricing would refuse a type with no offer
        PriceSelection tablePrices = PriceSelection.of(PriceKind.ON_DEMAND, request.prices());
        for (ReplicaConfig r : request.replicas()) {
            if (request.prices().tryResolve(r.gpu(), PriceKind.ON_DEMAND).isEmpty()) {
                tablePrices = tablePrices.withPrice(r.gpu().name(), 0.0);
            }
        }
        BandedThroughputTable.Result table = BandedThroughputTable.build(request.model(), request.replicas(),
                request.buckets(), request.slo(), tablePrices, request.calibration(), tableOptions, request.band(),
                progress.part(0, 0.6));
        notes.addAll(request.notes());
        notes.addAll(table.table().notes());
        BandedCandidates candidates = table.candidates();
        List<WorkloadBucket> buckets = request.buckets();
        LoadProfile load = request.load();
        ServableBuckets servable = ServableBuckets.of(candidates.nominal(), buckets, request.slo());
        if (servable.leavesOutWithinSlo(request.slo()) && everyPeriodWithinSlo(load, servable, request.slo())) {
            // the static fleet's rule: requests no candidate serves within the SLO are left out, and said so
            buckets = servable.buckets();
            candidates = new BandedCandidates(servable.restrict(candidates.pessimistic()), servable.candidates(),
                    servable.restrict(candidates.optimistic()), candidates.band());
            load = load.onlyBuckets(servable.kept(), 1 - servable.droppedShare());
            notes.add(servable.note());
        }
        ScheduleProblem problem = new ScheduleProblem(load, buckets, candidates.nominal(), prices, request.options());
        ScheduleBand band = ScheduleBand.solve(allocator, problem, candidates, progress.part(0.6, 1.0));
        progress.progress(1.0, "Schedule ready");
        return new Outcome(request, band, table.table(), prices, notes, request.fingerprint());
    }

    /** Whether no period's own share of the left-out buckets is more than the SLO lets miss. */
    private static boolean everyPeriodWithinSlo(LoadProfile load, ServableBuckets servable, Slo slo) {
        for (LoadPeriod p : load.periods()) {
            if (p.bucketShares().isEmpty()) {
                continue;
            }
            double kept = 0;
            for (int b : servable.kept()) {
                kept += p.bucketShares().get(b);
            }
            double total = p.bucketShares().stream().mapToDouble(Double::doubleValue).sum();
            if (total > 0 && (total - kept) / total > 1 - slo.attainment() + 1e-12) {
                return false;
            }
        }
        return true;
    }


    /** The GPU types a request plans with, in order (for naming the calibration each was predicted with). */
    public static List<String> gpuTypesOf(Request request) {
        return request.replicas().stream().map(r -> r.gpu().name()).distinct().toList();
    }

    /** Candidates' names in the order the schedule lists them (for views that show per-candidate tables). */
    public static List<String> candidateNames(FleetSchedule s) {
        List<String> names = new ArrayList<>();
        for (AllocationCandidate c : s.problem().candidates()) {
            names.add(c.name());
        }
        return names;
    }
}
