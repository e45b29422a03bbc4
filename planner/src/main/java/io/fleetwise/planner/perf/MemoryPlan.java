package io.fleetwise.planner.perf;

import java.util.Locale;

/**
 * Memory of one GPU of a replica. {@code deviceBytes} is what CUDA reports for the GPU; {@code kvCapacityTokens} is a
 * whole number of blocks ({@code kvCapacityBlocks} is comparable with vLLM's "# GPU blocks" log line).
 *
 * @param reserveBytesPerGpu        non-torch memory (CUDA context, NCCL and all-reduce buffers) the engine subtracts
 * @param sizing                    which {@link KvCacheSizing} produced the plan
 * @param cudaGraphBytesOutsideBudget memory captured CUDA graphs take beyond the sized budget (0 when the engine
 *                                  subtracts them first)
 */
public record MemoryPlan(String modelName, String replicaLabel, double deviceBytes, double usableBytes,
                         double weightBytesPerGpu, double activationBytesPerGpu, double reserveBytesPerGpu,
                         double kvBytesPerTokenPerGpu, double kvPoolBytesPerGpu, long kvCapacityTokens,
                         long kvCapacityBlocks, int blockSizeTokens, String sizing, double cudaGraphBytesOutsideBudget) {

    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    /** Whether weights, activations and at least one KV block fit. */
    public boolean fits() {
        return kvCapacityBlocks > 0;
    }

    /** Bytes per GPU missing for one KV block to fit; 0 when it fits. */
    public double shortfallBytes() {
        double need = weightBytesPerGpu + activationBytesPerGpu + reserveBytesPerGpu + kvBytesPerTokenPerGpu * blockSizeTokens;
        return Math.max(0, need - usableBytes);
    }

    /** Whether a sequence of {@code tokens} tokens can ever be held. */
    public boolean holds(long tokens) {
        return kvCapacityTokens >= tokens;
    }

    public String message() {
        if (fits()) {
            return String.format(Locale.ROOT, "%s on %s fits: of %.2f GiB usable (CUDA), weights %.2f GiB, activations "
                            + "%.2f GiB, non-torch %.2f GiB, KV %.2f GiB = %d tokens (%d blocks of %d) per replica",
                    modelName, replicaLabel, usableBytes / GIB, weightBytesPerGpu / GIB, activationBytesPerGpu / GIB,
                    reserveBytesPerGpu / GIB, kvPoolBytesPerGpu / GIB, kvCapacityTokens, kvCapacityBlocks, blockSizeTokens);
        }
        return String.format(Locale.ROOT, "%s on %s does not fit by %.1f GB per GPU: usable %.1f GB, weights %.1f GB, "
                        + "activations %.1f GB, non-torch %.1f GB. Maybe raise TP/PP, quantize weights or raise gpu-memory-utilization.",
                modelName, replicaLabel, shortfallBytes() / 1e9, usableBytes / 1e9, weightBytesPerGpu / 1e9,
                activationBytesPerGpu / 1e9, reserveBytesPerGpu / 1e9);
    }
}
