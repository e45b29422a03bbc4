package io.fleetwise.planner.model;

import java.util.Objects;

/**
 * Scheduler settings of one replica.
 *
 * @param maxNumSeqs           most sequences in one iteration (vLLM {@code max_num_seqs}, default 256)
 * @param maxBatchedTokens     token budget of one iteration (vLLM {@code max_num_batched_tokens}); for SARATHI
 *                             the chunk budget (vLLM 0.6 default 512 with chunked prefill)
 * @param blockSizeTokens      paged KV block size (vLLM default 16)
 * @param gpuMemoryUtilization share of device memory the engine may use (vLLM default 0.90)
 * @param prefixCaching        reuse KV blocks of identical prompt prefixes (needs block hashes in the trace)
 * @param cudaGraphs           decode-only iterations replay CUDA graphs (vLLM default; eager mode when false)
 * @param schedulerSteps       decode steps a decode-only batch runs back to back before the scheduler runs again
 *                             (vLLM 0.6 {@code --num-scheduler-steps}; 1 = schedule every step)
 */
public record BatchingPolicy(SchedulerKind scheduler, int maxNumSeqs, int maxBatchedTokens, int blockSizeTokens,
                             double gpuMemoryUtilization, boolean prefixCaching, boolean cudaGraphs, int schedulerSteps) {

    public BatchingPolicy {
        Objects.requireNonNull(scheduler, "scheduler");
        if (maxNumSeqs <= 0) {
            throw new IllegalArgumentException("maxNumSeqs must be > 0, was " + maxNumSeqs);
        }
        if (maxBatchedTokens <= 0) {
            throw new IllegalArgumentException("maxBatchedTokens must be > 0, was " + maxBatchedTokens);
        }
        if (blockSizeTokens <= 0) {
            throw new IllegalArgumentException("blockSizeTokens must be > 0, was " + blockSizeTokens);
        }
        if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
            throw new IllegalArgumentException("gpuMemoryUtilization must be in (0, 1], was " + gpuMemoryUtilization);
        }
        if (schedulerSteps < 1) {
            throw new IllegalArgumentException("schedulerSteps must be >= 1, was " + schedulerSteps);
        }
    }

    /** The policy without multi-step scheduling (the canonical form before {@code schedulerSteps} existed). */
    public BatchingPolicy(SchedulerKind scheduler, int maxNumSeqs, int maxBatchedTokens, int blockSizeTokens,
                          double gpuMemoryUtilization, boolean prefixCaching, boolean cudaGraphs) {
        this(scheduler, maxNumSeqs, maxBatchedTokens, blockSizeTokens, gpuMemoryUtilization, prefixCaching, cudaGraphs, 1);
    }

    /** vLLM defaults without chunked prefill: 256 seqs, 8192-token budget (enough for a whole prompt), block 16, 0.90. */
    public static BatchingPolicy vllmDefault() {
        return new BatchingPolicy(SchedulerKind.VLLM, 256, 8192, 16, 0.90, false, true);
    }

    /** Sarathi / vLLM chunked prefill with a chunk budget (vLLM 0.6 default 512). */
    public static BatchingPolicy sarathi(int tokenBudget) {
        return new BatchingPolicy(SchedulerKind.SARATHI, 256, tokenBudget, 16, 0.90, false, true);
    }

    public static BatchingPolicy orca() {
        return new BatchingPolicy(SchedulerKind.ORCA, 256, 8192, 16, 0.90, false, true);
    }

    public static BatchingPolicy of(SchedulerKind kind) {
        switch (kind) {
            case SARATHI: return sarathi(512);
            case ORCA: return orca();
            default: return vllmDefault();
        }
    }

    public BatchingPolicy withMaxNumSeqs(int n) {
        return new BatchingPolicy(scheduler, n, maxBatchedTokens, blockSizeTokens, gpuMemoryUtilization, prefixCaching, cudaGraphs, schedulerSteps);
    }

    public BatchingPolicy withMaxBatchedTokens(int n) {
        return new BatchingPolicy(scheduler, maxNumSeqs, n, blockSizeTokens, gpuMemoryUtilization, prefixCaching, cudaGraphs, schedulerSteps);
    }

    public BatchingPolicy withGpuMemoryUtilization(double u) {
        return new BatchingPolicy(scheduler, maxNumSeqs, maxBatchedTokens, blockSizeTokens, u, prefixCaching, cudaGraphs, schedulerSteps);
    }

    public BatchingPolicy withPrefixCaching(boolean on) {
        return new BatchingPolicy(scheduler, maxNumSeqs, maxBatchedTokens, blockSizeTokens, gpuMemoryUtilization, on, cudaGraphs, schedulerSteps);
    }

    public BatchingPolicy withCudaGraphs(boolean on) {
        return new BatchingPolicy(scheduler, maxNumSeqs, maxBatchedTokens, blockSizeTokens, gpuMemoryUtilization, prefixCaching, on, schedulerSteps);
    }

    public BatchingPolicy withSchedulerSteps(int steps) {
        return new BatchingPolicy(scheduler, maxNumSeqs, maxBatchedTokens, blockSizeTokens, gpuMemoryUtilization, prefixCaching,
                cudaGraphs, steps);
    }
}
