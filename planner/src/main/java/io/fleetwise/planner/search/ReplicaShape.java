package io.fleetwise.planner.search;

import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.perf.AttentionDataParallelModel;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.perf.MemoryModel;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.perf.PerformanceModel;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One replica's parallel layout on a node group.
 *
 * @param nodeGroup             the node group (by name) whose GPUs the replica uses
 * @param config                GPU type, TP, PP, EP, dtypes, batching, role
 * @param attentionDataParallel APEX split: attention data-parallel over the TP GPUs, FFN tensor-parallel
 * @param stageLayers           layers per pipeline stage (uneven when PP does not divide the layer count)
 */
public record ReplicaShape(String nodeGroup, ReplicaConfig config, boolean attentionDataParallel, int[] stageLayers) {

    public ReplicaShape {
        Objects.requireNonNull(nodeGroup, "nodeGroup");
        Objects.requireNonNull(config, "config");
        stageLayers = stageLayers.clone();
        if (stageLayers.length != config.pp()) {
            throw new IllegalArgumentException("ReplicaShape: " + stageLayers.length + " stage layer counts for PP " + config.pp());
        }
        if (attentionDataParallel && config.tp() < 2) {
            throw new IllegalArgumentException("ReplicaShape: attention data parallelism needs TP >= 2, was " + config.tp());
        }
    }

    /** Layers per stage, the first stages taking one more when PP does not divide the layer count. */
    public static int[] stageLayers(int layers, int pp) {
        int[] s = new int[pp];
        for (int i = 0; i < pp; i++) {
            s[i] = layers / pp + (i < layers % pp ? 1 : 0);
        }
        return s;
    }

    public static ReplicaShape of(String nodeGroup, ReplicaConfig config, boolean attentionDataParallel, ModelSpec model) {
        return new ReplicaShape(nodeGroup, config, attentionDataParallel, stageLayers(model.numLayers(), config.pp()));
    }

    public boolean unevenStages() {
        return Arrays.stream(stageLayers).distinct().count() > 1;
    }

    public int gpuCount() {
        return config.gpuCount();
    }

    public ReplicaShape withRole(ReplicaRole role) {
        return new ReplicaShape(nodeGroup, config.withRole(role), attentionDataParallel, stageLayers);
    }

    /** Parallelism only, as APEX names plans: TP2, PP2, attention-DP2 + FFN-TP2, TP2 x PP2 EP2. */
    public String parallelLabel() {
        int tp = config.tp();
        String base = attentionDataParallel ? "attention-DP" + tp + " + FFN-TP" + tp : "TP" + tp;
        if (config.pp() > 1) {
            base = tp == 1 && !attentionDataParallel ? "PP" + config.pp() : base + " x PP" + config.pp();
            if (unevenStages()) {
                base += " (" + Arrays.toString(stageLayers).replace(" ", "") + " layers)";
            }
        }
        if (config.ep() > 1) {
            base += " EP" + config.ep();
        }
        return base;
    }

    /** GPU, layout, dtypes, scheduler and role: H100-SXM TP2 w:bf16 kv:bf16 vllm-8192. */
    public String label() {
        String sched = config.batching().scheduler().name().toLowerCase(Locale.ROOT) + "-" + config.batching().maxBatchedTokens();
        String role = config.role() == ReplicaRole.MIXED ? "" : " " + config.role().name().toLowerCase(Locale.ROOT);
        return config.gpu().name() + " " + parallelLabel() + " w:" + config.weightDtype().label() + " kv:"
                + config.kvDtype().label() + " " + sched + role;
    }

    public PerformanceModel performanceModel(ModelSpec model, CalibrationSet calibration) {
        return attentionDataParallel
                ? new AttentionDataParallelModel(model, config, calibration.profileFor(config.gpu()), calibration.engine())
                : PerformanceModel.create(model, config, calibration);
    }

    public MemoryPlan memoryPlan(ModelSpec model) {
        return attentionDataParallel ? AttentionDataParallelModel.memoryPlan(model, config) : MemoryModel.plan(model, config);
    }

    /** Slowest stage over the mean stage: the pipeline's throughput penalty for uneven layers. */
    public double stageImbalance() {
        double mean = Arrays.stream(stageLayers).average().orElse(1);
        return Arrays.stream(stageLayers).max().orElse(1) / mean;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicaShape && ((ReplicaShape) o).label().equals(label())
                && ((ReplicaShape) o).nodeGroup.equals(nodeGroup);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeGroup, label());
    }

    @Override
    public String toString() {
        return label() + " on " + nodeGroup;
    }
}
