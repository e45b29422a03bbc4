package io.fleetwise.executor.device;

import io.fleetwise.executor.kernels.Bf16;
import io.fleetwise.executor.kernels.SyntheticValues;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operations of {@link ComputeDevice} in plain Java: fp32 arithmetic, every bf16 store rounded
 * to bf16 as the GPU does. It is the reference the GPU kernels are checked against and the device
 * for machines without CUDA; it is meant for small shapes (it is single-threaded and unblocked).
 */
public final class CpuDevice implements ComputeDevice {
    private final long memoryLimitBytes;
    private long allocatedBytes;
    private final List<Tensor> live = new ArrayList<>();

    private final int index;

    /** A CPU device that may allocate up to {@code memoryLimitBytes} of tensors. */
    public CpuDevice(long memoryLimitBytes) {
        this(memoryLimitBytes, 0);
    }

    /**
     * CPU device number {@code index} of several, each standing for one GPU of a tensor-parallel group (so the
     * multi-GPU path, peer copies and ring all-reduce included, runs in CI); they share the host's cores.
     */
    public CpuDevice(long memoryLimitBytes, int index) {
        this.memoryLimitBytes = memoryLimitBytes;
        this.index = index;
    }

    /** Limited to half the JVM's maximum heap. */
    public CpuDevice() {
        this(Runtime.getRuntime().maxMemory() / 2);
    }

    static DeviceInfo cpuInfo() {
        return new DeviceInfo(DeviceInfo.Kind.CPU, 0, "CPU (plain Java reference, " + Runtime.getRuntime().availableProcessors()
                + " cores, small shapes only)", 0, 0, 0, Runtime.getRuntime().maxMemory(), 0, 0, 0, 0, Optional.empty());
    }

    @Override
    public DeviceInfo info() {
        if (index == 0) {
            return cpuInfo();
        }
        DeviceInfo base = cpuInfo();
        return new DeviceInfo(DeviceInfo.Kind.CPU, index, base.name().replaceFirst("^CPU", "CPU #" + index), 0, 0, 0,
                base.memoryBytes(), 0, 0, 0, 0, java.util.Optional.empty());
    }

    @Override
    public long freeMemoryBytes() {
        return memoryLimitBytes - allocatedBytes;
    }

    @Override
    public Tensor allocate(String name, ElementType type, int rows, int cols) {
        long elements = (long) rows * cols;
        long bytes = elements * type.bytes();
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + ": negative shape " + rows + "x" + cols);
        }
        if (elements > Integer.MAX_VALUE - 8 || bytes > freeMemoryBytes()) {
            throw new InsufficientDeviceMemoryException("Tensor " + name + " [" + rows + "x" + cols + " " + type.label() + "] on the CPU device",
                    bytes, freeMemoryBytes());
        }
        Object storage = type == ElementType.I32 ? new int[(int) elements] : new float[(int) elements];
        allocatedBytes += bytes;
        Tensor t = new Tensor(this, storage, name, type, rows, cols, cols, 0);
        live.add(t);
        return t;
    }

    @Override
    public void free(Tensor tensor) {
        if (live.remove(tensor)) {
            allocatedBytes -= tensor.elements() * tensor.type().bytes();
        }
    }

    private static float[] f(Tensor t) {
        if (t.type() == ElementType.I32) {
            throw new IllegalArgumentException(t + " holds integers, a float tensor is needed");
        }
        return (float[]) t.storage();
    }

    private static int[] ints(Tensor t) {
        if (t.type() != ElementType.I32) {
            throw new IllegalArgumentException(t + " holds floats, an i32 tensor is needed");
        }
        return (int[]) t.storage();
    }

    private static int at(Tensor t, int r, int c) {
        return (int) (t.offset() + (long) r * t.rowStride() + c);
    }

    private static float store(Tensor t, float v) {
        return t.type() == ElementType.BF16 ? Bf16.round(v) : v;
    }

    @Override
    public void upload(Tensor t, float[] values) {
        check(values.length == t.elements(), "upload to " + t + ": " + values.length + " values for " + t.elements() + " elements");
        float[] s = f(t);
        for (int r = 0; r < t.rows(); r++) {
            for (int c = 0; c < t.cols(); c++) {
                s[at(t, r, c)] = store(t, values[r * t.cols() + c]);
            }
        }
    }

    @Override
    public void uploadInts(Tensor t, int[] values) {
        check(values.length == t.elements(), "upload to " + t + ": " + values.length + " values for " + t.elements() + " elements");
        int[] s = ints(t);
        for (int r = 0; r < t.rows(); r++) {
            System.arraycopy(values, r * t.cols(), s, at(t, r, 0), t.cols());
        }
    }

    @Override
    public float[] download(Tensor t) {
        float[] s = f(t);
        float[] out = new float[(int) t.elements()];
        for (int r = 0; r < t.rows(); r++) {
            System.arraycopy(s, at(t, r, 0), out, r * t.cols(), t.cols());
        }
        return out;
    }

    @Override
    public int[] downloadInts(Tensor t) {
        int[] s = ints(t);
        int[] out = new int[(int) t.elements()];
        for (int r = 0; r < t.rows(); r++) {
            System.arraycopy(s, at(t, r, 0), out, r * t.cols(), t.cols());
        }
        return out;
    }

    @Override
    public void fillSynthetic(Tensor t, int seed, float scale) {
        check(t.isContiguous() && t.type() == ElementType.BF16, "fillSynthetic needs a contiguous bf16 tensor, got " + t);
        float[] s = f(t);
        long n = t.elements();
        for (long i = 0; i < n; i++) {
            s[(int) (t.offset() + i)] = SyntheticValues.bf16(seed, i, scale);
        }
    }

    @Override
    public void gemm(Tensor a, Tensor w, Tensor c) {
        check(a.cols() == w.cols() && c.rows() == a.rows() && c.cols() == w.rows(),
                "gemm shapes: a " + a + ", w " + w + ", c " + c + " (need a[M,K], w[N,K], c[M,N])");
        gemmRows(a, 0, a.rows(), w, 0, c);
    }

    private static void gemmRows(Tensor a, int firstRow, int rows, Tensor w, int firstWeightRow, Tensor c) {
        float[] as = f(a), ws = f(w), cs = f(c);
        int k = a.cols();
        for (int m = firstRow; m < firstRow + rows; m++) {
            int ai = at(a, m, 0);
            for (int n = 0; n < c.cols(); n++) {
                int wi = at(w, firstWeightRow + n, 0);
                float s = 0f;
                for (int j = 0; j < k; j++) {
                    s += as[ai + j] * ws[wi + j];
                }
                cs[at(c, m, n)] = store(c, s);
            }
        }
    }

    @Override
    public void groupedGemm(Tensor a, Tensor w, int[] offsets, Tensor c) {
        int experts = offsets.length - 1;
        check(experts > 0 && offsets[0] == 0 && offsets[experts] == a.rows(), "groupedGemm: expert row offsets must run 0.." + a.rows());
        check(w.rows() % experts == 0 && w.rows() / experts == c.cols() && w.cols() == a.cols() && c.rows() == a.rows(),
                "groupedGemm shapes: a " + a + ", w " + w + " (" + experts + " experts), c " + c);
        int n = c.cols();
        for (int e = 0; e < experts; e++) {
            check(offsets[e + 1] >= offsets[e], "groupedGemm: offsets must not decrease (expert " + e + ")");
            gemmRows(a, offsets[e], offsets[e + 1] - offsets[e], w, e * n, c);
        }
    }

    @Override
    public void rmsNorm(Tensor x, Tensor gamma, Tensor out, float eps) {
        check(gamma.cols() == x.cols() && out.rows() == x.rows() && out.cols() == x.cols(), "rmsNorm shapes: " + x + ", " + gamma + ", " + out);
        float[] xs = f(x), gs = f(gamma), os = f(out);
        for (int r = 0; r < x.rows(); r++) {
            float ss = 0f;
            for (int c = 0; c < x.cols(); c++) {
                float v = xs[at(x, r, c)];
                ss += v * v;
            }
            float inv = (float) (1.0 / Math.sqrt(ss / x.cols() + eps));
            for (int c = 0; c < x.cols(); c++) {
                os[at(out, r, c)] = store(out, xs[at(x, r, c)] * inv * gs[at(gamma, 0, c)]);
            }
        }
    }

    @Override
    public void rope(Tensor x, Tensor positions, int heads, int headDim, float theta) {
        check(x.cols() == heads * headDim && positions.elements() == x.rows() && headDim % 2 == 0,
                "rope shapes: " + x + " for " + heads + " heads of " + headDim + ", positions " + positions);
        float[] xs = f(x);
        int[] pos = downloadInts(positions);
        int half = headDim / 2;
        // The same angle for every head of a row: computed once per (row, frequency), not per head (same values).
        float[] invFreq = new float[half];
        for (int j = 0; j < half; j++) {
            invFreq[j] = (float) Math.pow(theta, -2.0 * j / headDim);
        }
        float[] sin = new float[half];
        float[] cos = new float[half];
        for (int t = 0; t < x.rows(); t++) {
            for (int j = 0; j < half; j++) {
                double angle = (float) pos[t] * invFreq[j];
                sin[j] = (float) Math.sin(angle);
                cos[j] = (float) Math.cos(angle);
            }
            for (int h = 0; h < heads; h++) {
                for (int j = 0; j < half; j++) {
                    float s = sin[j], co = cos[j];
                    int i1 = at(x, t, h * headDim + j), i2 = i1 + half;
                    float x1 = xs[i1], x2 = xs[i2];
                    xs[i1] = store(x, x1 * co - x2 * s);
                    xs[i2] = store(x, x2 * co + x1 * s);
                }
            }
        }
    }

    @Override
    public void siluMul(Tensor gateUp, Tensor out) {
        int ffn = out.cols();
        check(gateUp.cols() == 2 * ffn && gateUp.rows() == out.rows(), "siluMul shapes: " + gateUp + " -> " + out);
        float[] g = f(gateUp), o = f(out);
        for (int m = 0; m < out.rows(); m++) {
            for (int i = 0; i < ffn; i++) {
                float gate = g[at(gateUp, m, i)], up = g[at(gateUp, m, ffn + i)];
                o[at(out, m, i)] = store(out, (float) (gate / (1.0 + Math.exp(-gate))) * up);
            }
        }
    }

    @Override
    public void copyFrom(Tensor src, Tensor dst) {
        check(dst.device() == this, "copyFrom: destination " + dst + " is on another device");
        check(src.isContiguous() && dst.isContiguous() && src.type() == dst.type() && src.elements() == dst.elements(),
                "copyFrom needs contiguous tensors of one type and size: " + src + " -> " + dst);
        int n = (int) dst.elements();
        if (src.device() instanceof CpuDevice) {
            System.arraycopy(src.storage(), (int) src.offset(), dst.storage(), (int) dst.offset(), n);
        } else if (src.type() == ElementType.I32) {
            System.arraycopy(src.device().downloadInts(src), 0, dst.storage(), (int) dst.offset(), n);
        } else {
            System.arraycopy(src.device().download(src), 0, dst.storage(), (int) dst.offset(), n);
        }
    }

    @Override
    public void residualAdd(Tensor x, Tensor r) {
        check(x.rows() == r.rows() && x.cols() == r.cols(), "residualAdd shapes: " + x + " += " + r);
        float[] xs = f(x), rs = f(r);
        for (int m = 0; m < x.rows(); m++) {
            for (int c = 0; c < x.cols(); c++) {
                int i = at(x, m, c);
                xs[i] = store(x, xs[i] + rs[at(r, m, c)]);
            }
        }
    }

    @Override
    public void kvAppend(Tensor k, Tensor v, Tensor kCache, Tensor vCache, Tensor slots) {
        check(k.cols() == kCache.cols() && v.cols() == vCache.cols() && k.rows() == v.rows() && slots.elements() == k.rows(),
                "kvAppend shapes: k " + k + ", v " + v + ", caches " + kCache + ", slots " + slots);
        int[] s = downloadInts(slots);
        float[] ks = f(k), vs = f(v), kc = f(kCache), vc = f(vCache);
        for (int t = 0; t < k.rows(); t++) {
            check(s[t] >= 0 && s[t] < kCache.rows(), "kvAppend: slot " + s[t] + " of token " + t + " outside cache of " + kCache.rows() + " slots");
            for (int c = 0; c < k.cols(); c++) {
                kc[at(kCache, s[t], c)] = ks[at(k, t, c)];
                vc[at(vCache, s[t], c)] = vs[at(v, t, c)];
            }
        }
    }

    @Override
    public void prefillAttention(Tensor q, Tensor kCache, Tensor vCache, Tensor blockTable, int blockSize, int context,
                                 Tensor out, AttentionShape shape) {
        int[] table = downloadInts(blockTable);
        int tokens = q.rows();
        check(table.length * blockSize >= context + tokens, "prefillAttention: block table covers " + table.length * blockSize
                + " tokens, needs " + (context + tokens));
        for (int i = 0; i < tokens; i++) {
            attendOne(q, i, out, i, kCache, vCache, table, 0, blockSize, context + i + 1, shape);
        }
    }

    @Override
    public void decodeAttention(Tensor q, Tensor kCache, Tensor vCache, Tensor blockTables, int blockSize, Tensor contextLens,
                                int maxContext, Tensor out, AttentionShape shape) {
        int[] tables = downloadInts(blockTables);
        int[] lens = downloadInts(contextLens);
        check(lens.length == q.rows() && blockTables.rows() == q.rows(), "decodeAttention: " + q.rows() + " queries, "
                + lens.length + " context lengths, " + blockTables.rows() + " block tables");
        for (int b = 0; b < q.rows(); b++) {
            check(lens[b] <= maxContext && lens[b] <= blockTables.cols() * blockSize,
                    "decodeAttention: context " + lens[b] + " of sequence " + b + " exceeds maxContext " + maxContext + " or its block table");
            attendOne(q, b, out, b, kCache, vCache, tables, b * blockTables.cols(), blockSize, lens[b], shape);
        }
    }

    /** Softmax attention of one query row over the first {@code keys} positions of a paged sequence. */
    private static void attendOne(Tensor q, int qRow, Tensor out, int outRow, Tensor kCache, Tensor vCache, int[] table, int tableStart,
                                  int blockSize, int keys, AttentionShape shape) {
        int d = shape.headDim();
        float[] qs = f(q), kc = f(kCache), vc = f(vCache), os = f(out);
        float[] scores = new float[keys];
        for (int h = 0; h < shape.qHeads(); h++) {
            int kvh = h / shape.groupSize();
            int qi = at(q, qRow, h * d);
            float max = Float.NEGATIVE_INFINITY;
            for (int p = 0; p < keys; p++) {
                int slot = table[tableStart + p / blockSize] * blockSize + p % blockSize;
                int ki = at(kCache, slot, kvh * d);
                float s = 0f;
                for (int j = 0; j < d; j++) {
                    s += qs[qi + j] * kc[ki + j];
                }
                scores[p] = s * shape.scale();
                max = Math.max(max, scores[p]);
            }
            float sum = 0f;
            for (int p = 0; p < keys; p++) {
                scores[p] = (float) Math.exp(scores[p] - max);
                sum += scores[p];
            }
            for (int j = 0; j < d; j++) {
                float acc = 0f;
                for (int p = 0; p < keys; p++) {
                    int slot = table[tableStart + p / blockSize] * blockSize + p % blockSize;
                    acc += scores[p] * vc[at(vCache, slot, kvh * d + j)];
                }
                os[at(out, outRow, h * d + j)] = store(out, acc / sum);
            }
        }
    }

    @Override
    public void moeTopK(Tensor logits, int k, Tensor ids, Tensor weights) {
        int experts = logits.cols();
        check(k >= 1 && k <= experts && ids.rows() == logits.rows() && ids.cols() == k && weights.rows() == logits.rows() && weights.cols() == k,
                "moeTopK shapes: logits " + logits + ", k " + k + ", ids " + ids + ", weights " + weights);
        float[] l = f(logits), w = f(weights);
        int[] id = ints(ids);
        for (int t = 0; t < logits.rows(); t++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int e = 0; e < experts; e++) {
                max = Math.max(max, l[at(logits, t, e)]);
            }
            float[] p = new float[experts];
            float sum = 0f;
            for (int e = 0; e < experts; e++) {
                p[e] = (float) Math.exp(l[at(logits, t, e)] - max);
                sum += p[e];
            }
            boolean[] taken = new boolean[experts];
            float picked = 0f;
            for (int j = 0; j < k; j++) {
                int best = -1;
                for (int e = 0; e < experts; e++) {
                    if (!taken[e] && (best < 0 || p[e] > p[best])) {
                        best = e;
                    }
                }
                taken[best] = true;
                id[at(ids, t, j)] = best;
                w[at(weights, t, j)] = p[best] / sum;
                picked += p[best] / sum;
            }
            for (int j = 0; j < k; j++) {
                w[at(weights, t, j)] /= picked;
            }
        }
    }

    @Override
    public void moeGather(Tensor x, Tensor rowToken, Tensor out) {
        check(out.cols() == x.cols() && rowToken.elements() == out.rows(), "moeGather shapes: " + x + " -> " + out + " via " + rowToken);
        int[] tok = downloadInts(rowToken);
        float[] xs = f(x), os = f(out);
        for (int r = 0; r < out.rows(); r++) {
            check(tok[r] >= 0 && tok[r] < x.rows(), "moeGather: row " + r + " names token " + tok[r] + " of " + x.rows());
            for (int c = 0; c < x.cols(); c++) {
                os[at(out, r, c)] = xs[at(x, tok[r], c)];
            }
        }
    }

    @Override
    public void moeCombine(Tensor expertOut, Tensor slotRow, Tensor weights, Tensor out) {
        int k = slotRow.cols();
        check(slotRow.rows() == out.rows() && weights.rows() == out.rows() && weights.cols() == k && expertOut.cols() == out.cols(),
                "moeCombine shapes: " + expertOut + ", " + slotRow + ", " + weights + " -> " + out);
        int[] rows = downloadInts(slotRow);
        float[] w = download(weights), e = f(expertOut), o = f(out);
        for (int t = 0; t < out.rows(); t++) {
            for (int c = 0; c < out.cols(); c++) {
                float s = 0f;
                for (int j = 0; j < k; j++) {
                    s += w[t * k + j] * e[at(expertOut, rows[t * k + j], c)];
                }
                o[at(out, t, c)] = store(out, s);
            }
        }
    }

    @Override
    public void synchronize() {
        // Every operation has finished when it returns.
    }

    @Override
    public EventTimer newEventTimer() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean busyTime = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        return new EventTimer() {
            private final List<Long> marks = new ArrayList<>();

            /**
             * The CPU device's "device time" is the computing thread's CPU time (CLOCK_THREAD_CPUTIME_ID on Linux): what
             * the device spent working, as a GPU's events time its kernels, not the wall time other processes on shared
             * cores stretch (wall time varied by 2x on a busy 2-core machine). Marks must come from the thread that runs
             * the operations, which is how PlanRunner and the calibration sweep use it. Wall time where the JVM cannot
             * measure thread CPU time.
             */
            @Override
            public void mark() {
                marks.add(busyTime ? threads.getCurrentThreadCpuTime() : System.nanoTime());
            }

            @Override
            public long[] intervalsNs() {
                long[] out = new long[Math.max(0, marks.size() - 1)];
                for (int i = 0; i < out.length; i++) {
                    out[i] = marks.get(i + 1) - marks.get(i);
                }
                return out;
            }

            @Override
            public void reset() {
                marks.clear();
            }

            @Override
            public void close() {
                marks.clear();
            }
        };
    }

    @Override
    public void close() {
        live.clear();
        allocatedBytes = 0;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
