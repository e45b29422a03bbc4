package io.fleetwise.executor.device;

import io.fleetwise.executor.kernels.Bf16;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each CPU operation against a straightforward double-precision reference. */
class CpuDeviceOpsTest {
    private final CpuDevice cpu = new CpuDevice(64L << 20);
    private final Random random = new Random(42);

    @AfterEach
    void close() {
        cpu.close();
    }

    private float[] randoms(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = Bf16.round((float) random.nextGaussian());
        }
        return v;
    }

    private Tensor tensor(String name, int rows, int cols, float[] values) {
        Tensor t = cpu.allocate(name, ElementType.BF16, rows, cols);
        cpu.upload(t, values);
        return t;
    }

    private Tensor ints(String name, int rows, int cols, int... values) {
        Tensor t = cpu.allocate(name, ElementType.I32, rows, cols);
        cpu.uploadInts(t, values);
        return t;
    }

    /** bf16 results: relative error of one rounding plus fp32 accumulation slack. */
    private static void assertClose(float[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("element " + i).isCloseTo(expected[i], within(tolerance * (1 + Math.abs(expected[i]))));
        }
    }

    @Test
    void gemmMultipliesByTheTransposedWeight() {
        int m = 5, n = 7, k = 24;
        float[] a = randoms(m * k), w = randoms(n * k);
        double[] ref = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    ref[i * n + j] += (double) a[i * k + p] * w[j * k + p];
                }
            }
        }
        Tensor c = cpu.allocate("c", ElementType.BF16, m, n);
        cpu.gemm(tensor("a", m, k, a), tensor("w", n, k, w), c);
        assertClose(cpu.download(c), ref, 2 * Bf16.EPSILON);
    }

    @Test
    void gemmWritesIntoAColumnView() {
        int m = 3, k = 8;
        float[] a = randoms(m * k), w = randoms(2 * k);
        Tensor wide = cpu.allocate("wide", ElementType.BF16, m, 6);
        cpu.upload(wide, new float[m * 6]);
        cpu.gemm(tensor("a", m, k, a), tensor("w", 2, k, w), wide.columns(2, 2));
        float[] all = cpu.download(wide);
        for (int r = 0; r < m; r++) {
            assertThat(all[r * 6]).isZero();
            assertThat(all[r * 6 + 2]).isNotZero();
            assertThat(all[r * 6 + 4]).isZero();
        }
    }

    @Test
    void groupedGemmAppliesEachExpertToItsRows() {
        int k = 16, n = 4, experts = 3;
        int[] offsets = {0, 2, 2, 5};
        float[] a = randoms(5 * k), w = randoms(experts * n * k);
        Tensor c = cpu.allocate("c", ElementType.BF16, 5, n);
        cpu.groupedGemm(tensor("a", 5, k, a), tensor("w", experts * n, k, w), offsets, c);
        double[] ref = new double[5 * n];
        for (int e = 0; e < experts; e++) {
            for (int r = offsets[e]; r < offsets[e + 1]; r++) {
                for (int j = 0; j < n; j++) {
                    for (int p = 0; p < k; p++) {
                        ref[r * n + j] += (double) a[r * k + p] * w[(e * n + j) * k + p];
                    }
                }
            }
        }
        assertClose(cpu.download(c), ref, 2 * Bf16.EPSILON);
    }

    @Test
    void rmsNormScalesRowsToUnitRootMeanSquare() {
        int rows = 3, cols = 32;
        float[] x = randoms(rows * cols), g = randoms(cols);
        Tensor out = cpu.allocate("out", ElementType.BF16, rows, cols);
        cpu.rmsNorm(tensor("x", rows, cols, x), tensor("g", 1, cols, g), out, 1e-6f);
        double[] ref = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double ss = 0;
            for (int c = 0; c < cols; c++) {
                ss += x[r * cols + c] * x[r * cols + c];
            }
            double inv = 1 / Math.sqrt(ss / cols + 1e-6);
            for (int c = 0; c < cols; c++) {
                ref[r * cols + c] = x[r * cols + c] * inv * g[c];
            }
        }
        assertClose(cpu.download(out), ref, 2 * Bf16.EPSILON);
    }

    @Test
    void ropeRotatesPairsByPositionTimesFrequency() {
        int heads = 2, d = 8;
        float[] x = randoms(2 * heads * d);
        Tensor t = tensor("x", 2, heads * d, x);
        cpu.rope(t, ints("pos", 1, 2, 0, 5), heads, d, 10000f);
        float[] out = cpu.download(t);
        for (int i = 0; i < heads * d; i++) {
            assertThat(out[i]).as("position 0 is the identity").isEqualTo(x[i]);
        }
        double[] ref = new double[heads * d];
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < d / 2; j++) {
                double angle = 5 * Math.pow(10000, -2.0 * j / d);
                double x1 = x[heads * d + h * d + j], x2 = x[heads * d + h * d + j + d / 2];
                ref[h * d + j] = x1 * Math.cos(angle) - x2 * Math.sin(angle);
                ref[h * d + j + d / 2] = x2 * Math.cos(angle) + x1 * Math.sin(angle);
            }
        }
        float[] second = java.util.Arrays.copyOfRange(out, heads * d, 2 * heads * d);
        assertClose(second, ref, 2 * Bf16.EPSILON);
    }

    @Test
    void siluMulGatesTheUpProjection() {
        float[] gu = randoms(2 * 8);
        Tensor out = cpu.allocate("out", ElementType.BF16, 2, 4);
        cpu.siluMul(tensor("gu", 2, 8, gu), out);
        double[] ref = new double[8];
        for (int m = 0; m < 2; m++) {
            for (int f = 0; f < 4; f++) {
                double g = gu[m * 8 + f];
                ref[m * 4 + f] = g / (1 + Math.exp(-g)) * gu[m * 8 + 4 + f];
            }
        }
        assertClose(cpu.download(out), ref, 2 * Bf16.EPSILON);
    }

    @Test
    void residualAddAccumulatesInPlace() {
        float[] x = randoms(6), r = randoms(6);
        Tensor tx = tensor("x", 2, 3, x);
        cpu.residualAdd(tx, tensor("r", 2, 3, r));
        double[] ref = new double[6];
        for (int i = 0; i < 6; i++) {
            ref[i] = x[i] + r[i];
        }
        assertClose(cpu.download(tx), ref, Bf16.EPSILON);
    }

    /** Naive causal attention over contiguous K/V, double precision. */
    private static double[] naiveAttention(float[] q, float[] k, float[] v, int tokens, int context, int qHeads, int kvHeads, int d) {
        double[] out = new double[tokens * qHeads * d];
        double scale = 1 / Math.sqrt(d);
        for (int i = 0; i < tokens; i++) {
            int keys = context + i + 1;
            for (int h = 0; h < qHeads; h++) {
                int kvh = h / (qHeads / kvHeads);
                double[] s = new double[keys];
                double max = Double.NEGATIVE_INFINITY;
                for (int p = 0; p < keys; p++) {
                    for (int j = 0; j < d; j++) {
                        s[p] += (double) q[(i * qHeads + h) * d + j] * k[(p * kvHeads + kvh) * d + j];
                    }
                    s[p] *= scale;
                    max = Math.max(max, s[p]);
                }
                double sum = 0;
                for (int p = 0; p < keys; p++) {
                    s[p] = Math.exp(s[p] - max);
                    sum += s[p];
                }
                for (int j = 0; j < d; j++) {
                    double acc = 0;
                    for (int p = 0; p < keys; p++) {
                        acc += s[p] * v[(p * kvHeads + kvh) * d + j];
                    }
                    out[(i * qHeads + h) * d + j] = acc / sum;
                }
            }
        }
        return out;
    }

    @Test
    void chunkedPrefillOverPagedCacheMatchesNaiveCausalAttention() {
        int qHeads = 4, kvHeads = 2, d = 64, context = 5, tokens = 6, blockSize = 4;
        int total = context + tokens;
        float[] q = randoms(tokens * qHeads * d), k = randoms(total * kvHeads * d), v = randoms(total * kvHeads * d);
        int[] table = {3, 0, 2};  // blocks out of order: the table, not the slot order, defines positions
        Tensor kCache = cpu.allocate("k", ElementType.BF16, 4 * blockSize, kvHeads * d);
        Tensor vCache = cpu.allocate("v", ElementType.BF16, 4 * blockSize, kvHeads * d);
        int[] slots = new int[total];
        for (int p = 0; p < total; p++) {
            slots[p] = table[p / blockSize] * blockSize + p % blockSize;
        }
        cpu.kvAppend(tensor("kNew", total, kvHeads * d, k), tensor("vNew", total, kvHeads * d, v), kCache, vCache, ints("slots", 1, total, slots));
        Tensor out = cpu.allocate("out", ElementType.BF16, tokens, qHeads * d);
        cpu.prefillAttention(tensor("q", tokens, qHeads * d, q), kCache, vCache, ints("table", 1, 3, table), blockSize, context, out,
                AttentionShape.of(qHeads, kvHeads, d));
        assertClose(cpu.download(out), naiveAttention(q, k, v, tokens, context, qHeads, kvHeads, d), 3 * Bf16.EPSILON);
    }

    @Test
    void pagedDecodeMatchesContiguousAttentionForEachSequence() {
        int qHeads = 8, kvHeads = 2, d = 64, blockSize = 4;
        int[] lens = {7, 3};
        int[][] tables = {{1, 4}, {2, 0}};
        Tensor kCache = cpu.allocate("k", ElementType.BF16, 5 * blockSize, kvHeads * d);
        Tensor vCache = cpu.allocate("v", ElementType.BF16, 5 * blockSize, kvHeads * d);
        float[] q = randoms(2 * qHeads * d);
        Tensor out = cpu.allocate("out", ElementType.BF16, 2, qHeads * d);
        float[][] ks = new float[2][], vs = new float[2][];
        for (int b = 0; b < 2; b++) {
            ks[b] = randoms(lens[b] * kvHeads * d);
            vs[b] = randoms(lens[b] * kvHeads * d);
            int[] slots = new int[lens[b]];
            for (int p = 0; p < lens[b]; p++) {
                slots[p] = tables[b][p / blockSize] * blockSize + p % blockSize;
            }
            cpu.kvAppend(tensor("k" + b, lens[b], kvHeads * d, ks[b]), tensor("v" + b, lens[b], kvHeads * d, vs[b]), kCache, vCache,
                    ints("s" + b, 1, lens[b], slots));
        }
        cpu.decodeAttention(tensor("q", 2, qHeads * d, q), kCache, vCache, ints("tables", 2, 2, 1, 4, 2, 0), blockSize,
                ints("lens", 1, 2, lens), 8, out, AttentionShape.of(qHeads, kvHeads, d));
        float[] got = cpu.download(out);
        for (int b = 0; b < 2; b++) {
            float[] qb = java.util.Arrays.copyOfRange(q, b * qHeads * d, (b + 1) * qHeads * d);
            // A decode query is the last token of its sequence: causal attention of 1 token after lens-1 cached ones.
            double[] ref = naiveAttention(qb, ks[b], vs[b], 1, lens[b] - 1, qHeads, kvHeads, d);
            assertClose(java.util.Arrays.copyOfRange(got, b * qHeads * d, (b + 1) * qHeads * d), ref, 3 * Bf16.EPSILON);
        }
    }

    @Test
    void topKPicksTheLargestLogitsAndRenormalisesTheirWeights() {
        float[] logits = {0.5f, 2.0f, -1.0f, 1.5f, 0.0f, 3.0f};
        Tensor ids = cpu.allocate("ids", ElementType.I32, 1, 2);
        Tensor w = cpu.allocate("w", ElementType.F32, 1, 2);
        cpu.moeTopK(tensor("logits", 1, 6, logits), 2, ids, w);
        assertThat(cpu.downloadInts(ids)).containsExactly(5, 1);
        float[] weights = cpu.download(w);
        double e5 = Math.exp(3.0), e1 = Math.exp(2.0);
        assertThat((double) weights[0]).isCloseTo(e5 / (e5 + e1), within(1e-6));
        assertThat((double) weights[0] + weights[1]).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void gatherAndCombineRouteRowsThroughExperts() {
        float[] x = randoms(3 * 4);
        Tensor tx = tensor("x", 3, 4, x);
        Tensor gathered = cpu.allocate("g", ElementType.BF16, 2, 4);
        cpu.moeGather(tx, ints("rowToken", 1, 2, 2, 0), gathered);
        float[] g = cpu.download(gathered);
        assertThat(java.util.Arrays.copyOfRange(g, 0, 4)).containsExactly(java.util.Arrays.copyOfRange(x, 8, 12));

        Tensor weights = cpu.allocate("w", ElementType.F32, 3, 1);
        cpu.upload(weights, new float[] {0.5f, 0f, 2f});
        Tensor out = cpu.allocate("out", ElementType.BF16, 3, 4);
        cpu.moeCombine(gathered, ints("slotRow", 3, 1, 1, 0, 0), weights, out);
        float[] o = cpu.download(out);
        for (int c = 0; c < 4; c++) {
            assertThat(o[c]).isEqualTo(Bf16.round(0.5f * x[c]));
            assertThat(o[4 + c]).isZero();
            assertThat(o[8 + c]).isEqualTo(Bf16.round(2f * x[8 + c]));
        }
    }

    @Test
    void badShapesAndOversizedAllocationsAreRefusedWithTheirNames() {
        Tensor a = cpu.allocate("a", ElementType.BF16, 2, 8);
        Tensor w = cpu.allocate("w", ElementType.BF16, 3, 4);
        assertThatThrownBy(() -> cpu.gemm(a, w, cpu.allocate("c", ElementType.BF16, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gemm shapes").hasMessageContaining("a bf16[2x8]");
        assertThatThrownBy(() -> cpu.allocate("huge", ElementType.BF16, 1 << 14, 1 << 14))
                .isInstanceOf(InsufficientDeviceMemoryException.class).hasMessageContaining("huge").hasMessageContaining("536,870,912 bytes");
    }
}
