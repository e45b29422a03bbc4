package io.fleetwise.executor.device;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every GPU kernel against the CPU reference on identical synthetic inputs (bit-identical fills),
 * within bf16 tolerance. Runs with {@code mvn -Pgpu -pl executor -am test}; skipped with the
 * discovery reason where there is no GPU.
 */
@Tag("gpu")
class GpuKernelsMatchCpuTest {
    private static CudaDevice gpu;
    private static CpuDevice cpu;

    @BeforeAll
    static void open() {
        gpu = CudaTestSupport.openGpuOrNull();
        cpu = new CpuDevice(512L << 20);
    }

    @BeforeEach
    void requireGpu() {
        CudaTestSupport.assumeGpu(gpu);
    }

    @AfterAll
    static void close() {
        if (gpu != null) {
            gpu.close();
        }
        if (cpu != null) {
            cpu.close();
        }
    }

    /** Runs the same scenario on both devices and compares the downloaded result. */
    private static void assertSameOnBoth(String what, double relTolerance, Function<ComputeDevice, float[]> scenario) {
        float[] expected = scenario.apply(cpu);
        float[] actual = scenario.apply(gpu);
        assertThat(actual).as(what + " size").hasSize(expected.length);
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i]));
            if (!(err <= worst)) {
                worst = err;
                worstAt = i;
            }
        }
        assertThat(worst).as(what + ": worst relative error at element " + worstAt
                + (worstAt >= 0 ? " (gpu " + actual[worstAt] + ", cpu " + expected[worstAt] + ")" : "")).isLessThanOrEqualTo(relTolerance);
    }

    private static Tensor synthetic(ComputeDevice d, String name, int rows, int cols, int seed, float scale) {
        Tensor t = d.allocate(name, ElementType.BF16, rows, cols);
        d.fillSynthetic(t, seed, scale);
        return t;
    }

    private static Tensor ints(ComputeDevice d, String name, int rows, int cols, int... values) {
        Tensor t = d.allocate(name, ElementType.I32, rows, cols);
        d.uploadInts(t, values);
        return t;
    }

    private static float[] gemm(ComputeDevice d, int m, int n, int k) {
        Tensor a = synthetic(d, "a", m, k, 1, 1f);
        Tensor w = synthetic(d, "w", n, k, 2, (float) (1 / Math.sqrt(k)));
        Tensor c = d.allocate("c", ElementType.BF16, m, n);
        d.gemm(a, w, c);
        float[] out = d.download(c);
        d.free(a);
        d.free(w);
        d.free(c);
        return out;
    }

    @Test
    void syntheticFillIsBitIdentical() {
        assertSameOnBoth("fill", 0.0, d -> d.download(synthetic(d, "x", 37, 129, 99, 0.5f)));
    }

    @Test
    void tensorCoreGemmMatchesAtRaggedShapes() {
        assertSameOnBoth("gemm 200x300x264 (tensor cores)", 2e-2, d -> gemm(d, 200, 300, 264));
        assertSameOnBoth("gemm 130x4096x512", 2e-2, d -> gemm(d, 130, 4096, 512));
    }

    @Test
    void gemvPathMatchesForSmallBatches() {
        for (int m : new int[] {1, 3, 16}) {
            assertSameOnBoth("gemv M=" + m, 2e-2, d -> gemm(d, m, 257, 1024));
        }
    }

    @Test
    void cudaCoreFallbackGemmMatches() {
        gpu.setTensorCoresAllowed(false);
        try {
            assertSameOnBoth("simt gemm 70x90x40", 2e-2, d -> gemm(d, 70, 90, 40));
        } finally {
            gpu.setTensorCoresAllowed(true);
        }
    }

    @Test
    void groupedGemmMatches() {
        int k = 128, n = 96, experts = 4;
        int[] offsets = {0, 130, 130, 131, 200};
        assertSameOnBoth("grouped gemm", 2e-2, d -> {
            Tensor a = synthetic(d, "a", 200, k, 3, 1f);
            Tensor w = synthetic(d, "w", experts * n, k, 4, 0.1f);
            Tensor c = d.allocate("c", ElementType.BF16, 200, n);
            d.groupedGemm(a, w, offsets, c);
            return d.download(c);
        });
    }

    @Test
    void elementwiseOpsMatch() {
        assertSameOnBoth("rmsnorm", 1e-2, d -> {
            Tensor x = synthetic(d, "x", 9, 1000, 5, 2f);
            Tensor out = d.allocate("o", ElementType.BF16, 9, 1000);
            d.rmsNorm(x, synthetic(d, "g", 1, 1000, 6, 1f), out, 1e-5f);
            return d.download(out);
        });
        assertSameOnBoth("rope", 1e-2, d -> {
            Tensor x = synthetic(d, "x", 5, 4 * 128, 7, 1f);
            d.rope(x, ints(d, "p", 1, 5, 0, 1, 17, 300, 4000), 4, 128, 500000f);
            return d.download(x);
        });
        assertSameOnBoth("silu-mul", 1e-2, d -> {
            Tensor out = d.allocate("o", ElementType.BF16, 7, 300);
            d.siluMul(synthetic(d, "gu", 7, 600, 8, 4f), out);
            return d.download(out);
        });
        assertSameOnBoth("residual", 1e-2, d -> {
            Tensor x = synthetic(d, "x", 7, 300, 9, 1f);
            d.residualAdd(x, synthetic(d, "r", 7, 300, 10, 1f));
            return d.download(x);
        });
    }

    /** A cache with two sequences' blocks interleaved: sequence 0 owns even blocks, sequence 1 odd ones. */
    private static int[] table(int seq, int blocks) {
        int[] t = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            t[i] = 2 * i + seq;
        }
        return t;
    }

    @Test
    void pagedPrefillAttentionMatches() {
        int qHeads = 8, kvHeads = 2, d = 128, blockSize = 16, context = 37, tokens = 50;
        AttentionShape shape = AttentionShape.of(qHeads, kvHeads, d);
        int blocks = (context + tokens + blockSize - 1) / blockSize;
        assertSameOnBoth("prefill attention", 2e-2, dev -> {
            Tensor kCache = synthetic(dev, "k", 2 * blocks * blockSize, kvHeads * d, 11, 1f);
            Tensor vCache = synthetic(dev, "v", 2 * blocks * blockSize, kvHeads * d, 12, 1f);
            Tensor q = synthetic(dev, "q", tokens, qHeads * d, 13, 1f);
            Tensor out = dev.allocate("o", ElementType.BF16, tokens, qHeads * d);
            dev.prefillAttention(q, kCache, vCache, ints(dev, "t", 1, blocks, table(0, blocks)), blockSize, context, out, shape);
            return dev.download(out);
        });
    }

    @Test
    void pagedDecodeAttentionWithSplitsMatches() {
        // {qHeads, kvHeads, headDim}: GQA groups of 4 (Llama-3 TP1), 1 (MHA), 12 (Mistral-Large), 2 with d=64, d=256
        int[][] configs = {{32, 8, 128}, {8, 8, 128}, {24, 2, 128}, {4, 2, 64}, {4, 4, 256}};
        for (int[] cfg : configs) {
            int qHeads = cfg[0], kvHeads = cfg[1], d = cfg[2], blockSize = 16;
            int[] lens = {1, 3000, 257};
            int maxBlocks = (3000 + blockSize - 1) / blockSize;
            AttentionShape shape = AttentionShape.of(qHeads, kvHeads, d);
            assertSameOnBoth("decode attention " + qHeads + "/" + kvHeads + "x" + d, 2e-2, dev -> {
                Tensor kCache = synthetic(dev, "k", 3 * maxBlocks * blockSize, kvHeads * d, 14, 1f);
                Tensor vCache = synthetic(dev, "v", 3 * maxBlocks * blockSize, kvHeads * d, 15, 1f);
                Tensor q = synthetic(dev, "q", 3, qHeads * d, 16, 1f);
                int[] tables = new int[3 * maxBlocks];
                for (int b = 0; b < 3; b++) {
                    for (int i = 0; i < maxBlocks; i++) {
                        tables[b * maxBlocks + i] = 3 * i + b;
                    }
                }
                Tensor out = dev.allocate("o", ElementType.BF16, 3, qHeads * d);
                dev.decodeAttention(q, kCache, vCache, ints(dev, "t", 3, maxBlocks, tables), blockSize, ints(dev, "l", 1, 3, lens), 3000, out, shape);
                float[] result = dev.download(out);
                for (Tensor t : java.util.List.of(kCache, vCache, q, out)) {
                    dev.free(t);
                }
                return result;
            });
        }
    }

    @Test
    void prefillAttentionMatchesForOtherHeadShapes() {
        int[][] configs = {{4, 4, 64, 0, 33}, {12, 1, 256, 20, 17}};  // {qHeads, kvHeads, headDim, context, tokens}
        for (int[] cfg : configs) {
            int qHeads = cfg[0], kvHeads = cfg[1], d = cfg[2], context = cfg[3], tokens = cfg[4], blockSize = 16;
            int blocks = (context + tokens + blockSize - 1) / blockSize;
            AttentionShape shape = AttentionShape.of(qHeads, kvHeads, d);
            assertSameOnBoth("prefill attention " + qHeads + "/" + kvHeads + "x" + d, 2e-2, dev -> {
                Tensor kCache = synthetic(dev, "k", blocks * blockSize, kvHeads * d, 21, 1f);
                Tensor vCache = synthetic(dev, "v", blocks * blockSize, kvHeads * d, 22, 1f);
                Tensor q = synthetic(dev, "q", tokens, qHeads * d, 23, 1f);
                Tensor out = dev.allocate("o", ElementType.BF16, tokens, qHeads * d);
                int[] table = new int[blocks];
                for (int i = 0; i < blocks; i++) {
                    table[i] = blocks - 1 - i;
                }
                dev.prefillAttention(q, kCache, vCache, ints(dev, "t", 1, blocks, table), blockSize, context, out, shape);
                return dev.download(out);
            });
        }
    }

    @Test
    void kvAppendAndMoeOpsMatch() {
        assertSameOnBoth("kv append", 0.0, dev -> {
            Tensor kCache = dev.allocate("k", ElementType.BF16, 64, 256);
            Tensor vCache = dev.allocate("v", ElementType.BF16, 64, 256);
            dev.upload(kCache, new float[64 * 256]);
            dev.upload(vCache, new float[64 * 256]);
            Tensor kv = synthetic(dev, "kv", 5, 512, 17, 1f);
            dev.kvAppend(kv.columns(0, 256), kv.columns(256, 256), kCache, vCache, ints(dev, "s", 1, 5, 63, 0, 17, 18, 40));
            float[] k = dev.download(kCache), v = dev.download(vCache);
            float[] both = new float[k.length * 2];
            System.arraycopy(k, 0, both, 0, k.length);
            System.arraycopy(v, 0, both, k.length, v.length);
            return both;
        });
        assertSameOnBoth("moe top-k weights", 1e-5, dev -> {
            Tensor ids = dev.allocate("ids", ElementType.I32, 33, 8);
            Tensor w = dev.allocate("w", ElementType.F32, 33, 8);
            dev.moeTopK(synthetic(dev, "logits", 33, 128, 18, 3f), 8, ids, w);
            int[] id = dev.downloadInts(ids);
            float[] out = dev.download(w);
            float[] both = new float[id.length * 2];
            for (int i = 0; i < id.length; i++) {
                both[i] = id[i];
                both[id.length + i] = out[i];
            }
            return both;
        });
        assertSameOnBoth("moe gather + combine", 1e-2, dev -> {
            Tensor x = synthetic(dev, "x", 6, 256, 19, 1f);
            Tensor rows = dev.allocate("rows", ElementType.BF16, 4, 256);
            dev.moeGather(x, ints(dev, "rt", 1, 4, 5, 0, 2, 5), rows);
            Tensor weights = dev.allocate("w", ElementType.F32, 6, 2);
            dev.upload(weights, new float[] {1, 0, 0.25f, 0.75f, 0, 0, 0.5f, 0.5f, 0, 0, 0.3f, 0.7f});
            Tensor out = dev.allocate("o", ElementType.BF16, 6, 256);
            dev.moeCombine(rows, ints(dev, "sr", 6, 2, 1, 0, 2, 3, 0, 0, 1, 2, 0, 0, 0, 3), weights, out);
            return dev.download(out);
        });
    }

    @Test
    void oversizedAllocationFailsCleanlyAndTheDeviceStaysUsable() {
        long free = gpu.freeMemoryBytes();
        int cols = 1 << 20;
        int rows = (int) Math.min(Integer.MAX_VALUE, free / cols + 1024);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gpu.allocate("too-big", ElementType.F32, rows, cols))
                .isInstanceOf(InsufficientDeviceMemoryException.class).hasMessageContaining("too-big");
        assertThat(gemm(gpu, 4, 64, 64)).hasSize(4 * 64);
    }
}
