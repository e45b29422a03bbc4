package io.fleetwise.planner.engine;

import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.SchedulerKind;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How an engine configures itself when the user passes no scheduler flags: the batching policy a replica gets on a
 * given GPU, and how far CUDA graphs reach.
 *
 * @param chunkedPrefill           when the engine splits prompts into chunks
 * @param longContextTokens        for {@link ChunkedPrefill#LONG_CONTEXT}: chunking turns on above this max model length
 * @param budgets                  token budget and sequence cap per step by GPU class (the largest tier a GPU qualifies
 *                                 for applies)
 * @param blockSizeTokens          KV-cache block (page) size
 * @param gpuMemoryUtilization     share of device memory the engine takes (vLLM {@code --gpu-memory-utilization},
 *                                 SGLang {@code --mem-fraction-static})
 * @param prefixCaching            whether identical prompt prefixes reuse cached KV by default
 * @param cudaGraphMaxBatch        largest batch (sequences) replayed from a captured CUDA graph
 * @param graphsCoverMixedBatches  batches with prompt tokens replay graphs too (vLLM V1's piecewise graphs: everything
 *                                 but attention is captured); otherwise they run eagerly
 * @param schedulerSteps           decode steps per scheduling (vLLM 0.6 {@code --num-scheduler-steps}, default 1)
 */
public record EngineDefaults(ChunkedPrefill chunkedPrefill, int longContextTokens, List<Budget> budgets,
                             int blockSizeTokens, double gpuMemoryUtilization, boolean prefixCaching,
                             int cudaGraphMaxBatch, boolean graphsCoverMixedBatches, int schedulerSteps) {

    /** When prompts are split into chunks that share a step with decodes. */
    public enum ChunkedPrefill {
        /** Every prompt (vLLM V1, SGLang). */
        ALWAYS,
        /** Only when the max model length exceeds {@code longContextTokens} (vLLM 0.6's OpenAI server). */
        LONG_CONTEXT,
        /** Whole prompts, decodes paused while they run. */
        NEVER
    }

    /**
     * Token budget and sequence cap of one step on GPUs with at least {@code minMemoryGb} of memory, except those whose
     * name starts with {@code excludedNamePrefix} (vLLM keeps A100s on the small budget: larger ones lowered its
     * throughput there, vLLM PR #17885).
     */
    public record Budget(double minMemoryGb, String excludedNamePrefix, int maxBatchedTokens, int maxNumSeqs) {
        public Budget {
            excludedNamePrefix = excludedNamePrefix == null ? "" : excludedNamePrefix;
            if (maxBatchedTokens < 1 || maxNumSeqs < 1) {
                throw new IllegalArgumentException("Budget needs >= 1 batched token and sequence, was "
                        + maxBatchedTokens + ", " + maxNumSeqs);
            }
        }

        boolean appliesTo(GpuType gpu) {
            return gpu.memoryGb() >= minMemoryGb && (excludedNamePrefix.isEmpty()
                    || !gpu.name().toLowerCase(Locale.ROOT).startsWith(excludedNamePrefix.toLowerCase(Locale.ROOT)));
        }
    }

    public EngineDefaults {
        Objects.requireNonNull(chunkedPrefill, "chunkedPrefill");
        budgets = List.copyOf(budgets);
        if (budgets.isEmpty()) {
            throw new IllegalArgumentException("EngineDefaults needs at least one budget");
        }
        if (blockSizeTokens < 1 || cudaGraphMaxBatch < 0 || schedulerSteps < 1 || longContextTokens < 0) {
            throw new IllegalArgumentException("EngineDefaults: block size and scheduler steps must be >= 1, graph batch "
                    + "and long-context length >= 0");
        }
        if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
            throw new IllegalArgumentException("EngineDefaults.gpuMemoryUtilization must be in (0, 1], was " + gpuMemoryUtilization);
        }
    }

    /** The budget this engine picks on {@code gpu}. */
    public Budget budgetFor(GpuType gpu) {
        return budgets.stream().filter(b -> b.appliesTo(gpu)).max(Comparator.comparingDouble(Budget::minMemoryGb))
                .orElse(budgets.get(0));
    }

    /** Whether prompts are chunked for a model served with this max length. */
    public boolean chunksPrefill(int maxModelLen) {
        return chunkedPrefill == ChunkedPrefill.ALWAYS
                || (chunkedPrefill == ChunkedPrefill.LONG_CONTEXT && maxModelLen > longContextTokens);
    }

    /** The batching a replica of {@code model} gets on {@code gpu} at the model's full context length. */
    public BatchingPolicy batching(GpuType gpu, ModelSpec model) {
        return batching(gpu, model.maxPositionEmbeddings());
    }

    /**
     * The batching a replica gets on {@code gpu} when served with {@code maxModelLen}: chunked prefill with the GPU
     * class's budget, or whole prompts with a budget of max(maxModelLen, 2048) tokens (vLLM 0.6 without chunking).
     */
    public BatchingPolicy batching(GpuType gpu, int maxModelLen) {
        Budget b = budgetFor(gpu);
        BatchingPolicy p = chunksPrefill(maxModelLen)
                ? BatchingPolicy.sarathi(b.maxBatchedTokens())
                : BatchingPolicy.of(SchedulerKind.VLLM).withMaxBatchedTokens(Math.max(maxModelLen, 2048));
        return new BatchingPolicy(p.scheduler(), b.maxNumSeqs(), p.maxBatchedTokens(), blockSizeTokens, gpuMemoryUtilization,
                prefixCaching, cudaGraphMaxBatch > 0, schedulerSteps);
    }

    public EngineDefaults withSchedulerSteps(int steps) {
        return new EngineDefaults(chunkedPrefill, longContextTokens, budgets, blockSizeTokens, gpuMemoryUtilization,
                prefixCaching, cudaGraphMaxBatch, graphsCoverMixedBatches, steps);
    }
}
