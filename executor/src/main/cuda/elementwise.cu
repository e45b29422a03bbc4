// Memory-bound layer operations: synthetic fill, RMSNorm, RoPE, SiLU-and-multiply, residual add.
#include "common.cuh"

extern "C" __global__ void fill_uniform_bf16(bf16* out, long long n, unsigned int seed, float scale) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        out[i] = __float2bfloat16(synthetic_uniform(seed, (uint64_t)i) * scale);
    }
}

// out[r] = x[r] / sqrt(mean(x[r]^2) + eps) * gamma; one block per row.
extern "C" __global__ void rmsnorm_bf16(const bf16* x, int ldx, const bf16* gamma, bf16* out, int ldo,
                                        int cols, float eps) {
    __shared__ float scratch[32];
    const bf16* row = x + (size_t)blockIdx.x * ldx;
    float ss = 0.f;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) {
        float v = __bfloat162float(row[c]);
        ss += v * v;
    }
    float total = block_sum(ss, scratch);
    float inv = rsqrtf(total / cols + eps);
    bf16* o = out + (size_t)blockIdx.x * ldo;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) {
        o[c] = __float2bfloat16(__bfloat162float(row[c]) * inv * __bfloat162float(gamma[c]));
    }
}

// Rotary embedding, rotate-half (GPT-NeoX / Hugging Face Llama) layout, in place on a
// [tokens, heads*headDim] view. One block per token.
extern "C" __global__ void rope_bf16(bf16* x, int ldx, const int* positions, int heads, int headDim, float theta) {
    int t = blockIdx.x;
    int half = headDim / 2;
    float pos = (float)positions[t];
    bf16* row = x + (size_t)t * ldx;
    for (int i = threadIdx.x; i < heads * half; i += blockDim.x) {
        int h = i / half, j = i % half;
        float invFreq = powf(theta, -2.0f * j / headDim);
        float s, c;
        sincosf(pos * invFreq, &s, &c);
        bf16* p = row + h * headDim;
        float x1 = __bfloat162float(p[j]);
        float x2 = __bfloat162float(p[j + half]);
        p[j] = __float2bfloat16(x1 * c - x2 * s);
        p[j + half] = __float2bfloat16(x2 * c + x1 * s);
    }
}

// out[m, f] = silu(gateUp[m, f]) * gateUp[m, F + f]
extern "C" __global__ void silu_mul_bf16(const bf16* gateUp, int ldg, bf16* out, int ldo, int rows, int ffn) {
    long long n = (long long)rows * ffn;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        int m = (int)(i / ffn), f = (int)(i % ffn);
        float g = __bfloat162float(gateUp[(size_t)m * ldg + f]);
        float u = __bfloat162float(gateUp[(size_t)m * ldg + ffn + f]);
        out[(size_t)m * ldo + f] = __float2bfloat16(g / (1.0f + expf(-g)) * u);
    }
}

// x += r
extern "C" __global__ void residual_add_bf16(bf16* x, int ldx, const bf16* r, int ldr, int rows, int cols) {
    long long n = (long long)rows * cols;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        int m = (int)(i / cols), c = (int)(i % cols);
        size_t xi = (size_t)m * ldx + c;
        x[xi] = __float2bfloat16(__bfloat162float(x[xi]) + __bfloat162float(r[(size_t)m * ldr + c]));
    }
}
