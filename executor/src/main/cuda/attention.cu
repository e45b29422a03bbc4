// Attention over a paged KV cache. The cache of one layer is [slots, kvHeads*headDim] with
// slot = block * blockSize + offset; a sequence's block table lists its blocks in order.
//  - kv_append_bf16: write new tokens' K and V into their slots.
//  - prefill_attention_bf16: causal, flash-style (online softmax over 32-key tiles), GQA; a chunk
//    of T new tokens after `context` cached tokens attends keys 0 .. context+i.
//  - paged_decode_attention_bf16 + paged_decode_reduce: one query token per sequence, split-K over
//    the context (each split writes partial max/sum/accumulator; the reduce kernel merges them).
// headDim must be a multiple of 32 and at most 256.
#include "common.cuh"
#include <math_constants.h>

#define MAX_DPL 8  // head dims per lane: headDim / 32

extern "C" __global__ void kv_append_bf16(const bf16* k, int ldk, const bf16* v, int ldv, bf16* kCache, bf16* vCache,
                                          const int* slots, int tokens, int width) {
    long long n = (long long)tokens * width;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        int t = (int)(i / width), c = (int)(i % width);
        size_t dst = (size_t)slots[t] * width + c;
        kCache[dst] = k[(size_t)t * ldk + c];
        vCache[dst] = v[(size_t)t * ldv + c];
    }
}

__device__ __forceinline__ size_t slot_of(const int* blockTable, int blockSize, int pos) {
    return (size_t)blockTable[pos / blockSize] * blockSize + (pos % blockSize);
}

#define PF_Q 16     // queries per block (4 warps x 4)
#define PF_KT 32    // keys per tile (one per lane when scoring)

// grid (ceil(T / PF_Q), qHeads), block 128, dynamic smem = PF_Q*D*4 + PF_KT*(D+2)*2 + PF_KT*D*2
extern "C" __global__ void __launch_bounds__(128) prefill_attention_bf16(
        const bf16* q, int ldq, const bf16* kCache, const bf16* vCache, const int* blockTable, int blockSize,
        bf16* out, int ldo, int tokens, int context, int qHeads, int kvHeads, int headDim, float scale) {
    extern __shared__ __align__(16) unsigned char smem[];
    const int D = headDim, dpl = D / 32, kStride = D + 2;
    float* qs = reinterpret_cast<float*>(smem);
    bf16* ks = reinterpret_cast<bf16*>(qs + PF_Q * D);
    bf16* vs = ks + PF_KT * kStride;
    const int head = blockIdx.y, kvh = head / (qHeads / kvHeads);
    const int q0 = blockIdx.x * PF_Q;
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    const int width = kvHeads * D;

    for (int i = tid; i < PF_Q * D; i += blockDim.x) {
        int qi = q0 + i / D;
        qs[i] = qi < tokens ? __bfloat162float(q[(size_t)qi * ldq + head * D + i % D]) * scale : 0.f;
    }
    float m[4], l[4], acc[4][MAX_DPL];
#pragma unroll
    for (int r = 0; r < 4; r++) {
        m[r] = -CUDART_INF_F; l[r] = 0.f;
#pragma unroll
        for (int t = 0; t < MAX_DPL; t++) acc[r][t] = 0.f;
    }
    const int lastQuery = min(q0 + PF_Q, tokens) - 1;
    const int keyEnd = context + lastQuery + 1;  // exclusive
    for (int k0 = 0; k0 < keyEnd; k0 += PF_KT) {
        __syncthreads();
        for (int i = tid; i < PF_KT * (D / 2); i += blockDim.x) {
            int j = i / (D / 2), d2 = i % (D / 2);
            int pos = k0 + j;
            __nv_bfloat162 kv2 = __floats2bfloat162_rn(0.f, 0.f), vv2 = kv2;
            if (pos < keyEnd) {
                size_t base = slot_of(blockTable, blockSize, pos) * width + kvh * D + 2 * d2;
                kv2 = *reinterpret_cast<const __nv_bfloat162*>(kCache + base);
                vv2 = *reinterpret_cast<const __nv_bfloat162*>(vCache + base);
            }
            *reinterpret_cast<__nv_bfloat162*>(ks + j * kStride + 2 * d2) = kv2;
            *reinterpret_cast<__nv_bfloat162*>(vs + j * D + 2 * d2) = vv2;
        }
        __syncthreads();
#pragma unroll
        for (int r = 0; r < 4; r++) {
            int ql = warp * 4 + r, qi = q0 + ql;
            if (qi >= tokens) break;
            int pos = k0 + lane;
            const float* qv = qs + ql * D;
            const bf16* kr = ks + lane * kStride;
            float s = 0.f;
            for (int d = 0; d < D; d += 2) {
                float2 kf = __bfloat1622float2(*reinterpret_cast<const __nv_bfloat162*>(kr + d));
                s += qv[d] * kf.x + qv[d + 1] * kf.y;
            }
            bool visible = pos <= context + qi;
            s = visible ? s : -CUDART_INF_F;
            float tileMax = warp_max(s);
            if (tileMax == -CUDART_INF_F) continue;
            float mNew = fmaxf(m[r], tileMax);
            float alpha = __expf(m[r] - mNew);
            float p = visible ? __expf(s - mNew) : 0.f;
            l[r] = l[r] * alpha + warp_sum(p);
            m[r] = mNew;
#pragma unroll
            for (int t = 0; t < MAX_DPL; t++) acc[r][t] *= alpha;
            for (int j = 0; j < PF_KT; j++) {
                float pj = __shfl_sync(0xffffffffu, p, j);
                if (pj == 0.f) continue;
                const bf16* vr = vs + j * D;
#pragma unroll
                for (int t = 0; t < MAX_DPL; t++)
                    if (t < dpl) acc[r][t] += pj * __bfloat162float(vr[lane + 32 * t]);
            }
        }
    }
#pragma unroll
    for (int r = 0; r < 4; r++) {
        int qi = q0 + warp * 4 + r;
        if (qi >= tokens) break;
        float inv = l[r] > 0.f ? 1.f / l[r] : 0.f;
#pragma unroll
        for (int t = 0; t < MAX_DPL; t++)
            if (t < dpl) out[(size_t)qi * ldo + head * D + lane + 32 * t] = __float2bfloat16(acc[r][t] * inv);
    }
}

#define DEC_G 4  // query heads per block (sharing one KV head)

// grid (batch, qHeads / headsPerBlock, splits), block 128 (4 warps interleave over keys).
// Partial results: partAcc [batch, qHeads, splits, D], partMax / partSum [batch, qHeads, splits].
extern "C" __global__ void __launch_bounds__(128) paged_decode_attention_bf16(
        const bf16* __restrict__ q, int ldq, const bf16* __restrict__ kCache, const bf16* __restrict__ vCache,
        const int* __restrict__ blockTables, int maxBlocks, int blockSize, const int* __restrict__ contextLens,
        float* __restrict__ partAcc, float* __restrict__ partMax, float* __restrict__ partSum,
        int qHeads, int kvHeads, int headDim, int headsPerBlock, int splitTokens, float scale) {
    __shared__ float redM[4][DEC_G], redL[4][DEC_G];
    __shared__ float redAcc[4][DEC_G][256];
    const int b = blockIdx.x, split = blockIdx.z, splits = gridDim.z;
    const int h0 = blockIdx.y * headsPerBlock, kvh = h0 / (qHeads / kvHeads);
    const int D = headDim, dpl = D / 32, width = kvHeads * D;
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int ctx = contextLens[b];
    const int start = split * splitTokens, end = min(ctx, start + splitTokens);
    const int* table = blockTables + (size_t)b * maxBlocks;

    float qv[DEC_G][MAX_DPL], m[DEC_G], l[DEC_G], acc[DEC_G][MAX_DPL];
#pragma unroll
    for (int g = 0; g < DEC_G; g++) {
        m[g] = -CUDART_INF_F; l[g] = 0.f;
#pragma unroll
        for (int t = 0; t < MAX_DPL; t++) {
            acc[g][t] = 0.f;
            int d = lane * dpl + t;
            qv[g][t] = (g < headsPerBlock && t < dpl)
                ? __bfloat162float(q[(size_t)b * ldq + (h0 + g) * D + d]) * scale : 0.f;
        }
    }
    // Unrolled so several keys' loads are in flight per warp: decode attention is bandwidth-bound.
#pragma unroll 4
    for (int pos = start + warp; pos < end; pos += 4) {
        size_t base = slot_of(table, blockSize, pos) * width + kvh * D + lane * dpl;
        float kf[MAX_DPL], vf[MAX_DPL];
#pragma unroll
        for (int t = 0; t < MAX_DPL; t += 2) {
            if (t < dpl) {
                float2 k2 = __bfloat1622float2(*reinterpret_cast<const __nv_bfloat162*>(kCache + base + t));
                float2 v2 = __bfloat1622float2(*reinterpret_cast<const __nv_bfloat162*>(vCache + base + t));
                kf[t] = k2.x; kf[t + 1] = k2.y; vf[t] = v2.x; vf[t + 1] = v2.y;
            } else {
                kf[t] = kf[t + 1] = vf[t] = vf[t + 1] = 0.f;
            }
        }
#pragma unroll
        for (int g = 0; g < DEC_G; g++) {
            if (g < headsPerBlock) {
                float s = 0.f;
#pragma unroll
                for (int t = 0; t < MAX_DPL; t++) s += qv[g][t] * kf[t];
                s = warp_sum(s);
                float mNew = fmaxf(m[g], s);
                float alpha = __expf(m[g] - mNew), p = __expf(s - mNew);
                l[g] = l[g] * alpha + p;
                m[g] = mNew;
#pragma unroll
                for (int t = 0; t < MAX_DPL; t++) acc[g][t] = acc[g][t] * alpha + p * vf[t];
            }
        }
    }
    // Merge the four warps.
#pragma unroll
    for (int g = 0; g < DEC_G; g++) {
        if (g < headsPerBlock) {
            if (lane == 0) { redM[warp][g] = m[g]; redL[warp][g] = l[g]; }
#pragma unroll
            for (int t = 0; t < MAX_DPL; t++)
                if (t < dpl) redAcc[warp][g][lane * dpl + t] = acc[g][t];
        }
    }
    __syncthreads();
    for (int i = threadIdx.x; i < headsPerBlock * D; i += blockDim.x) {
        int g = i / D, d = i % D;
        float mx = -CUDART_INF_F;
        for (int w = 0; w < 4; w++) mx = fmaxf(mx, redM[w][g]);
        float sum = 0.f, a = 0.f;
        if (mx != -CUDART_INF_F) {
            for (int w = 0; w < 4; w++) {
                float f = __expf(redM[w][g] - mx);
                sum += redL[w][g] * f;
                a += redAcc[w][g][d] * f;
            }
        }
        size_t row = ((size_t)b * qHeads + h0 + g) * splits + split;
        partAcc[row * D + d] = a;
        if (d == 0) { partMax[row] = mx; partSum[row] = sum; }
    }
}

// grid (batch, qHeads), block headDim threads.
extern "C" __global__ void paged_decode_reduce(const float* partAcc, const float* partMax, const float* partSum,
                                               bf16* out, int ldo, int qHeads, int headDim, int splits) {
    int b = blockIdx.x, h = blockIdx.y, d = threadIdx.x;
    size_t row0 = ((size_t)b * qHeads + h) * splits;
    float mx = -CUDART_INF_F;
    for (int s = 0; s < splits; s++) mx = fmaxf(mx, partMax[row0 + s]);
    float sum = 0.f, a = 0.f;
    if (mx != -CUDART_INF_F) {
        for (int s = 0; s < splits; s++) {
            float f = __expf(partMax[row0 + s] - mx);
            sum += partSum[row0 + s] * f;
            a += partAcc[(row0 + s) * headDim + d] * f;
        }
    }
    out[(size_t)b * ldo + h * headDim + d] = __float2bfloat16(sum > 0.f ? a / sum : 0.f);
}
