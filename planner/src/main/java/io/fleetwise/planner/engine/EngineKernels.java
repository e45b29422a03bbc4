package io.fleetwise.planner.engine;

/**
 * How an engine's attention kernels compare with the dense kernels the GPU calibration was measured with (PyTorch
 * SDPA on contiguous K/V): engines read K and V from a paged cache, prefill prompts in chunks against what is cached,
 * and pick another backend when the KV cache is fp8. Each factor multiplies the calibrated efficiency (1 = as fast
 * as the dense kernel).
 *
 * @param gemmComputeScale      compute-bound GEMMs as the engine runs them in a serving loop (its GEMM libraries,
 *                              sustained clocks under continuous load) against the isolated sweep
 * @param prefillAttnScale      chunked prefill attention over the paged cache
 * @param decodeAttnScale       decode attention over the paged cache
 * @param fp8KvPrefillAttnScale further factor on prefill attention when the KV cache is fp8
 * @param fp8KvDecodeAttnScale  further factor on decode attention when the KV cache is fp8
 */
public record EngineKernels(double gemmComputeScale, double prefillAttnScale, double decodeAttnScale,
                            double fp8KvPrefillAttnScale, double fp8KvDecodeAttnScale) {

    /** Attention as fast as the calibrated dense kernels. */
    public static final EngineKernels DENSE = new EngineKernels(1, 1, 1, 1, 1);

    public EngineKernels {
        double[] v = {gemmComputeScale, prefillAttnScale, decodeAttnScale, fp8KvPrefillAttnScale, fp8KvDecodeAttnScale};
        for (double x : v) {
            if (!(x > 0 && x <= 1.5)) {
                throw new IllegalArgumentException("EngineKernels factors must be in (0, 1.5], were " + java.util.Arrays.toString(v));
            }
        }
    }

    public double prefillScale(boolean fp8Kv) {
        return prefillAttnScale * (fp8Kv ? fp8KvPrefillAttnScale : 1.0);
    }

    public double decodeScale(boolean fp8Kv) {
        return decodeAttnScale * (fp8Kv ? fp8KvDecodeAttnScale : 1.0);
    }
}
