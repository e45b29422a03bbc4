package io.fleetwise.planner.service;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.SchedulerKind;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * One serving instance as a user describes it, by names: GPU type, parallelism, formats and batching. Unset
 * batching fields ({@code null}) take the serving engine's default for the model
 * ({@link EngineProfile#defaultBatching}), so a form, a command and a study that say nothing about the scheduler
 * all run the engine's own.
 *
 * @param weightDtype      null: the model's own checkpoint format
 * @param scheduler        null: the engine's default for the model
 * @param maxBatchedTokens null: the scheduler's default budget
 */
public record ReplicaSpec(String gpu, int tp, int pp, int ep, DType weightDtype, DType kvDtype, SchedulerKind scheduler,
                          Integer maxBatchedTokens, int maxNumSeqs, double gpuMemoryUtilization, boolean prefixCaching) {

    public ReplicaSpec {
        if (gpu == null || gpu.isBlank()) {
            throw new IllegalArgumentException("Choose a GPU type.");
        }
        Objects.requireNonNull(kvDtype, "kvDtype");
        if (maxNumSeqs < 1) {
            throw new IllegalArgumentException("Max sequences per iteration must be at least 1, was " + maxNumSeqs + ".");
        }
        if (maxBatchedTokens != null && maxBatchedTokens < 1) {
            throw new IllegalArgumentException("Max batched tokens must be at least 1, was " + maxBatchedTokens + ".");
        }
        ServingRules.gpuMemoryUtilization(gpuMemoryUtilization);
    }

    /** One H100-SXM, the model's own format, bf16 KV, the engine's scheduler, 256 sequences, 90 % of memory. */
    public static ReplicaSpec defaults() {
        return new ReplicaSpec("H100-SXM", 1, 1, 1, null, DType.BF16, null, null, 256, 0.90, false);
    }

    public ReplicaSpec withGpu(String name) {
        return new ReplicaSpec(name, tp, pp, ep, weightDtype, kvDtype, scheduler, maxBatchedTokens, maxNumSeqs,
                gpuMemoryUtilization, prefixCaching);
    }

    public ReplicaSpec withParallelism(int newTp, int newPp, int newEp) {
        return new ReplicaSpec(gpu, newTp, newPp, newEp, weightDtype, kvDtype, scheduler, maxBatchedTokens, maxNumSeqs,
                gpuMemoryUtilization, prefixCaching);
    }

    public ReplicaSpec withDtypes(DType weights, DType kv) {
        return new ReplicaSpec(gpu, tp, pp, ep, weights, kv, scheduler, maxBatchedTokens, maxNumSeqs,
                gpuMemoryUtilization, prefixCaching);
    }

    public ReplicaSpec withBatching(SchedulerKind kind, Integer budgetTokens, int seqs, double memoryShare,
                                    boolean prefixCache) {
        return new ReplicaSpec(gpu, tp, pp, ep, weightDtype, kvDtype, kind, budgetTokens, seqs, memoryShare, prefixCache);
    }

    /** The replica a user gave this spec for: a catalog's description (a {@code ReplicaConfig} from another area). */
    public static ReplicaSpec of(ReplicaConfig r) {
        BatchingPolicy b = r.batching();
        return new ReplicaSpec(r.gpu().name(), r.tp(), r.pp(), r.ep(), r.weightDtype(), r.kvDtype(), b.scheduler(),
                b.maxBatchedTokens(), b.maxNumSeqs(), b.gpuMemoryUtilization(), b.prefixCaching());
    }

    /**
     * The replica config this spec names, checked by {@link ServingRules} (parallelism, memory fit).
     *
     * @throws IllegalArgumentException naming the unknown GPU type or the broken rule
     */
    public ReplicaConfig resolve(Catalog catalog, ModelSpec model, EngineProfile engine) {
        GpuType type;
        try {
            type = catalog.gpu(gpu);
        } catch (NoSuchElementException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        ServingRules.checkParallelism(model, tp, pp, ep);
        BatchingPolicy policy = scheduler == null ? engine.defaultBatching(model) : BatchingPolicy.of(scheduler);
        policy = policy.withMaxNumSeqs(maxNumSeqs).withGpuMemoryUtilization(gpuMemoryUtilization)
                .withPrefixCaching(prefixCaching);
        if (maxBatchedTokens != null) {
            policy = policy.withMaxBatchedTokens(maxBatchedTokens);
        }
        DType weights = weightDtype == null ? model.nativeWeightDtype() : weightDtype;
        DType activations = weights == DType.FP8 ? DType.FP8 : DType.BF16;
        return ReplicaConfig.of(type, tp).withParallelism(tp, pp, ep).withDtypes(weights, kvDtype, activations)
                .withBatching(policy);
    }
}
