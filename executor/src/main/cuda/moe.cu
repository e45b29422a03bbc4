// Mixture-of-experts routing around the grouped expert GEMM (gemm.cu):
//  - moe_topk_softmax: softmax over the router logits, top-k experts, weights renormalised over the k.
//  - moe_gather_rows: copy each routed (token, slot) row into expert-sorted order.
//  - moe_combine: out[t] = sum_j weight[t, j] * expertOut[row of (t, j)].
#include "common.cuh"
#include <math_constants.h>

#define MOE_MAX_PER_LANE 8  // up to 256 experts

// One warp per token. ids [tokens, k] int, weights [tokens, k] fp32.
extern "C" __global__ void moe_topk_softmax(const bf16* logits, int ldl, int tokens, int experts, int k,
                                            int* ids, float* weights) {
    int warp = (blockIdx.x * blockDim.x + threadIdx.x) >> 5, lane = threadIdx.x & 31;
    if (warp >= tokens) return;
    const bf16* row = logits + (size_t)warp * ldl;
    float v[MOE_MAX_PER_LANE];
    float mx = -CUDART_INF_F;
#pragma unroll
    for (int i = 0; i < MOE_MAX_PER_LANE; i++) {
        int e = lane + 32 * i;
        v[i] = e < experts ? __bfloat162float(row[e]) : -CUDART_INF_F;
        mx = fmaxf(mx, v[i]);
    }
    mx = warp_max(mx);
    float sum = 0.f;
#pragma unroll
    for (int i = 0; i < MOE_MAX_PER_LANE; i++) {
        v[i] = lane + 32 * i < experts ? __expf(v[i] - mx) : -1.f;
        sum += v[i] > 0.f ? v[i] : 0.f;
    }
    sum = warp_sum(sum);
    float picked = 0.f;
    for (int j = 0; j < k; j++) {
        float best = -1.f; int bestE = 0x7fffffff;
#pragma unroll
        for (int i = 0; i < MOE_MAX_PER_LANE; i++) {
            int e = lane + 32 * i;
            if (v[i] > best || (v[i] == best && e < bestE)) { best = v[i]; bestE = e; }
        }
        for (int o = 16; o > 0; o >>= 1) {
            float ob = __shfl_xor_sync(0xffffffffu, best, o);
            int oe = __shfl_xor_sync(0xffffffffu, bestE, o);
            if (ob > best || (ob == best && oe < bestE)) { best = ob; bestE = oe; }
        }
#pragma unroll
        for (int i = 0; i < MOE_MAX_PER_LANE; i++)
            if (lane + 32 * i == bestE) v[i] = -1.f;
        if (lane == 0) { ids[warp * k + j] = bestE; weights[warp * k + j] = best / sum; }
        picked += best / sum;
    }
    __syncwarp();
    if (lane < k) weights[warp * k + lane] /= picked;
}

extern "C" __global__ void moe_gather_rows(const bf16* x, int ldx, const int* rowToken, bf16* out, int ldo,
                                           int rows, int cols) {
    long long n = (long long)rows * cols;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        int r = (int)(i / cols), c = (int)(i % cols);
        out[(size_t)r * ldo + c] = x[(size_t)rowToken[r] * ldx + c];
    }
}

// slotRow [tokens, k]: the expert-sorted row holding token t's j-th expert output.
extern "C" __global__ void moe_combine(const bf16* expertOut, int lde, const int* slotRow, const float* weights,
                                       int k, bf16* out, int ldo, int tokens, int cols) {
    long long n = (long long)tokens * cols;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        int t = (int)(i / cols), c = (int)(i % cols);
        float s = 0.f;
        for (int j = 0; j < k; j++)
            s += weights[t * k + j] * __bfloat162float(expertOut[(size_t)slotRow[t * k + j] * lde + c]);
        out[(size_t)t * ldo + c] = __float2bfloat16(s);
    }
}
