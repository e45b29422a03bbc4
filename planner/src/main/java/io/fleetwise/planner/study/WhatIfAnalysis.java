package io.fleetwise.planner.study;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.simulated.FleetValidator;
import io.fleetwise.planner.alloc.simulated.SimulatedAllocation;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.throughput.ThroughputCell;
import io.fleetwise.planner.throughput.ThroughputCellStore;
import io.fleetwise.planner.uncertainty.AllocationBand;
import io.fleetwise.planner.uncertainty.BandedCandidates;
import io.fleetwise.planner.uncertainty.ModelErrorBand;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The what-if engine: runs the fleet allocator for variants of a study side by side. The slow part, the simulated
 * throughput table (a capacity search per replica config and bucket), depends only on the study's model, cluster GPU
 * types, bucket shape, SLO and {@link WhatIfSettings}; it is built once per such key ({@link #buildTables}) and kept,
 * so traffic and price variants only re-solve ({@link #replan}, milliseconds). A TPOT variant needs its own table.
 * Thread-safe: tables may be built on a worker while the UI thread re-plans from those already built.
 */
public final class WhatIfAnalysis {

    /** Tables kept; each is a few KB, a study with a TPOT sweep needs one per point. */
    private static final int CACHED_TABLES = 64;

    private final FleetAllocator allocator;
    private final int threads;
    private final ThroughputCellStore cells;
    private final Map<WhatIfStudy.TableKey, SimulatedThroughputTable.Table> tables =
            Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<WhatIfStudy.TableKey, SimulatedThroughputTable.Table> e) {
                    return size() > CACHED_TABLES;
                }
            });

    /** @param threads capacity searches run at once while building a table */
    public WhatIfAnalysis(FleetAllocator allocator, int threads) {
        this(allocator, threads, ThroughputCellStore.inMemory());
    }

    /**
     * @param threads capacity searches run at once while building a table
     * @param cells   where throughput cells are kept (the database's store: a table built once is read back by every
     *                later session, command and area)
     */
    public WhatIfAnalysis(FleetAllocator allocator, int threads, ThroughputCellStore cells) {
        this.cells = java.util.Objects.requireNonNull(cells, "cells");
        this.allocator = java.util.Objects.requireNonNull(allocator, "allocator");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.threads = threads;
    }

    public static WhatIfAnalysis withDefaults() {
        return new WhatIfAnalysis(new FleetAllocator(), Runtime.getRuntime().availableProcessors());
    }

    /** Resolves the study once; see {@link WhatIfStudy#of}. */
    public WhatIfStudy prepare(StudyDocument study, Catalog catalog, WhatIfSettings settings, CalibrationSet calibration) {
        return WhatIfStudy.of(study, catalog, settings, calibration);
    }

    /** The TPOT targets (ms) of these variants whose throughput table is not built yet, in first-use order. */
    public Set<Double> missingTables(WhatIfStudy study, List<WhatIfVariant> variants) {
        Set<Double> missing = new LinkedHashSet<>();
        for (WhatIfVariant v : variants) {
            Slo slo = study.sloOf(v);
            if (!tables.containsKey(study.tableKey(slo))) {
                missing.add(slo.tpotMs());
            }
        }
        return missing;
    }

    /** Whether {@link #replan} can run these variants without building a table. */
    public boolean isReady(WhatIfStudy study, List<WhatIfVariant> variants) {
        return missingTables(study, variants).isEmpty();
    }

    /**
     * Builds (and keeps) the throughput table of each TPOT target not yet built: the slow part.
     *
     * @throws CancellationException when the listener cancels; tables finished before are kept
     */
    public void buildTables(WhatIfStudy study, Set<Double> tpotTargetsMs, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        List<Double> uncached = tpotTargetsMs.stream().filter(t -> !tables.containsKey(study.tableKey(study.withTpot(t))))
                .toList();
        SimulatedThroughputTable.Options options = new SimulatedThroughputTable.Options(searchOptions(study), threads,
                cells);
        for (int i = 0; i < uncached.size(); i++) {
            if (progress.isCancelled()) {
                throw new CancellationException("What-if throughput table cancelled");
            }
            Slo slo = study.withTpot(uncached.get(i));
            String name = String.format(Locale.ROOT, "Throughput table %d of %d (TPOT %.0f ms)", i + 1, uncached.size(),
                    slo.tpotMs());
            SimulatedThroughputTable.Table table = SimulatedThroughputTable.build(study.model(), study.replicas(),
                    study.buckets(), slo, PriceSelection.onDemand(), study.calibration(), options,
                    slice(progress, (double) i / uncached.size(), (double) (i + 1) / uncached.size(), name));
            tables.put(study.tableKey(slo), table);
        }
        progress.progress(1.0, "Throughput tables ready");
    }

    /**
     * The throughput cells the tables of these TPOT targets consist of, with the keys {@link #buildTables} looks up:
     * a sweep searches them elsewhere (Spark) into the store, after which building these tables searches nothing.
     */
    public List<ThroughputCell> cells(WhatIfStudy study, Collection<Double> tpotTargetsMs) {
        List<ThroughputCell> out = new ArrayList<>();
        for (double tpot : tpotTargetsMs) {
            out.addAll(SimulatedThroughputTable.cells(study.model(), study.replicas(), study.buckets(),
                    study.withTpot(tpot), study.calibration(), searchOptions(study)));
        }
        return out;
    }

    /** The TPOT targets (ms) a sweep's tables are built for: one per point of a TPOT sweep, else the study's. */
    public static Set<Double> tpotTargets(WhatIfStudy study, WhatIfSweep sweep) {
        Set<Double> out = new LinkedHashSet<>();
        sweep.variants().forEach(v -> out.add(study.sloOf(v).tpotMs()));
        return out;
    }

    private static CapacitySearch.Options searchOptions(WhatIfStudy study) {
        return new CapacitySearch.Options(study.settings().requestsPerSearch(), 42L, 0.05, 20);
    }

    /**
     * Re-plans every variant from the built tables: allocator mix and single-type baselines only. The first variant
     * is the base the deltas refer to.
     *
     * @throws IllegalStateException when a variant's table is not built (see {@link #missingTables})
     */
    public List<WhatIfRow> replan(WhatIfStudy study, List<WhatIfVariant> variants) {
        List<WhatIfRow> rows = new ArrayList<>();
        double baseCost = Double.NaN;
        for (int v = 0; v < variants.size(); v++) {
            WhatIfRow row = replanOne(study, variants.get(v));
            if (v == 0) {
                baseCost = row.costPerHourUsd();
            }
            double cost = row.costPerHourUsd();
            double delta = v == 0 || Double.isNaN(cost) || Double.isNaN(baseCost) ? Double.NaN : (cost / baseCost - 1) * 100;
            rows.add(new WhatIfRow(row.variant(), row.ratePerS(), row.tpotMs(), cost, delta, row.gpus(),
                    row.savingPercent(), row.mix(), row.message(), row.note()));
        }
        return rows;
    }

    /** Builds what is missing, then re-plans: the whole what-if in one cancellable call. */
    public List<WhatIfRow> run(StudyDocument study, Catalog catalog, WhatIfSettings settings, CalibrationSet calibration,
                               List<WhatIfVariant> variants, ProgressListener listener) {
        WhatIfStudy prepared = prepare(study, catalog, settings, calibration);
        buildTables(prepared, missingTables(prepared, variants), listener);
        return replan(prepared, variants);
    }

    /** Runs a sweep: builds the tables it needs (one per TPOT value of a TPOT sweep), then re-plans every point. */
    public WhatIfSweepResult sweep(WhatIfStudy study, WhatIfSweep sweep, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        if (sweep.parameter() == WhatIfSweep.Parameter.GPU_PRICE_FACTOR && !study.gpuTypes().contains(sweep.gpuType())) {
            throw new IllegalArgumentException("Sweep GPU type: '" + sweep.gpuType() + "' is not in the study's cluster. "
                    + "Known: " + study.gpuTypes());
        }
        List<WhatIfVariant> variants = sweep.variants();
        buildTables(study, missingTables(study, variants), slice(progress, 0, 0.95, "Sweep"));
        List<WhatIfSweepPoint> points = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            if (progress.isCancelled()) {
                throw new CancellationException("What-if sweep cancelled");
            }
            points.add(WhatIfSweepPoint.of(sweep.value(i), replanOne(study, variants.get(i))));
            progress.progress(0.95 + 0.05 * (i + 1) / variants.size(), "Sweep point " + (i + 1) + " of " + variants.size());
        }
        return new WhatIfSweepResult(sweep, points);
    }

    private WhatIfRow replanOne(WhatIfStudy study, WhatIfVariant variant) {
        Slo slo = study.sloOf(variant);
        SimulatedThroughputTable.Table table = priced(builtTable(study, slo), study, variant);
        Servable servable = Servable.of(table, study.buckets(), slo);
        SimulatedAllocation.Outcome outcome = plan(study, variant, servable, table);
        AllocationResult mix = outcome.comparison().mix();
        double cost = mix.hasPlan() ? mix.costPerHourUsd() : Double.NaN;
        return new WhatIfRow(variant.name(), study.baseRatePerS() * variant.rateFactor(), slo.tpotMs(), cost, Double.NaN,
                mix.hasPlan() ? mix.totalGpus() : 0, outcome.comparison().savingPercent(),
                mix.hasPlan() ? describe(mix) : "", mix.hasPlan() ? "" : mix.message(),
                servable.applies(slo) ? servable.note() : "");
    }

    private SimulatedThroughputTable.Table builtTable(WhatIfStudy study, Slo slo) {
        SimulatedThroughputTable.Table table = tables.get(study.tableKey(slo));
        if (table == null) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "No throughput table for TTFT %.0f ms, TPOT %.0f ms yet; build it first", slo.ttftMs(), slo.tpotMs()));
        }
        return table;
    }

    /**
     * The allocator on one variant's traffic with this priced table: requests no candidate of the nominal table serves
     * are left out ({@code servable}) when the SLO lets them miss. The same request whether the table is the nominal
     * one or an end of the model's error band.
     */
    private SimulatedAllocation.Outcome plan(WhatIfStudy study, WhatIfVariant variant, Servable servable,
                                             SimulatedThroughputTable.Table pricedTable) {
        Slo slo = study.sloOf(variant);
        double rate = study.baseRatePerS() * variant.rateFactor();
        List<WorkloadBucket> buckets = study.buckets();
        SimulatedThroughputTable.Table table = pricedTable;
        if (servable.applies(slo)) {
            buckets = servable.buckets();
            rate = rate * (1 - servable.droppedShare());
            table = servable.restrict(pricedTable);
        }
        SimulatedAllocation.Request request = new SimulatedAllocation.Request(study.model(), study.replicas(), buckets,
                rate, slo, PriceSelection.onDemand(), study.gpuCaps(), 0.0, Double.NaN, 4, new double[0], false,
                study.calibration());
        return solver().replan(request, table, ProgressListener.NONE);
    }

    /** The SLOs of the error band's two ends for this variant whose throughput tables are not built yet. */
    public List<Slo> missingBandTables(WhatIfStudy study, WhatIfVariant variant, ModelErrorBand band) {
        List<Slo> missing = new ArrayList<>();
        if (band.isNone() || band.byCapacity()) {
            return missing;
        }
        Slo slo = study.sloOf(variant);
        for (Slo end : List.of(band.pessimistic(slo), band.optimistic(slo))) {
            if (!tables.containsKey(study.tableKey(end))) {
                missing.add(end);
            }
        }
        return missing;
    }

    /**
     * Builds (and keeps, like the nominal tables) the throughput tables at both ends of the model's error band for
     * this variant: capacity searches against the band's SLOs (the slow part; cells come from the store when kept).
     */
    public void buildBandTables(WhatIfStudy study, WhatIfVariant variant, ModelErrorBand band, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        List<Slo> missing = missingBandTables(study, variant, band);
        SimulatedThroughputTable.Options options = new SimulatedThroughputTable.Options(searchOptions(study), threads,
                cells);
        for (int i = 0; i < missing.size(); i++) {
            if (progress.isCancelled()) {
                throw new CancellationException("What-if error band cancelled");
            }
            Slo end = missing.get(i);
            String name = String.format(Locale.ROOT, "Error band table %d of %d (TTFT %.0f ms, TPOT %.1f ms)", i + 1,
                    missing.size(), end.ttftMs(), end.tpotMs());
            tables.put(study.tableKey(end), SimulatedThroughputTable.build(study.model(), study.replicas(),
                    study.buckets(), end, PriceSelection.onDemand(), study.calibration(), options,
                    slice(progress, (double) i / missing.size(), (double) (i + 1) / missing.size(), name)));
        }
        progress.progress(1.0, "Error band tables ready");
    }

    /**
     * The variant's cheapest mix at the nominal capacities and at both ends of the model's error band (the same
     * {@link AllocationBand} the Fleet area, {@code allocate --band} and the schedule report): does the mix change,
     * how far does the cost move. Every end is planned on the buckets the nominal table can serve.
     *
     * @throws IllegalStateException when a table is not built (see {@link #missingBandTables})
     */
    public AllocationBand band(WhatIfStudy study, WhatIfVariant variant, ModelErrorBand band) {
        Slo slo = study.sloOf(variant);
        SimulatedThroughputTable.Table nominalTable = builtTable(study, slo);
        SimulatedThroughputTable.Table priced = priced(nominalTable, study, variant);
        Servable servable = Servable.of(priced, study.buckets(), slo);
        AllocationResult nominal = plan(study, variant, servable, priced).comparison().mix();
        if (band.isNone()) {
            return new AllocationBand(nominal, nominal, nominal, band);
        }
        SimulatedThroughputTable.Table pessimisticTable;
        SimulatedThroughputTable.Table optimisticTable;
        if (band.byCapacity()) {
            BandedCandidates scaled = BandedCandidates.byCapacity(nominalTable.candidates(), band);
            pessimisticTable = new SimulatedThroughputTable.Table(scaled.pessimistic(), nominalTable.replicas(), List.of());
            optimisticTable = new SimulatedThroughputTable.Table(scaled.optimistic(), nominalTable.replicas(), List.of());
        } else {
            pessimisticTable = builtTable(study, band.pessimistic(slo));
            optimisticTable = builtTable(study, band.optimistic(slo));
        }
        AllocationResult pessimistic = plan(study, variant, servable, priced(pessimisticTable, study, variant))
                .comparison().mix();
        AllocationResult optimistic = plan(study, variant, servable, priced(optimisticTable, study, variant))
                .comparison().mix();
        return new AllocationBand(pessimistic, nominal, optimistic, band);
    }

    private SimulatedAllocation solver() {
        // replan never builds a table, so the table options are not used
        return new SimulatedAllocation(allocator, SimulatedThroughputTable.Options.defaults(), FleetValidator.Options.defaults());
    }

    /**
     * The table with today's prices (the catalog's, user overrides included, captured in the study's replica
     * configs) times the variant's factors: tables are cached without prices so a price edit never rebuilds one.
     */
    private static SimulatedThroughputTable.Table priced(SimulatedThroughputTable.Table table, WhatIfStudy study,
                                                         WhatIfVariant variant) {
        Map<String, ReplicaConfig> byLabel = new LinkedHashMap<>();
        study.replicas().forEach(r -> byLabel.put(r.label(), r));
        List<AllocationCandidate> candidates = new ArrayList<>();
        for (AllocationCandidate c : table.candidates()) {
            ReplicaConfig replica = byLabel.get(c.name());
            double perGpu = replica == null ? c.costPerHourUsd() / c.gpuCount()
                    : PriceSelection.onDemand().pricePerGpuHourUsd(replica.gpu());
            double factor = variant.priceFactors().getOrDefault(c.gpuType(), 1.0);
            candidates.add(c.withCostPerHourUsd(c.gpuCount() * perGpu * factor));
        }
        return new SimulatedThroughputTable.Table(candidates, table.replicas(), table.notes());
    }

    /**
     * The buckets some candidate can serve within the SLO, renormalised, and the table restricted to them. Requests no
     * candidate can serve (very long prompts under a tight TTFT) may be left out when their share fits in what the
     * SLO's attainment lets miss (10% at 0.9); otherwise the allocator reports the bucket as infeasible.
     */
    private record Servable(List<WorkloadBucket> buckets, List<Integer> keep, int dropped, double droppedShare,
                            String note) {

        static Servable of(SimulatedThroughputTable.Table table, List<WorkloadBucket> buckets, Slo slo) {
            List<Integer> keep = new ArrayList<>();
            double dropped = 0;
            List<String> names = new ArrayList<>();
            for (int b = 0; b < buckets.size(); b++) {
                int bucket = b;
                boolean served = table.candidates().stream().anyMatch(c -> c.throughputRps().get(bucket) > 0);
                if (served) {
                    keep.add(b);
                } else {
                    dropped += buckets.get(b).rateShare();
                    names.add(buckets.get(b).name());
                }
            }
            double keptShare = 1 - dropped;
            List<WorkloadBucket> kept = new ArrayList<>();
            for (int b : keep) {
                kept.add(buckets.get(b).withRateShare(keptShare > 0 ? buckets.get(b).rateShare() / keptShare : 0));
            }
            String note = names.isEmpty() ? "" : String.format(Locale.ROOT,
                    "%.2f%% of requests (%s) meet the SLO on no candidate and are left out (the SLO lets %.0f%% miss)",
                    dropped * 100, String.join(", ", names), (1 - slo.attainment()) * 100);
            return new Servable(kept, keep, names.size(), dropped, note);
        }

        /** Whether requests are left out: only when some are and their share fits in what the SLO lets miss. */
        boolean applies(Slo slo) {
            return dropped > 0 && droppedShare <= 1 - slo.attainment() + 1e-12;
        }

        /** This table's candidates on the kept buckets only. */
        SimulatedThroughputTable.Table restrict(SimulatedThroughputTable.Table full) {
            List<AllocationCandidate> candidates = new ArrayList<>();
            for (AllocationCandidate c : full.candidates()) {
                List<Double> t = new ArrayList<>();
                for (int b : keep) {
                    t.add(c.throughputRps().get(b));
                }
                candidates.add(new AllocationCandidate(c.name(), c.gpuType(), c.gpuCount(), c.costPerHourUsd(), t, c.source()));
            }
            return new SimulatedThroughputTable.Table(candidates, full.replicas(), full.notes());
        }
    }

    static String describe(AllocationResult r) {
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < r.candidates().size(); c++) {
            if (r.replicaCounts().get(c) > 0) {
                parts.add(r.replicaCounts().get(c) + " x " + r.candidates().get(c).name());
            }
        }
        return parts.isEmpty() ? "nothing" : String.join(" + ", parts);
    }

    private static ProgressListener slice(ProgressListener outer, double from, double to, String name) {
        return new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                outer.progress(from + (to - from) * Math.max(0, Math.min(1, fraction)), name + ": " + message);
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }
}
