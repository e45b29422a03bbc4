package io.fleetwise.planner.study;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.WorkloadBuckets;
import io.fleetwise.planner.alloc.simulated.ReplicaCandidates;
import io.fleetwise.planner.alloc.simulated.SimulatedAllocation;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.RequestTrace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Runs the fleet allocator for variants of a study side by side. The study's cluster gives the GPU types (and
 * their availability caps), its workload the length buckets and rate, its SLO the targets. The throughput table
 * (capacity searches, the slow part) is built once per distinct TPOT target; rate and price variants only re-solve.
 */
public final class WhatIfAnalysis {

    /** Bucket edges the what-if uses: the Workload area's heat map buckets. */
    public static final int[] INPUT_EDGES = {1, 128, 512, 2048, 8192, 32768};
    public static final int[] OUTPUT_EDGES = {1, 64, 256, 1024, 4096};

    private final SimulatedAllocation allocation;

    public WhatIfAnalysis(SimulatedAllocation allocation) {
        this.allocation = Objects.requireNonNull(allocation, "allocation");
    }

    /** @throws IllegalArgumentException naming what the study lacks (cluster, model); CancellationException */
    public List<WhatIfRow> run(StudyDocument study, Catalog catalog, List<WhatIfVariant> variants, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        Cluster cluster = study.cluster().orElseThrow(() -> new IllegalArgumentException(
                "Study '" + study.name() + "' has no cluster yet. Maybe add node groups in the Cluster area."));
        if (study.modelName().isEmpty()) {
            throw new IllegalArgumentException("Study '" + study.name() + "' has no model. Maybe choose one in the Workload area.");
        }
        ModelSpec model = catalog.model(study.modelName());
        List<GpuType> gpus = cluster.groups().stream().map(g -> g.gpu()).distinct().toList();
        List<ReplicaConfig> replicas = ReplicaCandidates.fitting(model, gpus, 1);
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("No GPU type of the cluster can hold " + model.name()
                    + " in one replica. Maybe add larger GPUs or more per node.");
        }
        RequestTrace trace;
        try {
            trace = study.workload().trace();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the study's trace: " + e.getMessage(), e);
        }
        List<WorkloadBucket> buckets = WorkloadBuckets.fromTrace(trace, INPUT_EDGES, OUTPUT_EDGES).stream()
                .filter(b -> b.rateShare() > 0).toList();
        double baseRate = study.workload().source() == WorkloadSpec.Source.TRACE ? trace.meanRatePerS()
                : study.workload().ratePerS();
        Map<String, Integer> caps = WorkloadBuckets.capsFrom(cluster);
        Map<Double, SimulatedThroughputTable.Table> tables = new HashMap<>();
        List<WhatIfRow> rows = new ArrayList<>();
        double baseCost = Double.NaN;
        for (int v = 0; v < variants.size(); v++) {
            if (progress.isCancelled()) {
                throw new CancellationException("What-if cancelled");
            }
            WhatIfVariant variant = variants.get(v);
            Slo slo = variant.changesSlo()
                    ? new Slo(study.slo().ttftMs(), variant.tpotMs(), study.slo().e2eMs(), study.slo().attainment())
                    : study.slo();
            double rate = baseRate * variant.rateFactor();
            SimulatedAllocation.Request request = new SimulatedAllocation.Request(model, replicas, buckets, rate, slo,
                    PriceSelection.onDemand(), caps, 0.0, Double.NaN, 4, new double[0], false);
            ProgressListener part = slice(progress, (double) v / variants.size(), (double) (v + 1) / variants.size(),
                    variant.name());
            SimulatedThroughputTable.Table table = tables.get(slo.tpotMs());
            if (table == null) {
                table = allocation.run(request, part).table();
                tables.put(slo.tpotMs(), table);
            }
            Servable servable = Servable.of(table, buckets, slo);
            String note = servable.note();
            if (servable.dropped() > 0 && servable.droppedShare() <= 1 - slo.attainment() + 1e-12) {
                request = new SimulatedAllocation.Request(model, replicas, servable.buckets(),
                        rate * (1 - servable.droppedShare()), slo, PriceSelection.onDemand(), caps, 0.0, Double.NaN, 4,
                        new double[0], false);
                table = servable.table();
            } else {
                note = "";
            }
            AllocationResult mix;
            double saving;
            SimulatedAllocation.Outcome outcome = allocation.replan(request, repriced(table, variant), part);
            mix = outcome.comparison().mix();
            saving = outcome.comparison().savingPercent();
            double cost = mix.hasPlan() ? mix.costPerHourUsd() : Double.NaN;
            if (v == 0) {
                baseCost = cost;
            }
            double delta = v == 0 || Double.isNaN(cost) || Double.isNaN(baseCost) ? Double.NaN : (cost / baseCost - 1) * 100;
            rows.add(new WhatIfRow(variant.name(), rate, slo.tpotMs(), cost, delta, mix.hasPlan() ? mix.totalGpus() : 0,
                    saving, mix.hasPlan() ? describe(mix) : "", mix.hasPlan() ? "" : mix.message(), note));
        }
        progress.progress(1.0, "What-if done");
        return rows;
    }

    /**
     * The buckets some candidate can serve within the SLO, renormalised, and the table restricted to them. Requests no
     * candidate can serve (very long prompts under a tight TTFT) may be left out when their share fits in what the
     * SLO's attainment lets miss (10% at 0.9); otherwise the allocator reports the bucket as infeasible.
     */
    private record Servable(List<WorkloadBucket> buckets, SimulatedThroughputTable.Table table, int dropped,
                            double droppedShare, String note) {

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
            List<AllocationCandidate> candidates = new ArrayList<>();
            for (AllocationCandidate c : table.candidates()) {
                List<Double> t = new ArrayList<>();
                for (int b : keep) {
                    t.add(c.throughputRps().get(b));
                }
                candidates.add(new AllocationCandidate(c.name(), c.gpuType(), c.gpuCount(), c.costPerHourUsd(), t, c.source()));
            }
            String note = names.isEmpty() ? "" : String.format(java.util.Locale.ROOT,
                    "%.2f%% of requests (%s) meet the SLO on no candidate and are left out (the SLO lets %.0f%% miss)",
                    dropped * 100, String.join(", ", names), (1 - slo.attainment()) * 100);
            return new Servable(kept, new SimulatedThroughputTable.Table(candidates, table.replicas(), table.notes()),
                    names.size(), dropped, note);
        }
    }

    private static SimulatedThroughputTable.Table repriced(SimulatedThroughputTable.Table table, WhatIfVariant variant) {
        if (variant.priceFactors().isEmpty()) {
            return table;
        }
        List<AllocationCandidate> candidates = new ArrayList<>();
        for (AllocationCandidate c : table.candidates()) {
            double f = variant.priceFactors().getOrDefault(c.gpuType(), 1.0);
            candidates.add(f == 1.0 ? c : c.withCostPerHourUsd(c.costPerHourUsd() * f));
        }
        return new SimulatedThroughputTable.Table(candidates, table.replicas(), table.notes());
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
