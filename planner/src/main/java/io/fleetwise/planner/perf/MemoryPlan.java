package io.fleetwise.planner.perf;

import java.util.Locale;

/**
 * Memory of one GPU of a replica. {@code kvCapacityTokens} is a whole number of blocks.
 */
public record MemoryPlan(String modelName, String replicaLabel, double deviceBytes, double usableBytes,
                         double weightBytesPerGpu, double activationBytesPerGpu, double reserveBytesPerGpu,
                         double kvBytesPerTokenPerGpu, double kvPoolBytesPerGpu, long kvCapacityTokens,
                         long kvCapacityBlocks, int blockSizeTokens) {

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
            return String.format(Locale.ROOT, "%s on %s fits: weights %.1f GB, activations %.1f GB, reserve %.1f GB, "
                            + "KV %.1f GB = %d tokens (%d blocks of %d) per replica",
                    modelName, replicaLabel, weightBytesPerGpu / 1e9, activationBytesPerGpu / 1e9, reserveBytesPerGpu / 1e9,
                    kvPoolBytesPerGpu / 1e9, kvCapacityTokens, kvCapacityBlocks, blockSizeTokens);
        }
        return String.format(Locale.ROOT, "%s on %s does not fit by %.1f GB per GPU: usable %.1f GB, weights %.1f GB, "
                        + "activations %.1f GB, reserve %.1f GB. Maybe raise TP/PP, quantize weights or raise gpu-memory-utilization.",
                modelName, replicaLabel, shortfallBytes() / 1e9, usableBytes / 1e9, weightBytesPerGpu / 1e9,
                activationBytesPerGpu / 1e9, reserveBytesPerGpu / 1e9);
    }
}
