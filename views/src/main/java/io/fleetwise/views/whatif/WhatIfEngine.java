package io.fleetwise.views.whatif;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.WorkloadBuckets;
import io.fleetwise.planner.alloc.simulated.FleetValidator;
import io.fleetwise.planner.alloc.simulated.ReplicaCandidates;
import io.fleetwise.planner.alloc.simulated.SimulatedAllocation;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.views.report.StudyReportBuilder;
import io.fleetwise.views.report.StudyReportRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Variants of one study, re-planned from a cached simulated throughput table: traffic and price changes only
 * re-solve the allocator (milliseconds); an SLO change needs a new table (capacity searches, seconds), which is
 * cached per SLO.
 */
public final class WhatIfEngine {

    /** One variant: factors on the study's rate, TPOT target and per-GPU-type prices (1 = unchanged). */
    public record Variant(String name, double rateFactor, double tpotFactor, Map<String, Double> priceFactorByGpuType) {
        public Variant {
            Objects.requireNonNull(name, "name");
            if (!(rateFactor > 0) || !(tpotFactor > 0)) {
                throw new IllegalArgumentException("Variant '" + name + "': factors must be > 0, were rate "
                        + rateFactor + ", TPOT " + tpotFactor);
            }
            priceFactorByGpuType = Map.copyOf(priceFactorByGpuType);
        }

        public static Variant base() {
            return new Variant("Base", 1, 1, Map.of());
        }

        public boolean changesSlo() {
            return tpotFactor != 1.0;
        }
    }

    /** Headline results of a variant. savingPercent against the best single-type fleet; NaN when none. */
    public record Headline(String variant, boolean hasPlan, double costPerHourUsd, int gpus, double savingPercent,
                           double ratePerSecond, double tpotMs, String message) {
    }

    private final StudyReportRequest study;
    private final ModelSpec model;
    private final List<ReplicaConfig> replicas;
    private final List<WorkloadBucket> buckets;
    private final SimulatedAllocation allocation;
    private final StudyReportBuilder.Options options;
    private final Map<Double, SimulatedThroughputTable.Table> tablesByTpot = new HashMap<>();

    public WhatIfEngine(StudyReportRequest study, Catalog catalog, StudyReportBuilder.Options options) {
        this.study = Objects.requireNonNull(study, "study");
        this.options = Objects.requireNonNull(options, "options");
        this.model = catalog.model(study.modelName());
        List<GpuType> gpus = new ArrayList<>();
        for (String name : study.gpuTypeNames()) {
            gpus.add(catalog.gpu(name));
        }
        this.replicas = ReplicaCandidates.fitting(model, gpus, options.sizesPerType());
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException(model.name() + " fits no replica of " + study.gpuTypeNames());
        }
        this.buckets = WorkloadBuckets.fromLengths(LengthPresets.preset(study.lengthPreset()),
                WorkloadBuckets.parseEdges(options.inputEdges(), "input"),
                WorkloadBuckets.parseEdges(options.outputEdges(), "output"), 50_000, 1L);
        this.allocation = new SimulatedAllocation(new FleetAllocator(), new SimulatedThroughputTable.Options(
                new CapacitySearch.Options(options.searchRequests(), 42L, 0.05, 20),
                Runtime.getRuntime().availableProcessors()), FleetValidator.Options.defaults());
    }

    public StudyReportRequest study() {
        return study;
    }

    /** Whether {@link #evaluate} of this variant only re-solves (fast). */
    public synchronized boolean isCached(Variant variant) {
        return tablesByTpot.containsKey(tpot(variant));
    }

    /** @throws java.util.concurrent.CancellationException when the listener cancels a table build */
    public Headline evaluate(Variant variant, ProgressListener listener) {
        double tpotMs = tpot(variant);
        Slo slo = new Slo(study.slo().ttftMs(), tpotMs, study.slo().e2eMs(), study.slo().attainment());
        SimulatedThroughputTable.Table table = table(slo, listener);
        List<AllocationCandidate> priced = new ArrayList<>();
        for (AllocationCandidate c : table.candidates()) {
            double factor = variant.priceFactorByGpuType().getOrDefault(c.gpuType(), 1.0);
            priced.add(factor == 1.0 ? c : c.withCostPerHourUsd(c.costPerHourUsd() * factor));
        }
        SimulatedThroughputTable.Table repriced = new SimulatedThroughputTable.Table(priced, table.replicas(),
                table.notes());
        double rate = study.totalRatePerSecond() * variant.rateFactor();
        SimulatedAllocation.Request request = new SimulatedAllocation.Request(model, replicas, buckets, rate, slo,
                PriceSelection.onDemand(), study.gpuCaps(), 0.0, Double.NaN, 4, new double[0], false);
        BaselineComparison comparison = allocation.replan(request, repriced, listener).comparison();
        AllocationResult mix = comparison.mix();
        return new Headline(variant.name(), mix.hasPlan(), mix.hasPlan() ? mix.costPerHourUsd() : Double.NaN,
                mix.hasPlan() ? mix.totalGpus() : 0, comparison.savingPercent(), rate, tpotMs, mix.message());
    }

    private double tpot(Variant variant) {
        return study.slo().tpotMs() * variant.tpotFactor();
    }

    /** The calibrations the cached tables were simulated with; a newly stored calibration empties the cache. */
    private String tablesCalibration = "";

    private SimulatedThroughputTable.Table table(Slo slo, ProgressListener listener) {
        String calibration = io.fleetwise.planner.perf.GpuCalibrations.installed().values().stream()
                .map(io.fleetwise.planner.perf.GpuCalibrations.Calibrated::label).toList().toString();
        synchronized (this) {
            if (!calibration.equals(tablesCalibration)) {
                tablesByTpot.clear();
                tablesCalibration = calibration;
            }
            SimulatedThroughputTable.Table cached = tablesByTpot.get(slo.tpotMs());
            if (cached != null) {
                return cached;
            }
        }
        SimulatedThroughputTable.Table built = SimulatedThroughputTable.build(model, replicas, buckets, slo,
                PriceSelection.onDemand(), new SimulatedThroughputTable.Options(
                        new CapacitySearch.Options(options.searchRequests(), 42L, 0.05, 20),
                        Runtime.getRuntime().availableProcessors()), listener);
        synchronized (this) {
            tablesByTpot.put(slo.tpotMs(), built);
        }
        return built;
    }

    /** The example variants: base, +50 % traffic, TPOT 30 % tighter, and the first GPU type 30 % cheaper. */
    public List<Variant> standardVariants() {
        String first = study.gpuTypeNames().get(0);
        return List.of(Variant.base(), new Variant("+50 % traffic", 1.5, 1, Map.of()),
                new Variant("TPOT 30 % tighter", 1, 0.7, Map.of()),
                new Variant(first + " price -30 %", 1, 1, Map.of(first, 0.7)));
    }
}
