package io.fleetwise.executor.kernels;

/**
 * Counter-based uniform values for synthetic weights and inputs. Bit-identical to
 * {@code synthetic_uniform} in executor/src/main/cuda/common.cuh, so the GPU and the CPU device
 * fill tensors with the same numbers without copying them.
 */
public final class SyntheticValues {
    private SyntheticValues() {
    }

    /** A value in [-1, 1) for element {@code index} of the stream {@code seed}. */
    public static float uniform(int seed, long index) {
        int x = (int) index * 0x9E3779B9 + seed + (int) (index >>> 32) * 0x85EBCA6B;
        x ^= x >>> 16;
        x *= 0x85EBCA6B;
        x ^= x >>> 13;
        x *= 0xC2B2AE35;
        x ^= x >>> 16;
        return (float) (x >>> 8) * (1.0f / 16777216.0f) * 2.0f - 1.0f;
    }

    /** What a bf16 tensor filled with {@code (seed, scale)} holds at {@code index}. */
    public static float bf16(int seed, long index, float scale) {
        return Bf16.round(uniform(seed, index) * scale);
    }
}
