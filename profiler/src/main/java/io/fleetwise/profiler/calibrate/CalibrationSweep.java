package io.fleetwise.profiler.calibrate;

import io.fleetwise.executor.device.AttentionShape;
import io.fleetwise.executor.device.ComputeDevice;
import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.executor.device.ElementType;
import io.fleetwise.executor.device.EventTimer;
import io.fleetwise.executor.device.Tensor;
import io.fleetwise.planner.progress.ProgressListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * A short profiling sweep over GEMM, attention and elementwise shapes on one device. Each case runs
 * once to warm up, then is timed {@code repeats} times with the device's timer (CUDA events on a GPU,
 * {@link System#nanoTime()} on the CPU device); the median is kept. The CPU device gets small shapes
 * (the whole sweep takes seconds), a GPU gets Llama-3-8B-like shapes (a minute or two).
 *
 * <p>Elementwise work is timed as the performance model prices it: the model charges one layer's norms,
 * rotary, KV write, SiLU-and-multiply and residual adds together as one byte count at one efficiency, so a
 * sweep point is that whole bundle of a layer (two rmsnorms, rope on Q and K, kv_append, silu_mul, two
 * residual adds) for a token count, timed inside a one-layer executor run, with the bytes the model counts for it. Timing the ops one by one and
 * fitting one curve to all of them cannot work on the CPU device, where silu_mul (an exp per element) and rope
 * (sin/cos) cost 4-30x more per byte than residual_add: the fit split the difference in log space and
 * under-predicted the layer's elementwise time by about 80%.
 */
public final class CalibrationSweep {

    /** The shapes to time. */
    public record Plan(List<int[]> gemms, List<int[]> prefills, List<int[]> decodes, List<int[]> elementwise,
                       int qHeads, int kvHeads, int headDim, int repeats) {
        public int cases() {
            return gemms.size() + prefills.size() + decodes.size() + elementwise.size();
        }
    }

    private static final int BLOCK = 16;

    private CalibrationSweep() {
    }

    /**
     * Small shapes for the CPU device: M x N x K GEMMs (K from 128, as in a TP-split O or down projection),
     * prefill (tokens, context), decode (batch, context), elementwise layer bundles (tokens, hidden, FFN width, TP:
     * the heads are the plan's divided by TP, as in the shard of one GPU, since the CPU device's rotary cost is per
     * token and frequency, not per head).
     */
    public static Plan cpuPlan() {
        List<int[]> gemms = new ArrayList<>();
        for (int m : new int[] {1, 4, 16, 64}) {
            for (int[] nk : new int[][] {{256, 128}, {256, 256}, {512, 256}, {512, 512}}) {
                gemms.add(new int[] {m, nk[0], nk[1]});
            }
        }
        gemms.add(new int[] {256, 512, 256});
        return new Plan(gemms,
                List.of(new int[] {16, 0}, new int[] {32, 0}, new int[] {64, 0}, new int[] {32, 64}),
                List.of(new int[] {1, 64}, new int[] {4, 64}, new int[] {4, 256}, new int[] {16, 128}),
                List.of(new int[] {1, 256, 256, 1}, new int[] {16, 256, 256, 2}, new int[] {64, 256, 256, 2}, new int[] {64, 256, 512, 1},
                        new int[] {128, 512, 512, 1}),
                4, 2, 64, 5);
    }

    /** Llama-3-8B layer shapes (TP1) for a GPU. */
    public static Plan gpuPlan() {
        List<int[]> gemms = new ArrayList<>();
        for (int m : new int[] {1, 16, 64, 256, 1024, 4096}) {
            for (int[] nk : new int[][] {{6144, 4096}, {4096, 4096}, {28672, 4096}, {4096, 14336}}) {
                gemms.add(new int[] {m, nk[0], nk[1]});
            }
        }
        return new Plan(gemms,
                List.of(new int[] {512, 0}, new int[] {1024, 0}, new int[] {2048, 0}, new int[] {4096, 0}, new int[] {1024, 2048}),
                List.of(new int[] {1, 1024}, new int[] {16, 1024}, new int[] {64, 2048}, new int[] {128, 4096}, new int[] {256, 1024}),
                List.of(new int[] {16, 4096, 14336, 1}, new int[] {256, 4096, 14336, 1}, new int[] {1024, 4096, 7168, 2},
                        new int[] {4096, 4096, 14336, 1}),
                32, 8, 128, 10);
    }

    public static Plan planFor(DeviceInfo device) {
        return device.kind() == DeviceInfo.Kind.CPU ? cpuPlan() : gpuPlan();
    }

    /**
     * Times the plan. On the CPU device the whole plan first runs untimed until a pass takes within 5% of the one
     * before (2 to 4 passes, {@link WarmUp}): the JIT compiles and then re-optimises the loops over the first passes,
     * and cases measured before that are measured on code the runs no longer use.
     */
    public static List<SweepPoint> run(ComputeDevice device, Plan plan, ProgressListener listener) {
        ProgressListener l = listener == null ? ProgressListener.NONE : listener;
        if (device.info().kind() == DeviceInfo.Kind.CPU) {
            ProgressListener warm = scaledHalf(l, 0, 0.5, "warm-up (not kept): ");
            // Warm-up passes run every case once (plus its own untimed run): the JIT needs the code paths, not the repeats.
            Plan once = new Plan(plan.gemms(), plan.prefills(), plan.decodes(), plan.elementwise(), plan.qHeads(), plan.kvHeads(),
                    plan.headDim(), 1);
            WarmUp.untilSettled(() -> {
                long t0 = System.nanoTime();
                runOnce(device, once, warm);
                return System.nanoTime() - t0;
            }, 2, 4);
            return runOnce(device, plan, scaledHalf(l, 0.5, 1.0, ""));
        }
        return runOnce(device, plan, l);
    }

    private static ProgressListener scaledHalf(ProgressListener outer, double from, double to, String prefix) {
        return new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                outer.progress(from + (to - from) * fraction, prefix + message);
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }

    private static List<SweepPoint> runOnce(ComputeDevice device, Plan plan, ProgressListener l) {
        List<SweepPoint> out = new ArrayList<>();
        int total = plan.cases();
        int[] done = {0};
        try (EventTimer timer = device.newEventTimer()) {
            for (int[] g : plan.gemms()) {
                step(l, done, total, "GEMM M=" + g[0] + " N=" + g[1] + " K=" + g[2]);
                try (Scope s = new Scope(device)) {
                    Tensor a = s.bf16("a", g[0], g[2], 1);
                    Tensor w = s.bf16("w", g[1], g[2], 2);
                    Tensor c = s.alloc("c", ElementType.BF16, g[0], g[1]);
                    out.add(SweepPoint.gemm(g[0], g[1], g[2], time(device, timer, plan.repeats(), () -> device.gemm(a, w, c))));
                }
            }
            AttentionShape shape = AttentionShape.of(plan.qHeads(), plan.kvHeads(), plan.headDim());
            int qWidth = plan.qHeads() * plan.headDim();
            int kvWidth = plan.kvHeads() * plan.headDim();
            for (int[] pf : plan.prefills()) {
                step(l, done, total, "prefill attention tokens=" + pf[0] + " context=" + pf[1]);
                int keys = pf[0] + pf[1];
                int blocks = (keys + BLOCK - 1) / BLOCK;
                try (Scope s = new Scope(device)) {
                    Tensor q = s.bf16("q", pf[0], qWidth, 3);
                    Tensor k = s.bf16("k_cache", blocks * BLOCK, kvWidth, 4);
                    Tensor v = s.bf16("v_cache", blocks * BLOCK, kvWidth, 5);
                    Tensor table = s.ints("block_table", 1, blocks, identity(blocks));
                    Tensor o = s.alloc("out", ElementType.BF16, pf[0], qWidth);
                    out.add(SweepPoint.prefill(pf[0], pf[1], plan.qHeads(), plan.kvHeads(), plan.headDim(),
                            time(device, timer, plan.repeats(), () -> device.prefillAttention(q, k, v, table, BLOCK, pf[1], o, shape))));
                }
            }
            for (int[] dc : plan.decodes()) {
                step(l, done, total, "decode attention batch=" + dc[0] + " context=" + dc[1]);
                int perSeq = (dc[1] + BLOCK - 1) / BLOCK;
                int blocks = perSeq * dc[0];
                try (Scope s = new Scope(device)) {
                    Tensor q = s.bf16("q", dc[0], qWidth, 6);
                    Tensor k = s.bf16("k_cache", blocks * BLOCK, kvWidth, 7);
                    Tensor v = s.bf16("v_cache", blocks * BLOCK, kvWidth, 8);
                    Tensor tables = s.ints("block_tables", dc[0], perSeq, identity(blocks));
                    int[] lens = new int[dc[0]];
                    Arrays.fill(lens, dc[1]);
                    Tensor contextLens = s.ints("context_lens", 1, dc[0], lens);
                    Tensor o = s.alloc("out", ElementType.BF16, dc[0], qWidth);
                    out.add(SweepPoint.decode(dc[0], dc[1], plan.qHeads(), plan.kvHeads(), plan.headDim(),
                            time(device, timer, plan.repeats(), () -> device.decodeAttention(q, k, v, tables, BLOCK, contextLens, dc[1], o, shape))));
                }
            }
            for (int[] e : plan.elementwise()) {
                int tokens = e[0], hidden = e[1], ffn = e[2], tp = e.length > 3 ? e[3] : 1;
                int qHeads = plan.qHeads() / tp, kvHeads = Math.max(1, plan.kvHeads() / tp);
                step(l, done, total, "elementwise work of a layer: tokens=" + tokens + " hidden=" + hidden + " ffn=" + ffn
                        + " heads=" + qHeads + "/" + kvHeads);
                out.add(SweepPoint.elementwise("layer elementwise tokens=" + tokens + " hidden=" + hidden + " ffn=" + ffn
                                + " heads=" + qHeads + "/" + kvHeads,
                        layerElementwiseBytes(tokens, hidden, ffn, qHeads, kvHeads, plan.headDim()),
                        layerElementwiseNs(device, tokens, hidden, ffn, qHeads, kvHeads, plan.headDim(), tp, plan.repeats())));
            }
        }
        l.progress(1.0, "Sweep done: " + out.size() + " cases");
        return out;
    }

    /**
     * Time of one layer's elementwise kernels (rmsnorm, rope, kv_append, silu_mul, residual_add: the operator class
     * the model prices as NORM_ACTIVATION) at {@code tokens} tokens, measured inside a real one-layer executor run
     * (between the layer's GEMMs and attention, as in every run) rather than alone: on the CPU device residual_add
     * took 47 us inside a layer and 15 us alone, rmsnorm 32 and 26, rope 85 and 71. The first iteration (cold) is
     * dropped; the median of the others is kept.
     */
    static double layerElementwiseNs(ComputeDevice device, int tokens, int hidden, int ffn, int qHeads, int kvHeads, int headDim,
                                     int tp, int repeats) {
        io.fleetwise.executor.run.ShardShape layer = new io.fleetwise.executor.run.ShardShape("calibration layer", 1, 0, hidden,
                qHeads, kvHeads, headDim, ffn, Integer.MAX_VALUE, 0, 0, 0, 0, 0, 1e-5f, 500000f, tp, 1, 1);
        List<io.fleetwise.executor.run.Iteration> iterations = new ArrayList<>();
        for (int i = 0; i <= repeats; i++) {
            iterations.add(new io.fleetwise.executor.run.Iteration(List.of(new io.fleetwise.executor.run.PrefillChunk(tokens, 0)), List.of()));
        }
        io.fleetwise.executor.run.RunResult run = new io.fleetwise.executor.run.PlanRunner(device, layer,
                new io.fleetwise.executor.run.CollectiveModel(450, 5), io.fleetwise.executor.run.PlanRunner.Options.defaults())
                .run(new io.fleetwise.executor.run.IterationSchedule(iterations), ProgressListener.NONE);
        long[] perIteration = new long[repeats + 1];
        for (io.fleetwise.executor.run.TimingRecord r : run.records()) {
            if (!r.modelled() && io.fleetwise.profiler.OperatorClasses.of(r.op())
                    .filter(c -> c == io.fleetwise.planner.perf.OperatorClass.NORM_ACTIVATION).isPresent()) {
                perIteration[r.iteration()] += r.timeNs();
            }
        }
        long[] timed = Arrays.copyOfRange(perIteration, 1, perIteration.length);
        Arrays.sort(timed);
        return Math.max(1, timed[timed.length / 2]);
    }

    /**
     * Bytes the performance model counts for one layer's elementwise kernels at {@code tokens} tokens (bf16
     * activations and KV): norms and residuals 8 x hidden, rotary over Q and K, SiLU-and-multiply 3 x FFN width,
     * and the KV write (DefaultPerformanceModel's NORM_ACTIVATION term).
     */
    static double layerElementwiseBytes(int tokens, int hidden, int ffn, int qHeads, int kvHeads, int headDim) {
        double a = 2.0;
        return tokens * (8.0 * hidden * a + 2.0 * (qHeads * headDim + kvHeads * headDim) * a + 3.0 * ffn * a
                + 2.0 * kvHeads * headDim * a);
    }

    private static void step(ProgressListener l, int[] done, int total, String what) {
        if (l.isCancelled()) {
            throw new CancellationException("Calibration sweep cancelled");
        }
        l.progress(done[0]++ / (double) total, "Sweep " + done[0] + "/" + total + ": " + what);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** One warm-up run, then the median of {@code repeats} timed runs. */
    private static double time(ComputeDevice device, EventTimer timer, int repeats, Runnable op) {
        op.run();
        device.synchronize();
        timer.reset();
        timer.mark();
        for (int i = 0; i < repeats; i++) {
            op.run();
            timer.mark();
        }
        long[] ns = timer.intervalsNs();
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        return Math.max(1, sorted[sorted.length / 2]);
    }

    /** Tensors of one case, freed when it ends (also on failure). */
    private static final class Scope implements AutoCloseable {
        private final ComputeDevice device;
        private final List<Tensor> tensors = new ArrayList<>();

        Scope(ComputeDevice device) {
            this.device = device;
        }

        Tensor alloc(String name, ElementType type, int rows, int cols) {
            Tensor t = device.allocate(name, type, rows, cols);
            tensors.add(t);
            return t;
        }

        Tensor bf16(String name, int rows, int cols, int seed) {
            Tensor t = alloc(name, ElementType.BF16, rows, cols);
            device.fillSynthetic(t, seed, (float) (1.0 / Math.sqrt(cols)));
            return t;
        }

        Tensor ints(String name, int rows, int cols, int[] values) {
            Tensor t = alloc(name, ElementType.I32, rows, cols);
            device.uploadInts(t, values);
            return t;
        }

        @Override
        public void close() {
            for (int i = tensors.size() - 1; i >= 0; i--) {
                device.free(tensors.get(i));
            }
        }
    }
}
