package io.fleetwise.planner.sweep;

import io.fleetwise.planner.alloc.simulated.ReplicaCandidates;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.MemoryModel;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.throughput.ThroughputCell;
import io.fleetwise.planner.workload.FixedLengths;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The cells of a sweep, distinct by key, in a stable order, and what was left out of the grid and why (a replica
 * that cannot hold the model, a request longer than a replica's KV cache): nothing is dropped silently.
 */
public final class SweepPlan {

    /** Combinations of the grid that are not cells, counted by reason, with one example each. */
    public record Skipped(String reason, int count, String example) {
    }

    private final Map<String, ThroughputCell> cells = new LinkedHashMap<>();
    private final Map<String, int[]> skippedCounts = new LinkedHashMap<>();
    private final Map<String, String> skippedExamples = new LinkedHashMap<>();

    /** An empty plan: cells are added by {@link #add} (what-if tables) and {@link #expand} (the grid). */
    public SweepPlan() {
    }

    /**
     * The grid of a spec: every model x GPU type x replica size x weight dtype x request lengths x SLO x engine.
     *
     * @param calibrationFor the calibration set of an engine profile id ({@code null}: the spec's calibration with its
     *                       own engine); it names the engines it knows when asked for another
     * @throws IllegalArgumentException naming a model or GPU type the catalog does not have
     */
    public static SweepPlan expand(SweepSpec spec, Catalog catalog, Function<String, CalibrationSet> calibrationFor) {
        SweepPlan plan = new SweepPlan();
        if (!spec.hasGrid()) {
            return plan;
        }
        List<ModelSpec> models = spec.models().stream().map(catalog::model).toList();
        List<GpuType> gpus = spec.gpuTypes().stream().map(catalog::gpu).toList();
        List<CalibrationSet> calibrations = new ArrayList<>();
        if (spec.engines().isEmpty()) {
            calibrations.add(calibrationFor.apply(null));
        } else {
            spec.engines().forEach(id -> calibrations.add(calibrationFor.apply(id)));
        }
        for (ModelSpec model : models) {
            for (ReplicaConfig replica : plan.replicas(spec, model, gpus)) {
                MemoryPlan memory = MemoryModel.plan(model, replica);
                for (FixedLengths lengths : spec.lengths()) {
                    long tokens = (long) lengths.inputTokens() + lengths.outputTokens();
                    if (!memory.holds(tokens)) {
                        plan.skip("a request longer than the replica's KV cache", String.format(Locale.ROOT,
                                "%s on %s: %d tokens, KV cache %d", model.name(), replica.label(), tokens,
                                memory.kvCapacityTokens()), spec.slos().size() * calibrations.size());
                        continue;
                    }
                    for (Slo slo : spec.slos()) {
                        for (CalibrationSet calibration : calibrations) {
                            plan.add(new ThroughputCell(model, replica, lengths, slo, calibration, spec.search()));
                        }
                    }
                }
            }
        }
        return plan;
    }

    private List<ReplicaConfig> replicas(SweepSpec spec, ModelSpec model, List<GpuType> gpus) {
        List<ReplicaConfig> sized = new ArrayList<>();
        if (!spec.replicas().explicit()) {
            for (GpuType gpu : gpus) {
                List<ReplicaConfig> fitting = ReplicaCandidates.fitting(model, List.of(gpu),
                        spec.replicas().sizesPerGpuType());
                if (fitting.isEmpty()) {
                    skip("a GPU type that cannot hold the model with a KV pool that can serve",
                            model.name() + " on " + gpu.name(), spec.weightDtypes().size());
                }
                sized.addAll(fitting);
            }
        } else {
            for (GpuType gpu : gpus) {
                for (int tp : spec.replicas().tp()) {
                    for (int pp : spec.replicas().pp()) {
                        ReplicaConfig rc = ReplicaConfig.of(gpu, 1).withParallelism(tp, pp, 1);
                        String why = parallelismProblem(model, rc);
                        if (why != null) {
                            skip(why, model.name() + " on " + rc.label(), spec.weightDtypes().size());
                        } else {
                            sized.add(rc);
                        }
                    }
                }
            }
        }
        List<ReplicaConfig> out = new ArrayList<>();
        for (ReplicaConfig rc : sized) {
            for (DType weights : spec.weightDtypes()) {
                ReplicaConfig typed = rc.withDtypes(weights, rc.kvDtype(), rc.activationDtype());
                if (spec.replicas().explicit()
                        && !MemoryModel.plan(model, typed).holds(ReplicaCandidates.MIN_SERVING_KV_TOKENS)) {
                    skip("a replica that cannot hold the model with a KV pool that can serve (>= "
                            + ReplicaCandidates.MIN_SERVING_KV_TOKENS + " tokens)", model.name() + " on "
                            + typed.label(), 1);
                    continue;
                }
                out.add(typed);
            }
        }
        return out;
    }

    /** Why this tensor/pipeline split cannot run the model at all, or null. */
    private static String parallelismProblem(ModelSpec model, ReplicaConfig rc) {
        // KV heads may also be replicated across a TP group larger than their count (vLLM does)
        if (model.numAttentionHeads() % rc.tp() != 0
                || (model.numKvHeads() % rc.tp() != 0 && rc.tp() % model.numKvHeads() != 0)) {
            return "a TP degree that does not divide the attention heads and KV heads";
        }
        if (rc.pp() > model.numLayers()) {
            return "more pipeline stages than layers";
        }
        return null;
    }

    /** Adds a cell (a what-if table's, or the grid's); a cell already in the plan under the same key is kept once. */
    public void add(ThroughputCell cell) {
        cells.putIfAbsent(cell.key().fingerprint(), Objects.requireNonNull(cell, "cell"));
    }

    public void addAll(Collection<ThroughputCell> more) {
        more.forEach(this::add);
    }

    private void skip(String reason, String example, int count) {
        skippedCounts.computeIfAbsent(reason, r -> new int[1])[0] += count;
        skippedExamples.putIfAbsent(reason, example);
    }

    /** Distinct cells in the order first added. */
    public List<ThroughputCell> cells() {
        return List.copyOf(cells.values());
    }

    public List<Skipped> skipped() {
        List<Skipped> out = new ArrayList<>();
        skippedCounts.forEach((reason, n) -> out.add(new Skipped(reason, n[0], skippedExamples.get(reason))));
        return out;
    }
}
