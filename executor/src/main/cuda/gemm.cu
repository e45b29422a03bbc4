// GEMMs of the layer: C[M,N] = A[M,K] * W[N,K]^T (W stored like torch.nn.Linear.weight),
// bf16 in and out, fp32 accumulation.
//  - gemm_bf16_tc:  tensor cores (wmma bf16, sm_80+), 128x128x32 tiles, 3-stage cp.async pipeline.
//  - gemm_bf16_simt: CUDA-core fallback for GPUs without bf16 tensor cores (sm_75).
//  - gemv_bf16:     memory-bound path for M <= 16 (decode batches): 4 output columns per block, split K.
//  - grouped_gemm_bf16_{tc,simt}: MoE experts; a tile table maps each row tile to (expert, first row, rows).
// Requirements checked on the host: K % 8 == 0, lda and ldc multiples of 8, 16-byte aligned bases.
#include "common.cuh"
#include <mma.h>

#define TC_BM 128
#define TC_BN 128
#define TC_BK 32
#define TC_PAD 8
#define TC_LDS (TC_BK + TC_PAD)
#define TC_STAGES 3
// 3 stages x (A + B) x 128 rows x 40 bf16 = 61,440 bytes (above 48 KiB: the host opts in per kernel)
#define TC_SMEM_BYTES (TC_STAGES * 2 * TC_BM * TC_LDS * 2)

__device__ __forceinline__ void cp_async16(void* smem, const void* gmem, bool valid) {
#if __CUDA_ARCH__ >= 800
    unsigned s = (unsigned)__cvta_generic_to_shared(smem);
    int bytes = valid ? 16 : 0;
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" :: "r"(s), "l"(gmem), "r"(bytes));
#else
    *(uint4*)smem = valid ? *(const uint4*)gmem : make_uint4(0, 0, 0, 0);
#endif
}

__device__ __forceinline__ void cp_async_commit() {
#if __CUDA_ARCH__ >= 800
    asm volatile("cp.async.commit_group;\n" ::);
#endif
}

template <int N>
__device__ __forceinline__ void cp_async_wait() {
#if __CUDA_ARCH__ >= 800
    asm volatile("cp.async.wait_group %0;\n" :: "n"(N));
#endif
}

// One 128x128 output tile on tensor cores. 256 threads = 8 warps in a 2 (M) x 4 (N) grid,
// each warp owning 64x32 outputs = 4x2 wmma 16x16 accumulators. Operand tiles stream through a
// TC_STAGES-deep ring of shared-memory buffers filled by cp.async, so loads of the next tiles
// overlap the tensor-core work on the current one. Dynamic shared memory: TC_SMEM_BYTES.
__device__ __forceinline__ void gemm_tc_tile(const bf16* __restrict__ A, int lda, const bf16* __restrict__ W,
                                             bf16* __restrict__ C, int ldc, int M, int N, int K, int bm, int bn) {
#if __CUDA_ARCH__ >= 800
    using namespace nvcuda;
    extern __shared__ __align__(128) unsigned char tc_smem[];
    typedef bf16 Tile[TC_BM][TC_LDS];
    Tile* As = reinterpret_cast<Tile*>(tc_smem);
    Tile* Bs = As + TC_STAGES;
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    const int wm = warp >> 2, wn = warp & 3;

    wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc[4][2];
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 2; j++) wmma::fill_fragment(acc[i][j], 0.f);

    auto load_tile = [&](int kt, int stage) {
        int k0 = kt * TC_BK;
#pragma unroll
        for (int c = 0; c < 2; c++) {
            int chunk = tid + c * 256;         // 512 chunks of 8 bf16 per operand tile
            int r = chunk >> 2, col = (chunk & 3) * 8;
            int gk = k0 + col;
            int gm = bm + r;
            bool va = gm < M && gk < K;
            cp_async16(&As[stage][r][col], va ? A + (size_t)gm * lda + gk : A, va);
            int gn = bn + r;
            bool vb = gn < N && gk < K;
            cp_async16(&Bs[stage][r][col], vb ? W + (size_t)gn * K + gk : W, vb);
        }
    };

    const int kTiles = (K + TC_BK - 1) / TC_BK;
#pragma unroll
    for (int st = 0; st < TC_STAGES - 1; st++) {
        if (st < kTiles) load_tile(st, st);
        cp_async_commit();  // empty groups keep the group count uniform
    }
    for (int kt = 0; kt < kTiles; kt++) {
        cp_async_wait<TC_STAGES - 2>();  // tile kt has landed
        __syncthreads();                 // ... for every thread, and tile kt-1's buffer is free
        int next = kt + TC_STAGES - 1;
        if (next < kTiles) load_tile(next, next % TC_STAGES);
        cp_async_commit();
        int stage = kt % TC_STAGES;
#pragma unroll
        for (int kk = 0; kk < TC_BK; kk += 16) {
            wmma::fragment<wmma::matrix_a, 16, 16, 16, __nv_bfloat16, wmma::row_major> a[4];
            wmma::fragment<wmma::matrix_b, 16, 16, 16, __nv_bfloat16, wmma::col_major> b[2];
#pragma unroll
            for (int i = 0; i < 4; i++) wmma::load_matrix_sync(a[i], &As[stage][wm * 64 + i * 16][kk], TC_LDS);
#pragma unroll
            for (int j = 0; j < 2; j++) wmma::load_matrix_sync(b[j], &Bs[stage][wn * 32 + j * 16][kk], TC_LDS);
#pragma unroll
            for (int i = 0; i < 4; i++)
#pragma unroll
                for (int j = 0; j < 2; j++) wmma::mma_sync(acc[i][j], a[i], b[j], acc[i][j]);
        }
    }
    cp_async_wait<0>();
    __syncthreads();

    // Epilogue through a per-warp 16x16 fp32 scratch (reusing the operand buffers) so edges can be bounds-checked.
    float* scratch = reinterpret_cast<float*>(tc_smem) + warp * 256;
#pragma unroll
    for (int i = 0; i < 4; i++) {
#pragma unroll
        for (int j = 0; j < 2; j++) {
            wmma::store_matrix_sync(scratch, acc[i][j], 16, wmma::mem_row_major);
            __syncwarp();
            int r0 = bm + wm * 64 + i * 16, c0 = bn + wn * 32 + j * 16;
            for (int e = lane; e < 256; e += 32) {
                int r = r0 + (e >> 4), c = c0 + (e & 15);
                if (r < M && c < N) C[(size_t)r * ldc + c] = __float2bfloat16(scratch[e]);
            }
            __syncwarp();
        }
    }
#else
    asm volatile("trap;");
#endif
}

extern "C" __global__ void __launch_bounds__(256) gemm_bf16_tc(const bf16* A, int lda, const bf16* W, bf16* C, int ldc,
                                                               int M, int N, int K) {
    gemm_tc_tile(A, lda, W, C, ldc, M, N, K, blockIdx.y * TC_BM, blockIdx.x * TC_BN);
}

// tiles: per row tile {expert, firstRow, rows}; W holds experts back to back, each [N, K].
extern "C" __global__ void __launch_bounds__(256) grouped_gemm_bf16_tc(const bf16* A, int lda, const bf16* W, bf16* C, int ldc,
                                                                       const int* tiles, int N, int K) {
    int e = tiles[blockIdx.y * 3], first = tiles[blockIdx.y * 3 + 1], rows = tiles[blockIdx.y * 3 + 2];
    gemm_tc_tile(A + (size_t)first * lda, lda, W + (size_t)e * N * K, C + (size_t)first * ldc, ldc, rows, N, K,
                 0, blockIdx.x * TC_BN);
}

// CUDA-core fallback: 64x64 tile, 256 threads, 4x4 outputs per thread, fp32 shared tiles.
#define SM_BM 64
#define SM_BN 64
#define SM_BK 16
__device__ __forceinline__ void gemm_simt_tile(const bf16* __restrict__ A, int lda, const bf16* __restrict__ W,
                                               bf16* __restrict__ C, int ldc, int M, int N, int K, int bm, int bn) {
    __shared__ float As[SM_BK][SM_BM + 4];
    __shared__ float Bs[SM_BK][SM_BN + 4];
    int tid = threadIdx.x, tr = tid / 16, tc = tid % 16;
    float acc[4][4] = {};
    for (int k0 = 0; k0 < K; k0 += SM_BK) {
        for (int i = tid; i < SM_BM * SM_BK; i += 256) {
            int r = i / SM_BK, k = i % SM_BK;
            int gm = bm + r, gn = bn + r, gk = k0 + k;
            As[k][r] = (gm < M && gk < K) ? __bfloat162float(A[(size_t)gm * lda + gk]) : 0.f;
            Bs[k][r] = (gn < N && gk < K) ? __bfloat162float(W[(size_t)gn * K + gk]) : 0.f;
        }
        __syncthreads();
#pragma unroll
        for (int k = 0; k < SM_BK; k++) {
            float a[4], b[4];
#pragma unroll
            for (int i = 0; i < 4; i++) { a[i] = As[k][tr * 4 + i]; b[i] = Bs[k][tc * 4 + i]; }
#pragma unroll
            for (int i = 0; i < 4; i++)
#pragma unroll
                for (int j = 0; j < 4; j++) acc[i][j] += a[i] * b[j];
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 4; j++) {
            int r = bm + tr * 4 + i, c = bn + tc * 4 + j;
            if (r < M && c < N) C[(size_t)r * ldc + c] = __float2bfloat16(acc[i][j]);
        }
}

extern "C" __global__ void __launch_bounds__(256) gemm_bf16_simt(const bf16* A, int lda, const bf16* W, bf16* C, int ldc,
                                                                 int M, int N, int K) {
    gemm_simt_tile(A, lda, W, C, ldc, M, N, K, blockIdx.y * SM_BM, blockIdx.x * SM_BN);
}

extern "C" __global__ void __launch_bounds__(256) grouped_gemm_bf16_simt(const bf16* A, int lda, const bf16* W, bf16* C, int ldc,
                                                                         const int* tiles, int N, int K) {
    int e = tiles[blockIdx.y * 3], first = tiles[blockIdx.y * 3 + 1], rows = tiles[blockIdx.y * 3 + 2];
    gemm_simt_tile(A + (size_t)first * lda, lda, W + (size_t)e * N * K, C + (size_t)first * ldc, ldc, rows, N, K,
                   0, blockIdx.x * SM_BN);
}

// M <= 16: weight-streaming GEMV. A block of 4 warps computes GEMV_ROWS output columns; the warps
// split K, each lane streams 16-byte chunks of the GEMV_ROWS weight rows and reuses every activation
// chunk for all of them (activation traffic through L1 is M/GEMV_ROWS times the weight traffic).
// Partial sums meet in shared memory.
#define GEMV_MAX_M 16
#define GEMV_ROWS 4
#define GEMV_WARPS 4
extern "C" __global__ void __launch_bounds__(GEMV_WARPS * 32, 4) gemv_bf16(const bf16* __restrict__ A, int lda, const bf16* __restrict__ W,
                                                                         bf16* __restrict__ C, int ldc, int M, int N, int K) {
    __shared__ float partial[GEMV_WARPS][GEMV_MAX_M][GEMV_ROWS];
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int n0 = blockIdx.x * GEMV_ROWS;
    float acc[GEMV_MAX_M][GEMV_ROWS];
#pragma unroll
    for (int m = 0; m < GEMV_MAX_M; m++)
#pragma unroll
        for (int r = 0; r < GEMV_ROWS; r++) acc[m][r] = 0.f;

#pragma unroll 2
    for (int k = (warp * 32 + lane) * 8; k < K; k += GEMV_WARPS * 32 * 8) {
        float2 wf[GEMV_ROWS][4];
#pragma unroll
        for (int r = 0; r < GEMV_ROWS; r++) {
            uint4 wv = n0 + r < N ? __ldg(reinterpret_cast<const uint4*>(W + (size_t)(n0 + r) * K + k)) : make_uint4(0, 0, 0, 0);
            const __nv_bfloat162* wp = reinterpret_cast<const __nv_bfloat162*>(&wv);
#pragma unroll
            for (int q = 0; q < 4; q++) wf[r][q] = __bfloat1622float2(wp[q]);
        }
#pragma unroll
        for (int m = 0; m < GEMV_MAX_M; m++) {
            if (m < M) {
                uint4 av = __ldg(reinterpret_cast<const uint4*>(A + (size_t)m * lda + k));
                const __nv_bfloat162* ap = reinterpret_cast<const __nv_bfloat162*>(&av);
                float2 af[4];
#pragma unroll
                for (int q = 0; q < 4; q++) af[q] = __bfloat1622float2(ap[q]);
#pragma unroll
                for (int r = 0; r < GEMV_ROWS; r++) {
                    float s = 0.f;
#pragma unroll
                    for (int q = 0; q < 4; q++) s += af[q].x * wf[r][q].x + af[q].y * wf[r][q].y;
                    acc[m][r] += s;
                }
            }
        }
    }
#pragma unroll
    for (int m = 0; m < GEMV_MAX_M; m++) {
        if (m < M) {
#pragma unroll
            for (int r = 0; r < GEMV_ROWS; r++) {
                float v = warp_sum(acc[m][r]);
                if (lane == 0) partial[warp][m][r] = v;
            }
        }
    }
    __syncthreads();
    for (int i = threadIdx.x; i < M * GEMV_ROWS; i += blockDim.x) {
        int m = i / GEMV_ROWS, r = i % GEMV_ROWS;
        if (n0 + r < N) {
            float v = 0.f;
#pragma unroll
            for (int w = 0; w < GEMV_WARPS; w++) v += partial[w][m][r];
            C[(size_t)m * ldc + n0 + r] = __float2bfloat16(v);
        }
    }
}
