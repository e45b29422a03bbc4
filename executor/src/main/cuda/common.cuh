// Shared helpers for the Fleetwise kernel library. Storage is bf16, arithmetic is fp32.
// Every tensor is a 2-D row-major view: base pointer, rows, columns, row stride in elements.
#pragma once
#include <cuda_bf16.h>
#include <stdint.h>

typedef __nv_bfloat16 bf16;

__device__ __forceinline__ float warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// Sum over a block of at most 1024 threads; scratch holds 32 floats.
__device__ __forceinline__ float block_sum(float v, float* scratch) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    v = warp_sum(v);
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    int warps = (blockDim.x + 31) >> 5;
    float t = lane < warps ? scratch[lane] : 0.f;
    return warp_sum(t);
}

// Counter-based generator shared bit for bit with the Java CPU device (SyntheticValues.java),
// so both devices hold identical synthetic weights.
__device__ __forceinline__ float synthetic_uniform(uint32_t seed, uint64_t index) {
    uint32_t x = (uint32_t)index * 0x9E3779B9u + seed + (uint32_t)(index >> 32) * 0x85EBCA6Bu;
    x ^= x >> 16; x *= 0x85EBCA6Bu;
    x ^= x >> 13; x *= 0xC2B2AE35u;
    x ^= x >> 16;
    return (float)(x >> 8) * (1.0f / 16777216.0f) * 2.0f - 1.0f;
}
