package io.fleetwise.planner.service;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.engine.EngineDefaults;
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
 * batching fields ({@code null}) take the serving engine's default on that GPU ({@link EngineDefaults#batching}), so a
 * form, a command and a study that say nothing about the scheduler all run the engine's own.
 *
 * @param weightDtype          null: the model's own checkpoint format
 * @param scheduler            null: the engine's on this GPU; another one takes that scheduler's own token budget
 * @param maxBatchedTokens     null: the engine's budget on this GPU (or the chosen scheduler's)
 * @param maxNumSeqs           null: the engine's cap on this GPU
 * @param gpuMemoryUtilization null: the engine's share of device memory
 * @param prefixCaching        null: the engine's default
 * @param maxModelLen          null: the model's context length (vLLM 0.6 chunks prompts only above 32K)
 * @param schedulerSteps       null: the engine's decode steps per scheduling
 */
public record ReplicaSpec(String gpu, int tp, int pp, int ep, DType weightDtype, DType kvDtype, SchedulerKind scheduler,
                          Integer maxBatchedTokens, Integer maxNumSeqs, Double gpuMemoryUtilization,
                          Boolean prefixCaching, Integer maxModelLen, Integer schedulerSteps) {

    public ReplicaSpec {
        if (gpu == null || gpu.isBlank()) {
            throw new IllegalArgumentException("Choose a GPU type.");
        }
        Objects.requireNonNull(kvDtype, "kvDtype");
        if (maxNumSeqs != null && maxNumSeqs < 1) {
            throw new IllegalArgumentException("Max sequences per iteration must be at least 1, was " + maxNumSeqs + ".");
        }
        if (maxBatchedTokens != null && maxBatchedTokens < 1) {
            throw new IllegalArgumentException("Max batched tokens must be at least 1, was " + maxBatchedTokens + ".");
        }
        if (maxModelLen != null && maxModelLen < 1) {
            throw new IllegalArgumentException("Max model length must be at least 1, was " + maxModelLen + ".");
        }
        if (schedulerSteps != null && schedulerSteps < 1) {
            throw new IllegalArgumentException("Scheduler steps must be at least 1, was " + schedulerSteps + ".");
        }
        if (gpuMemoryUtilization != null) {
            ServingRules.gpuMemoryUtilization(gpuMemoryUtilization);
        }
    }

    /** One H100-SXM, the model's own format, bf16 KV, everything else the engine's. */
    public static ReplicaSpec defaults() {
        return new ReplicaSpec("H100-SXM", 1, 1, 1, null, DType.BF16, null, null, null, null, null, null, null);
    }

    public ReplicaSpec withGpu(String name) {
        return new ReplicaSpec(name, tp, pp, ep, weightDtype, kvDtype, scheduler, maxBatchedTokens, maxNumSeqs,
                gpuMemoryUtilization, prefixCaching, maxModelLen, schedulerSteps);
    }

    public ReplicaSpec withParallelism(int newTp, int newPp, int newEp) {
        return new ReplicaSpec(gpu, newTp, newPp, newEp, weightDtype, kvDtype, scheduler, maxBatchedTokens, maxNumSeqs,
                gpuMemoryUtilization, prefixCaching, maxModelLen, schedulerSteps);
    }

    public ReplicaSpec withDtypes(DType weights, DType kv) {
        return new ReplicaSpec(gpu, tp, pp, ep, weights, kv, scheduler, maxBatchedTokens, maxNumSeqs,
                gpuMemoryUtilization, prefixCaching, maxModelLen, schedulerSteps);
    }

    /** Batching overrides; each null keeps the engine's choice. */
    public ReplicaSpec withBatching(SchedulerKind kind, Integer budgetTokens, Integer seqs, Double memoryShare,
                                    Boolean prefixCache) {
        return new ReplicaSpec(gpu, tp, pp, ep, weightDtype, kvDtype, kind, budgetTokens, seqs, memoryShare, prefixCache,
                maxModelLen, schedulerSteps);
    }

    /** The context the server is started with and the decode steps per scheduling; each null keeps the default. */
    public ReplicaSpec withServer(Integer modelLen, Integer steps) {
        return new ReplicaSpec(gpu, tp, pp, ep, weightDtype, kvDtype, scheduler, maxBatchedTokens, maxNumSeqs,
                gpuMemoryUtilization, prefixCaching, modelLen, steps);
    }

    /** The replica a user gave this spec for: a catalog's description (a {@code ReplicaConfig} from another area). */
    public static ReplicaSpec of(ReplicaConfig r) {
        BatchingPolicy b = r.batching();
        return new ReplicaSpec(r.gpu().name(), r.tp(), r.pp(), r.ep(), r.weightDtype(), r.kvDtype(), b.scheduler(),
                b.maxBatchedTokens(), b.maxNumSeqs(), b.gpuMemoryUtilization(), b.prefixCaching(), null,
                b.schedulerSteps());
    }

    /**
     * The replica config this spec names, checked by {@link ServingRules} (parallelism): the engine's batching on this
     * GPU with every field that is set applied over it.
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
        int contextTokens = maxModelLen != null ? maxModelLen : model.maxPositionEmbeddings();
        BatchingPolicy policy = engine.defaults().batching(type, contextTokens);
        if (scheduler != null && scheduler != policy.scheduler()) {
            // Another scheduler than the engine's: its own budget (chunks, or whole prompts of the context), the
            // engine's sequences, memory share, graphs and steps.
            int budget = scheduler == SchedulerKind.VLLM ? Math.max(contextTokens, 2048)
                    : BatchingPolicy.of(scheduler).maxBatchedTokens();
            policy = new BatchingPolicy(scheduler, policy.maxNumSeqs(), budget, policy.blockSizeTokens(),
                    policy.gpuMemoryUtilization(), policy.prefixCaching(), policy.cudaGraphs(), policy.schedulerSteps());
        }
        if (maxNumSeqs != null) {
            policy = policy.withMaxNumSeqs(maxNumSeqs);
        }
        if (maxBatchedTokens != null) {
            policy = policy.withMaxBatchedTokens(maxBatchedTokens);
        }
        if (gpuMemoryUtilization != null) {
            policy = policy.withGpuMemoryUtilization(gpuMemoryUtilization);
        }
        if (prefixCaching != null) {
            policy = policy.withPrefixCaching(prefixCaching);
        }
        if (schedulerSteps != null) {
            policy = policy.withSchedulerSteps(schedulerSteps);
        }
        DType weights = weightDtype == null ? model.nativeWeightDtype() : weightDtype;
        DType activations = weights == DType.FP8 ? DType.FP8 : DType.BF16;
        return ReplicaConfig.of(type, tp).withParallelism(tp, pp, ep).withDtypes(weights, kvDtype, activations)
                .withBatching(policy);
    }
}
