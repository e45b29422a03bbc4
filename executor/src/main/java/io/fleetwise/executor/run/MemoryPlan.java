package io.fleetwise.executor.run;

/** Device memory a run needs, worked out before anything is allocated. */
public record MemoryPlan(long weightBytes, long kvCacheBytes, long activationBytes, int kvBlocks, int maxTokens) {
    public long totalBytes() {
        return weightBytes + kvCacheBytes + activationBytes;
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT, "weights %.2f GiB, KV cache %.2f GiB (%d blocks), activations %.2f GiB for %d tokens",
                weightBytes / 1073741824.0, kvCacheBytes / 1073741824.0, kvBlocks, activationBytes / 1073741824.0, maxTokens);
    }
}
