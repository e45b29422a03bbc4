package io.fleetwise.planner.service;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfSettings;
import io.fleetwise.planner.study.WhatIfSweep;
import io.fleetwise.planner.study.WhatIfSweepPoint;
import io.fleetwise.planner.study.WhatIfSweepResult;
import io.fleetwise.planner.study.WhatIfVariant;

import io.fleetwise.planner.throughput.ThroughputCell;
import io.fleetwise.planner.uncertainty.AllocationBand;
import io.fleetwise.planner.uncertainty.BandedCandidates;
import io.fleetwise.planner.uncertainty.ModelErrorBand;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The what-if workflow: the study's fleet allocation for variants side by side (traffic, TPOT target, GPU prices),
 * through the same {@link FleetAllocationService} as the Fleet area. The slow part, the throughput table, depends on
 * the SLO but not on rate or prices, so traffic and price variants only re-solve (milliseconds); a TPOT variant needs
 * its own table, built once and kept in the service's cache (which the Fleet area shares).
 * Thread-safe: tables may be built on a worker while the UI thread re-plans from those already built.
 */
public final class WhatIfService {

    private final FleetAllocationService allocations;

    public WhatIfService(FleetAllocationService allocations) {
        this.allocations = Objects.requireNonNull(allocations, "allocations");
    }

    /**
     * Resolves the study once: its {@link FleetAllocationService#requestFor} at the what-if's settings, without the
     * plan check and rate sweep (a what-if compares costs).
     *
     * @throws IllegalArgumentException naming what the study lacks (cluster, model, a GPU that holds the model)
     */
    public WhatIfStudy prepare(StudyDocument study, WhatIfSettings settings, CalibrationSet calibration) {
        FleetAllocationRequest request = allocations.requestFor(study, calibration)
                .withSizing(settings.replicaSizesPerType(),
                        CapacitySettings.defaults().withRequestsPerSearch(settings.requestsPerSearch()))
                .withChecks(false, 1000, 0);
        return new WhatIfStudy(study.name(), allocations.prepare(request), settings);
    }

    /** The fingerprint of the study's inputs as the what-if prices them (its rows are stamped with it). */
    public String inputsFingerprint(StudyDocument study, CalibrationSet calibration) {
        return allocations.inputsFingerprint(study, calibration);
    }

    /** The TPOT targets (ms) of these variants whose throughput table is not built yet, in first-use order. */
    public Set<Double> missingTables(WhatIfStudy study, List<WhatIfVariant> variants) {
        Set<Double> missing = new LinkedHashSet<>();
        for (WhatIfVariant v : variants) {
            Slo slo = study.sloOf(v);
            if (!allocations.isTableReady(study.prepared(), slo)) {
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
        List<Double> uncached = tpotTargetsMs.stream()
                .filter(t -> !allocations.isTableReady(study.prepared(), study.withTpot(t))).toList();
        for (int i = 0; i < uncached.size(); i++) {
            if (progress.isCancelled()) {
                throw new CancellationException("What-if throughput table cancelled");
            }
            Slo slo = study.withTpot(uncached.get(i));
            String name = String.format(Locale.ROOT, "Throughput table %d of %d (TPOT %.0f ms)", i + 1, uncached.size(),
                    slo.tpotMs());
            allocations.table(study.prepared(), slo,
                    slice(progress, (double) i / uncached.size(), (double) (i + 1) / uncached.size(), name));
        }
        progress.progress(1.0, "Throughput tables ready");
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
    public List<WhatIfRow> run(StudyDocument study, WhatIfSettings settings, CalibrationSet calibration,
                               List<WhatIfVariant> variants, ProgressListener listener) {
        WhatIfStudy prepared = prepare(study, settings, calibration);
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

    /**
     * The throughput cells the tables of these TPOT targets consist of, with the keys {@link #buildTables} looks up:
     * a sweep searches them elsewhere (Spark) into the cell store, after which building these tables searches nothing.
     */
    public List<ThroughputCell> cells(WhatIfStudy study, Collection<Double> tpotTargetsMs) {
        List<ThroughputCell> out = new ArrayList<>();
        for (double tpot : tpotTargetsMs) {
            out.addAll(SimulatedThroughputTable.cells(study.model(), study.replicas(), study.buckets(),
                    study.withTpot(tpot), study.calibration(), study.request().capacity().options()));
        }
        return out;
    }

    /** The TPOT targets (ms) a sweep's tables are built for: one per point of a TPOT sweep, else the study's. */
    public static Set<Double> tpotTargets(WhatIfStudy study, WhatIfSweep sweep) {
        Set<Double> out = new LinkedHashSet<>();
        sweep.variants().forEach(v -> out.add(study.sloOf(v).tpotMs()));
        return out;
    }

    /** The SLOs of the error band's two ends for this variant whose throughput tables are not built yet. */
    public List<Slo> missingBandTables(WhatIfStudy study, WhatIfVariant variant, ModelErrorBand band) {
        List<Slo> missing = new ArrayList<>();
        if (band.isNone() || band.byCapacity()) {
            return missing;
        }
        Slo slo = study.sloOf(variant);
        for (Slo end : List.of(band.pessimistic(slo), band.optimistic(slo))) {
            if (!allocations.isTableReady(study.prepared(), end)) {
                missing.add(end);
            }
        }
        return missing;
    }

    /**
     * Builds (and keeps, in the service's cache like the nominal tables) the throughput tables at both ends of the
     * model's error band for this variant: capacity searches against the band's SLOs (the slow part).
     *
     * @throws CancellationException when the listener cancels; tables finished before are kept
     */
    public void buildBandTables(WhatIfStudy study, WhatIfVariant variant, ModelErrorBand band, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        List<Slo> missing = missingBandTables(study, variant, band);
        for (int i = 0; i < missing.size(); i++) {
            if (progress.isCancelled()) {
                throw new CancellationException("What-if error band cancelled");
            }
            Slo end = missing.get(i);
            String name = String.format(Locale.ROOT, "Error band table %d of %d (TTFT %.0f ms, TPOT %.1f ms)", i + 1,
                    missing.size(), end.ttftMs(), end.tpotMs());
            allocations.table(study.prepared(), end,
                    slice(progress, (double) i / missing.size(), (double) (i + 1) / missing.size(), name));
        }
        progress.progress(1.0, "Error band tables ready");
    }

    /**
     * The variant's cheapest mix at the nominal capacities and at both ends of the model's error band (the same
     * {@link AllocationBand} as the Fleet area, {@code allocate --band} and the schedule report): does the mix change,
     * how far does the cost move. Every end is planned on the buckets and prices of the variant's nominal problem.
     *
     * @throws IllegalStateException when a table is not built (see {@link #missingBandTables})
     */
    public AllocationBand band(WhatIfStudy study, WhatIfVariant variant, ModelErrorBand band) {
        Slo slo = study.sloOf(variant);
        AllocationProblem problem = solveOne(study, variant).problem();
        List<AllocationCandidate> nominal = problem.candidates();
        BandedCandidates ends;
        if (band.isNone()) {
            ends = BandedCandidates.none(nominal);
        } else if (band.byCapacity()) {
            ends = BandedCandidates.byCapacity(nominal, band);
        } else {
            ends = new BandedCandidates(onProblem(problem, study, builtTable(study, band.pessimistic(slo))), nominal,
                    onProblem(problem, study, builtTable(study, band.optimistic(slo))), band);
        }
        return AllocationBand.solve(new FleetAllocator(study.request().solver()), problem, ends, ProgressListener.NONE);
    }

    /** An end's measured rows on the nominal problem: same candidates and costs, only the buckets it keeps. */
    private static List<AllocationCandidate> onProblem(AllocationProblem problem, WhatIfStudy study,
                                                       SimulatedThroughputTable.Table end) {
        List<String> bucketNames = study.buckets().stream().map(b -> b.name()).toList();
        List<Integer> kept = problem.buckets().stream().map(b -> bucketNames.indexOf(b.name())).toList();
        List<AllocationCandidate> out = new ArrayList<>();
        for (AllocationCandidate n : problem.candidates()) {
            AllocationCandidate measured = end.candidates().stream().filter(c -> c.name().equals(n.name())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Band table has no row " + n.name()));
            List<Double> rates = kept.stream().map(b -> measured.throughputRps().get(b)).toList();
            out.add(new AllocationCandidate(n.name(), n.gpuType(), n.gpuCount(), n.costPerHourUsd(), rates,
                    measured.source()));
        }
        return out;
    }

    private SimulatedThroughputTable.Table builtTable(WhatIfStudy study, Slo slo) {
        if (!allocations.isTableReady(study.prepared(), slo)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "No throughput table for TTFT %.0f ms, TPOT %.0f ms yet; build it first", slo.ttftMs(), slo.tpotMs()));
        }
        return allocations.table(study.prepared(), slo, ProgressListener.NONE);
    }

    private FleetAllocationService.Solution solveOne(WhatIfStudy study, WhatIfVariant variant) {
        Slo slo = study.sloOf(variant);
        SimulatedThroughputTable.Table table = builtTable(study, slo);
        return allocations.solve(study.prepared(), table, study.baseRatePerS() * variant.rateFactor(),
                prices(study, variant), study.gpuCaps(), slo, false, 0, ProgressListener.NONE);
    }

    private WhatIfRow replanOne(WhatIfStudy study, WhatIfVariant variant) {
        Slo slo = study.sloOf(variant);
        double rate = study.baseRatePerS() * variant.rateFactor();
        FleetAllocationService.Solution solution = solveOne(study, variant);
        AllocationResult mix = solution.comparison().mix();
        double cost = mix.hasPlan() ? mix.costPerHourUsd() : Double.NaN;
        // requests no candidate can serve, and GPU types that cannot hold the model
        String note = String.join(" ", solution.notes().stream().filter(n -> n.contains("left out")).toList());
        return new WhatIfRow(variant.name(), rate, slo.tpotMs(), cost, Double.NaN, mix.hasPlan() ? mix.totalGpus() : 0,
                solution.comparison().savingPercent(), mix.hasPlan() ? describe(mix) : "",
                mix.hasPlan() ? "" : mix.message(), note);
    }

    /** The study's prices (catalog, user overrides included) times the variant's factors. */
    private static PriceSelection prices(WhatIfStudy study, WhatIfVariant variant) {
        PriceSelection base = study.prepared().prices();
        PriceSelection out = base;
        for (ReplicaConfig r : study.replicas()) {
            double factor = variant.priceFactors().getOrDefault(r.gpu().name(), 1.0);
            if (factor != 1.0) {
                out = out.withPrice(r.gpu().name(), base.pricePerGpuHourUsd(r.gpu()) * factor);
            }
        }
        return out;
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
