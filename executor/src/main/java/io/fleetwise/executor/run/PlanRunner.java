package io.fleetwise.executor.run;

import io.fleetwise.executor.device.AttentionShape;
import io.fleetwise.executor.device.ComputeDevice;
import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.executor.device.ElementType;
import io.fleetwise.executor.device.EventTimer;
import io.fleetwise.executor.device.InsufficientDeviceMemoryException;
import io.fleetwise.executor.device.Tensor;
import io.fleetwise.planner.progress.ProgressListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Runs an iteration schedule on one device as one GPU of a replica: every layer of the shard with
 * synthetic bf16 weights of the real shapes (distinct per layer, as in a real model), a paged KV
 * cache, and the batch of each iteration. Collectives the single device cannot run (TP all-reduce,
 * EP all-to-all, PP send/receive) are timed by {@link CollectiveModel} and marked modelled.
 *
 * <p>Given one device per tensor-parallel rank ({@link #runTensorParallel}), each rank runs its own shard on its
 * own device in its own thread, with its slice of the same full-model weights, and the TP all-reduces run for real
 * (ring over peer copies, {@link TensorParallelGroup}); their records are measured, not modelled.
 *
 * <p>Memory is sized before anything is allocated; a run that does not fit fails with
 * {@link InsufficientDeviceMemoryException} naming needed and available bytes. Everything the run
 * allocated is freed when it ends, also on failure or cancellation.
 */
public final class PlanRunner {
    /** Context, module and JIT memory a GPU keeps back beyond what the run allocates. */
    public static final long GPU_RESERVE_BYTES = 512L << 20;

    /** @param captureHidden keep the final hidden states of the last iteration (to compare devices) */
    public record Options(int blockSize, TimingMode mode, int seed, boolean captureHidden) {
        public Options {
            if (blockSize <= 0) {
                throw new IllegalArgumentException("blockSize must be > 0, was " + blockSize);
            }
        }

        public static Options defaults() {
            return new Options(16, TimingMode.PER_KERNEL, 1, false);
        }

        public Options withMode(TimingMode m) {
            return new Options(blockSize, m, seed, captureHidden);
        }

        public Options withCaptureHidden(boolean capture) {
            return new Options(blockSize, mode, seed, capture);
        }
    }

    private final ComputeDevice device;
    private final ShardShape s;
    private final CollectiveModel collectives;
    private final Options options;
    private final List<Tensor> allocated = new ArrayList<>();
    /** The tensor-parallel group this runner is one rank of; null when it runs alone. */
    private final TensorParallelGroup group;
    private final int rank;

    public PlanRunner(ComputeDevice device, ShardShape shard, CollectiveModel collectives, Options options) {
        this(device, shard, collectives, options, null, 0);
    }

    private PlanRunner(ComputeDevice device, ShardShape shard, CollectiveModel collectives, Options options,
                       TensorParallelGroup group, int rank) {
        this.device = device;
        this.s = shard;
        this.collectives = collectives;
        this.options = options;
        this.group = group;
        this.rank = rank;
    }

    /**
     * Runs the schedule as the whole tensor-parallel group of {@code shard}: rank r of {@code devices} runs GPU r's
     * shard with its slice of the full-model weights, and the TP all-reduces run for real between the devices (ring
     * reduce-scatter + all-gather over {@link ComputeDevice#copyFrom}). Returns rank 0's result: its kernels, and the
     * all-reduces measured on it ({@code modelled=false}). PP send/receive stays modelled. Needs one device per TP
     * rank, EP 1, and KV heads divisible by TP (the caller checks the last against the model).
     */
    public static RunResult runTensorParallel(List<? extends ComputeDevice> devices, ShardShape shard, CollectiveModel collectives,
                                              IterationSchedule schedule, Options options, ProgressListener listener) {
        if (devices.size() != shard.tp()) {
            throw new IllegalArgumentException(shard.name() + ": TP " + shard.tp() + " needs " + shard.tp() + " devices, got " + devices.size());
        }
        if (shard.ep() != 1) {
            throw new IllegalArgumentException(shard.name() + ": several local devices run tensor-parallel groups only (EP 1); "
                    + "EP all-to-all is modelled on one device");
        }
        if (devices.size() == 1) {
            return new PlanRunner(devices.get(0), shard, collectives, options).run(schedule, listener);
        }
        TensorParallelGroup group = new TensorParallelGroup(devices.size());
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(devices.size(), r -> {
            Thread t = new Thread(r, "tp-rank");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<RunResult>> ranks = new ArrayList<>();
            for (int r = 0; r < devices.size(); r++) {
                int rank = r;
                ProgressListener l = rank == 0 ? listener : cancelOnly(listener);
                ranks.add(threads.submit(() -> {
                    try {
                        return new PlanRunner(devices.get(rank), shard, collectives, options, group, rank).run(schedule, l);
                    } catch (RuntimeException | Error e) {
                        group.abort();
                        throw e;
                    }
                }));
            }
            RunResult first = null;
            RuntimeException failure = null;
            for (java.util.concurrent.Future<RunResult> f : ranks) {
                try {
                    RunResult r = f.get();
                    first = first == null ? r : first;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    RuntimeException cause = e.getCause() instanceof RuntimeException re ? re
                            : new io.fleetwise.executor.device.DeviceException("Tensor-parallel rank failed: " + e.getCause(), e.getCause());
                    // The rank that failed first explains it; the others only saw the broken barrier.
                    if (failure == null || failure.getMessage() != null && failure.getMessage().startsWith("Another device")) {
                        failure = cause;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    group.abort();
                    throw new CancellationException("Tensor-parallel run interrupted");
                }
            }
            if (failure != null) {
                throw failure;
            }
            return first;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Opens every GPU, enables peer access between them where the hardware allows, runs the group and closes them. */
    public static RunResult runOnGpus(List<DeviceInfo> gpus, ShardShape shard, CollectiveModel collectives, IterationSchedule schedule,
                                      Options options, ProgressListener listener) {
        List<io.fleetwise.executor.device.CudaDevice> opened = new ArrayList<>();
        try {
            for (DeviceInfo g : gpus) {
                opened.add(io.fleetwise.executor.device.CudaDevice.open(g));
            }
            for (io.fleetwise.executor.device.CudaDevice a : opened) {
                for (io.fleetwise.executor.device.CudaDevice b : opened) {
                    if (a != b) {
                        a.enablePeerAccess(b);
                    }
                }
            }
            return runTensorParallel(opened, shard, collectives, schedule, options, listener);
        } finally {
            for (io.fleetwise.executor.device.CudaDevice d : opened) {
                d.close();
            }
        }
    }

    private static ProgressListener cancelOnly(ProgressListener outer) {
        return new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }

    private static int blocksFor(int tokens, int blockSize) {
        return (tokens + blockSize - 1) / blockSize;
    }

    private int sequenceBlocks(Iteration it) {
        int blocks = 0;
        for (PrefillChunk p : it.prefills()) {
            blocks += blocksFor(p.context() + p.tokens(), options.blockSize());
        }
        for (int ctx : it.decodeContexts()) {
            blocks += blocksFor(ctx + 1, options.blockSize());
        }
        return blocks;
    }

    private int maxBlocksPerSequence(IterationSchedule schedule) {
        int max = 1;
        for (Iteration it : schedule.iterations()) {
            for (PrefillChunk p : it.prefills()) {
                max = Math.max(max, blocksFor(p.context() + p.tokens(), options.blockSize()));
            }
            for (int ctx : it.decodeContexts()) {
                max = Math.max(max, blocksFor(ctx + 1, options.blockSize()));
            }
        }
        return max;
    }

    /**
     * Opens {@code gpu}, runs the schedule and closes the device again, so the CUDA context is
     * released whether the run succeeds, fails (out of memory, launch failure) or is cancelled.
     */
    public static RunResult runOnGpu(DeviceInfo gpu, ShardShape shard, CollectiveModel collectives, IterationSchedule schedule,
                                     Options options, ProgressListener listener) {
        try (io.fleetwise.executor.device.CudaDevice device = io.fleetwise.executor.device.CudaDevice.open(gpu)) {
            return new PlanRunner(device, shard, collectives, options).run(schedule, listener);
        }
    }

    /** Bytes the run will allocate, from the shard and the largest iteration of the schedule. */
    public MemoryPlan plan(IterationSchedule schedule) {
        int maxTokens = schedule.iterations().stream().mapToInt(Iteration::tokens).max().orElse(1);
        int maxSeqs = schedule.iterations().stream().mapToInt(Iteration::sequences).max().orElse(1);
        int kvBlocks = schedule.iterations().stream().mapToInt(this::sequenceBlocks).max().orElse(1);
        long h = s.hiddenSize(), bf = 2;
        long perLayerAttn = 2 * h + (long) s.qkvWidth() * h + h * s.qHeads() * s.headDim();
        long weights = 0;
        for (int l = 0; l < s.layers(); l++) {
            weights += perLayerAttn;
            if (s.isMoeLayer(l)) {
                weights += (long) s.totalExperts() * h + (long) s.localExperts() * 3 * s.moeFfnSize() * h;
            } else {
                weights += 3L * s.ffnSize() * h;
            }
        }
        weights = (weights + (s.vocabShard() > 0 ? h + (long) s.vocabShard() * h : 0)) * bf;
        long kv = 2L * s.layers() * kvBlocks * options.blockSize() * s.kvHeads() * s.headDim() * bf;
        long t = maxTokens;
        long act = bf * t * (3 * h + s.qkvWidth() + (long) s.qHeads() * s.headDim() + 3L * s.ffnSize());
        if (s.localExperts() > 0) {
            long routed = t * s.expertsPerToken();
            act += bf * t * s.totalExperts() + 4L * t * s.expertsPerToken() * 4
                    + bf * routed * (2 * h + 3L * s.moeFfnSize()) + 4L * routed;
        }
        act += 4L * (2L * t + 2L * maxSeqs * maxBlocksPerSequence(schedule) + maxSeqs);
        act += bf * maxSeqs * (h + s.vocabShard());
        return new MemoryPlan(weights, kv, act, kvBlocks, maxTokens);
    }

    private Tensor alloc(String name, ElementType type, int rows, int cols) {
        Tensor t = device.allocate(name, type, Math.max(1, rows), Math.max(1, cols));
        allocated.add(t);
        return t;
    }

    private Tensor weight(String name, int rows, int cols, int seedOffset) {
        Tensor t = alloc(name, ElementType.BF16, rows, cols);
        device.fillSynthetic(t, options.seed() * 7919 + seedOffset, (float) (1.0 / Math.sqrt(cols)));
        return t;
    }

    /**
     * A weight that is this rank's slice of the full (TP 1) model's synthetic tensor [fullRows, fullCols] (seed and
     * scale as the single-device run of the whole model uses), so a TP group computes what one device computes for
     * TP 1: the given row ranges ({start, count} each, stacked) of columns [colStart, colStart + cols). Alone, the
     * shard's own synthetic tensor, as before.
     */
    private Tensor tpWeight(String name, int seedOffset, int fullRows, int fullCols, int[][] rowRanges, int colStart, int cols) {
        int rows = 0;
        for (int[] r : rowRanges) {
            rows += r[1];
        }
        if (group == null) {
            return weight(name, rows, cols, seedOffset);
        }
        Tensor t = alloc(name, ElementType.BF16, rows, cols);
        int seed = options.seed() * 7919 + seedOffset;
        float scale = (float) (1.0 / Math.sqrt(fullCols));
        float[] v = new float[rows * cols];
        int i = 0;
        for (int[] r : rowRanges) {
            for (int row = r[0]; row < r[0] + r[1]; row++) {
                for (int c = colStart; c < colStart + cols; c++) {
                    v[i++] = row < fullRows ? io.fleetwise.executor.kernels.SyntheticValues.bf16(seed, (long) row * fullCols + c, scale) : 0f;
                }
            }
        }
        device.upload(t, v);
        return t;
    }

    private int[][] rows(int start, int count) {
        return new int[][] {{start, count}};
    }

    private Tensor ones(String name, int cols) {
        Tensor t = alloc(name, ElementType.BF16, 1, cols);
        float[] v = new float[cols];
        Arrays.fill(v, 1f);
        device.upload(t, v);
        return t;
    }

    private static final class Layer {
        Tensor attnNorm, wqkv, wo, ffnNorm, wGateUp, wDown, router, expertGateUp, expertDown;
        Tensor kCache, vCache;
    }

    /** Runs every iteration; progress goes to {@code listener}, which may cancel between layers. */
    public RunResult run(IterationSchedule schedule, ProgressListener listener) {
        MemoryPlan memory = plan(schedule);
        long available = device.freeMemoryBytes() - (device.info().kind() == DeviceInfo.Kind.CUDA ? GPU_RESERVE_BYTES : 0);
        if (memory.totalBytes() > available) {
            throw new InsufficientDeviceMemoryException("Running " + s.name() + " (" + memory.describe() + ") on " + device.info().name(),
                    memory.totalBytes(), Math.max(0, available));
        }
        try (EventTimer timer = device.newEventTimer()) {
            return execute(schedule, memory, listener, timer);
        } finally {
            for (Tensor t : allocated) {
                try {
                    device.free(t);
                } catch (RuntimeException ignored) {
                    // The device already failed; closing it releases the rest.
                }
            }
            allocated.clear();
        }
    }

    private RunResult execute(IterationSchedule schedule, MemoryPlan memory, ProgressListener listener, EventTimer timer) {
        int h = s.hiddenSize(), qw = s.qHeads() * s.headDim(), kw = s.kvHeads() * s.headDim();
        int maxTokens = memory.maxTokens();
        int maxSeqs = schedule.iterations().stream().mapToInt(Iteration::sequences).max().orElse(1);
        int maxBlocks = maxBlocksPerSequence(schedule);
        maxBlocksInRun = maxBlocks;
        int slots = memory.kvBlocks() * options.blockSize();
        listener.progress(0, "allocating " + memory.describe());

        // The full model's sizes, of which this rank holds slice `rank` (alone: rank 0 of 1, the shard itself).
        int n = group == null ? 1 : group.size();
        int fullQw = qw * n, fullKw = kw * n, fullF = s.ffnSize() * n, fullMoeF = s.moeFfnSize() * n;
        Layer[] layers = new Layer[s.layers()];
        for (int l = 0; l < s.layers(); l++) {
            Layer w = new Layer();
            int seed = l * 16;
            w.attnNorm = ones("attn_norm." + l, h);
            w.wqkv = tpWeight("wqkv." + l, seed + 1, fullQw + 2 * fullKw, h,
                    new int[][] {{rank * qw, qw}, {fullQw + rank * kw, kw}, {fullQw + fullKw + rank * kw, kw}}, 0, h);
            w.wo = tpWeight("wo." + l, seed + 2, h, fullQw, rows(0, h), rank * qw, qw);
            w.ffnNorm = ones("ffn_norm." + l, h);
            if (s.isMoeLayer(l)) {
                w.router = weight("router." + l, s.totalExperts(), h, seed + 3);
                int mf = s.moeFfnSize();
                int[][] gateUp = new int[2 * s.localExperts()][];
                int[][] down = new int[s.localExperts()][];
                for (int e = 0; e < s.localExperts(); e++) {
                    gateUp[2 * e] = new int[] {e * 2 * fullMoeF + rank * mf, mf};
                    gateUp[2 * e + 1] = new int[] {e * 2 * fullMoeF + fullMoeF + rank * mf, mf};
                    down[e] = new int[] {e * h, h};
                }
                w.expertGateUp = tpWeight("experts_gate_up." + l, seed + 4, s.localExperts() * 2 * fullMoeF, h, gateUp, 0, h);
                w.expertDown = tpWeight("experts_down." + l, seed + 5, s.localExperts() * h, fullMoeF, down, rank * mf, mf);
            } else {
                int f = s.ffnSize();
                w.wGateUp = tpWeight("w_gate_up." + l, seed + 6, 2 * fullF, h, new int[][] {{rank * f, f}, {fullF + rank * f, f}}, 0, h);
                w.wDown = tpWeight("w_down." + l, seed + 7, h, fullF, rows(0, h), rank * f, f);
            }
            w.kCache = tpWeight("k_cache." + l, seed + 8, slots, fullKw, rows(0, slots), rank * kw, kw);
            w.vCache = tpWeight("v_cache." + l, seed + 9, slots, fullKw, rows(0, slots), rank * kw, kw);
            layers[l] = w;
            checkCancelled(listener);
        }
        Tensor finalNorm = s.vocabShard() > 0 ? ones("final_norm", h) : null;
        Tensor lmHead = s.vocabShard() > 0 ? tpWeight("lm_head", 99991, s.vocabShard() * n, h, rows(rank * s.vocabShard(), s.vocabShard()), 0, h) : null;
        Tensor reduceScratch = group == null ? null : alloc("allreduce_recv", ElementType.BF16, maxTokens, h);

        Tensor x = alloc("hidden", ElementType.BF16, maxTokens, h);
        Tensor xn = alloc("normed", ElementType.BF16, maxTokens, h);
        Tensor qkv = alloc("qkv", ElementType.BF16, maxTokens, s.qkvWidth());
        Tensor attn = alloc("attn_out", ElementType.BF16, maxTokens, qw);
        Tensor proj = alloc("proj", ElementType.BF16, maxTokens, h);
        Tensor gateUp = alloc("gate_up", ElementType.BF16, maxTokens, 2 * s.ffnSize());
        Tensor act = alloc("act", ElementType.BF16, maxTokens, s.ffnSize());
        Tensor positions = alloc("positions", ElementType.I32, 1, maxTokens);
        Tensor slotMap = alloc("slots", ElementType.I32, 1, maxTokens);
        Tensor decodeTables = alloc("decode_block_tables", ElementType.I32, maxSeqs, maxBlocks);
        Tensor prefillTables = alloc("prefill_block_tables", ElementType.I32, maxSeqs, maxBlocks);
        Tensor contextLens = alloc("context_lens", ElementType.I32, 1, maxSeqs);
        Tensor lastRows = alloc("last_token_rows", ElementType.I32, 1, maxSeqs);
        Tensor lastHidden = s.vocabShard() > 0 ? alloc("last_hidden", ElementType.BF16, maxSeqs, h) : null;
        Tensor logits = s.vocabShard() > 0 ? alloc("logits", ElementType.BF16, maxSeqs, s.vocabShard()) : null;
        MoeBuffers moe = s.localExperts() > 0 ? new MoeBuffers(maxTokens) : null;
        AttentionShape attnShape = AttentionShape.of(s.qHeads(), s.kvHeads(), s.headDim());

        List<TimingRecord> records = new ArrayList<>();
        float[] hidden = new float[0];
        String dev = device.info().name();
        for (int i = 0; i < schedule.iterations().size(); i++) {
            Iteration it = schedule.iterations().get(i);
            listener.progress((double) i / schedule.iterations().size(), "iteration " + (i + 1) + " of " + schedule.iterations().size() + ": " + it.describe());
            Batch batch = new Batch(it);
            device.uploadInts(positions.columns(0, batch.tokens), batch.positions);
            device.uploadInts(slotMap.columns(0, batch.tokens), batch.slots);
            if (!it.decodeContexts().isEmpty()) {
                device.uploadInts(decodeTables.rows(0, it.decodeContexts().size()), batch.decodeTables);
                device.uploadInts(contextLens.columns(0, it.decodeContexts().size()), batch.decodeLens);
            }
            if (!it.prefills().isEmpty()) {
                device.uploadInts(prefillTables.rows(0, it.prefills().size()), batch.prefillTables);
            }
            device.uploadInts(lastRows.columns(0, it.sequences()), batch.lastRows);
            device.fillSynthetic(x, options.seed() + 31 * i, 1f);
            device.synchronize();

            Ops ops = new Ops(i, timer);
            timer.reset();
            timer.mark();
            int t = batch.tokens;
            for (int l = 0; l < s.layers(); l++) {
                Layer w = layers[l];
                Tensor xt = x.rows(0, t), xnt = xn.rows(0, t), qkvt = qkv.rows(0, t), at = attn.rows(0, t), pt = proj.rows(0, t);
                ops.run(l, "rmsnorm", "rows=" + t + " cols=" + h, () -> device.rmsNorm(xt, w.attnNorm, xnt, s.rmsEps()));
                ops.run(l, "gemm_qkv", gemmShape(t, s.qkvWidth(), h), () -> device.gemm(xnt, w.wqkv, qkvt));
                Tensor q = qkvt.columns(0, qw), k = qkvt.columns(qw, kw), v = qkvt.columns(qw + kw, kw);
                ops.run(l, "rope", "tokens=" + t + " heads=" + (s.qHeads() + s.kvHeads()) + " d=" + s.headDim(), () -> {
                    device.rope(q, positions.columns(0, t), s.qHeads(), s.headDim(), s.ropeTheta());
                    device.rope(k, positions.columns(0, t), s.kvHeads(), s.headDim(), s.ropeTheta());
                });
                ops.run(l, "kv_append", "tokens=" + t + " width=" + kw, () -> device.kvAppend(k, v, w.kCache, w.vCache, slotMap.columns(0, t)));
                int row = 0;
                for (int c = 0; c < it.prefills().size(); c++) {
                    PrefillChunk chunk = it.prefills().get(c);
                    int first = row, blocks = blocksFor(chunk.context() + chunk.tokens(), options.blockSize());
                    Tensor table = prefillTables.rows(c, 1).columns(0, blocks);
                    ops.run(l, "attn_prefill", "tokens=" + chunk.tokens() + " context=" + chunk.context() + heads(),
                            () -> device.prefillAttention(q.rows(first, chunk.tokens()), w.kCache, w.vCache, table, options.blockSize(),
                                    chunk.context(), at.rows(first, chunk.tokens()), attnShape));
                    row += chunk.tokens();
                }
                int decodes = it.decodeContexts().size();
                if (decodes > 0) {
                    int first = row;
                    ops.run(l, "attn_decode", "batch=" + decodes + " max_context=" + (batch.maxDecodeContext) + heads(),
                            () -> device.decodeAttention(q.rows(first, decodes), w.kCache, w.vCache, decodeTables.rows(0, decodes), options.blockSize(),
                                    contextLens.columns(0, decodes), batch.maxDecodeContext, at.rows(first, decodes), attnShape));
                }
                ops.run(l, "gemm_o", gemmShape(t, h, qw), () -> device.gemm(at, w.wo, pt));
                allReduce(ops, l, "allreduce_attn", pt, reduceScratch, s.tp());
                ops.run(l, "residual_add", "rows=" + t + " cols=" + h, () -> device.residualAdd(xt, pt));
                ops.run(l, "rmsnorm", "rows=" + t + " cols=" + h, () -> device.rmsNorm(xt, w.ffnNorm, xnt, s.rmsEps()));
                if (s.isMoeLayer(l)) {
                    moe.run(ops, l, w, xnt, pt, t);
                } else {
                    Tensor gu = gateUp.rows(0, t), a = act.rows(0, t);
                    ops.run(l, "gemm_gate_up", gemmShape(t, 2 * s.ffnSize(), h), () -> device.gemm(xnt, w.wGateUp, gu));
                    ops.run(l, "silu_mul", "rows=" + t + " cols=" + s.ffnSize(), () -> device.siluMul(gu, a));
                    ops.run(l, "gemm_down", gemmShape(t, h, s.ffnSize()), () -> device.gemm(a, w.wDown, pt));
                }
                allReduce(ops, l, "allreduce_ffn", pt, reduceScratch, s.tp() * (s.isMoeLayer(l) ? s.ep() : 1));
                ops.run(l, "residual_add", "rows=" + t + " cols=" + h, () -> device.residualAdd(xt, pt));
                checkCancelled(listener);
            }
            if (lmHead != null) {
                int seqs = it.sequences();
                Tensor lh = lastHidden.rows(0, seqs), lg = logits.rows(0, seqs);
                ops.run(-1, "gather_last_tokens", "rows=" + seqs, () -> device.moeGather(x.rows(0, t), lastRows.columns(0, seqs), lh));
                ops.run(-1, "rmsnorm", "rows=" + seqs + " cols=" + h, () -> device.rmsNorm(lh, finalNorm, lh, s.rmsEps()));
                ops.run(-1, "gemm_lm_head", gemmShape(seqs, s.vocabShard(), h), () -> device.gemm(lh, lmHead, lg));
            }
            if (s.pp() > 1) {
                ops.modelled(-1, "pp_send_recv", "bytes=" + 2L * t * h, collectives.sendRecvNs(2L * t * h));
            }
            records.addAll(ops.finish(it, dev));
            if (options.captureHidden() && i == schedule.iterations().size() - 1) {
                hidden = device.download(x.rows(0, t));
            }
        }
        listener.progress(1, "done: " + schedule.iterations().size() + " iterations on " + dev);
        return new RunResult(s, dev, options.mode(), memory, records, hidden);
    }

    /** The all-reduce of a partial [tokens, hidden] result: run over the group's devices, or modelled alone. */
    private void allReduce(Ops ops, int layer, String op, Tensor partial, Tensor scratch, int gpus) {
        String shape = "bytes=" + 2L * partial.rows() * partial.cols() + " gpus=" + gpus;
        if (group != null && gpus == group.size()) {
            ops.run(layer, op, shape + " ring", () -> group.allReduce(rank, device, partial, scratch));
        } else {
            ops.modelled(layer, op, shape, collectives.allReduceNs(2L * partial.rows() * partial.cols(), gpus));
        }
    }

    private String heads() {
        return " q_heads=" + s.qHeads() + " kv_heads=" + s.kvHeads() + " d=" + s.headDim();
    }

    private static String gemmShape(int m, int n, int k) {
        return "M=" + m + " N=" + n + " K=" + k;
    }

    private static void checkCancelled(ProgressListener listener) {
        if (listener.isCancelled()) {
            throw new CancellationException("Run cancelled");
        }
    }

    /** Host-side inputs of one iteration: token positions, KV slots and block tables. */
    private final class Batch {
        final int tokens;
        final int[] positions;
        final int[] slots;
        final int[] decodeTables;
        final int[] decodeLens;
        final int[] prefillTables;
        final int[] lastRows;
        final int maxDecodeContext;

        Batch(Iteration it) {
            int bs = options.blockSize();
            tokens = it.tokens();
            positions = new int[tokens];
            slots = new int[tokens];
            prefillTables = new int[Math.max(1, it.prefills().size()) * maxBlocksInRun];
            decodeTables = new int[Math.max(1, it.decodeContexts().size()) * maxBlocksInRun];
            decodeLens = new int[it.decodeContexts().size()];
            lastRows = new int[it.sequences()];
            int nextBlock = 0, row = 0, seq = 0, maxCtx = 1;
            for (int c = 0; c < it.prefills().size(); c++) {
                PrefillChunk p = it.prefills().get(c);
                int blocks = blocksFor(p.context() + p.tokens(), bs);
                for (int b = 0; b < blocks; b++) {
                    prefillTables[c * maxBlocksInRun + b] = nextBlock + b;
                }
                for (int j = 0; j < p.tokens(); j++) {
                    int pos = p.context() + j;
                    positions[row + j] = pos;
                    slots[row + j] = (nextBlock + pos / bs) * bs + pos % bs;
                }
                nextBlock += blocks;
                row += p.tokens();
                lastRows[seq++] = row - 1;
            }
            for (int d = 0; d < it.decodeContexts().size(); d++) {
                int ctx = it.decodeContexts().get(d);
                int blocks = blocksFor(ctx + 1, bs);
                for (int b = 0; b < blocks; b++) {
                    decodeTables[d * maxBlocksInRun + b] = nextBlock + b;
                }
                positions[row] = ctx;
                slots[row] = (nextBlock + ctx / bs) * bs + ctx % bs;
                decodeLens[d] = ctx + 1;
                maxCtx = Math.max(maxCtx, ctx + 1);
                nextBlock += blocks;
                lastRows[seq++] = row++;
            }
            maxDecodeContext = maxCtx;
        }
    }

    /** Row length of the block-table tensors in the current run. */
    private int maxBlocksInRun = 1;

    /** Collects timestamps (per-kernel or per-iteration) and the modelled collectives of one iteration. */
    private final class Ops {
        private final int iteration;
        private final EventTimer timer;
        private final List<String[]> measured = new ArrayList<>();
        private final List<int[]> measuredLayers = new ArrayList<>();
        private final List<TimingRecord> modelled = new ArrayList<>();

        Ops(int iteration, EventTimer timer) {
            this.iteration = iteration;
            this.timer = timer;
        }

        void run(int layer, String op, String shape, Runnable work) {
            work.run();
            if (options.mode() == TimingMode.PER_KERNEL) {
                timer.mark();
                measured.add(new String[] {op, shape});
                measuredLayers.add(new int[] {layer});
            }
        }

        void modelled(int layer, String op, String shape, long ns) {
            if (ns > 0) {
                modelled.add(new TimingRecord(iteration, layer, op, shape, "bf16", device.info().name(), ns, true));
            }
        }

        List<TimingRecord> finish(Iteration it, String dev) {
            List<TimingRecord> out = new ArrayList<>();
            if (options.mode() == TimingMode.PER_ITERATION) {
                timer.mark();
                long[] ns = timer.intervalsNs();
                out.add(new TimingRecord(iteration, -1, "iteration", it.describe(), "bf16", dev, ns.length > 0 ? ns[0] : 0, false));
            } else {
                long[] ns = timer.intervalsNs();
                for (int j = 0; j < measured.size(); j++) {
                    out.add(new TimingRecord(iteration, measuredLayers.get(j)[0], measured.get(j)[0], measured.get(j)[1], "bf16", dev, ns[j], false));
                }
            }
            out.addAll(modelled);
            return out;
        }
    }

    /** Router, top-k, expert-sorted rows and grouped expert GEMMs of one MoE layer on this GPU's experts. */
    private final class MoeBuffers {
        final Tensor routerLogits, ids, topWeights, combineWeights, slotRow, rowToken, xe, gue, acte, ye;
        final int k = s.expertsPerToken();

        MoeBuffers(int maxTokens) {
            int routed = maxTokens * k;
            routerLogits = alloc("router_logits", ElementType.BF16, maxTokens, s.totalExperts());
            ids = alloc("topk_ids", ElementType.I32, maxTokens, k);
            topWeights = alloc("topk_weights", ElementType.F32, maxTokens, k);
            combineWeights = alloc("combine_weights", ElementType.F32, maxTokens, k);
            slotRow = alloc("slot_row", ElementType.I32, maxTokens, k);
            rowToken = alloc("row_token", ElementType.I32, 1, routed);
            xe = alloc("expert_in", ElementType.BF16, routed, s.hiddenSize());
            device.fillSynthetic(xe, 5, 1f); // finite contents: combine reads row 0 with weight 0 when no route is local
            gue = alloc("expert_gate_up", ElementType.BF16, routed, 2 * s.moeFfnSize());
            acte = alloc("expert_act", ElementType.BF16, routed, s.moeFfnSize());
            ye = alloc("expert_out", ElementType.BF16, routed, s.hiddenSize());
            device.fillSynthetic(ye, 6, 1f);
        }

        void run(Ops ops, int l, Layer w, Tensor xnt, Tensor out, int t) {
            Tensor logits = routerLogits.rows(0, t), idt = ids.rows(0, t), wt = topWeights.rows(0, t);
            ops.run(l, "gemm_router", gemmShape(t, s.totalExperts(), s.hiddenSize()), () -> device.gemm(xnt, w.router, logits));
            ops.run(l, "moe_topk", "tokens=" + t + " experts=" + s.totalExperts() + " k=" + k, () -> device.moeTopK(logits, k, idt, wt));
            // This GPU holds experts 0 .. localExperts-1; routes to other GPUs' experts get weight 0 here
            // and are summed by the (modelled) all-reduce.
            int[] offsets = new int[s.localExperts() + 1];
            int[] routed = new int[1];
            ops.run(l, "moe_align_host", "tokens=" + t + " k=" + k + " local_experts=" + s.localExperts(),
                    () -> routed[0] = align(idt, wt, t, offsets));
            int rows = routed[0];
            ops.modelled(l, "alltoall_dispatch", "bytes=" + 2L * t * k * s.hiddenSize() + " gpus=" + s.ep(),
                    collectives.allToAllNs(2L * t * k * s.hiddenSize(), s.ep()));
            Tensor o = out;
            if (rows > 0) {
                Tensor x = xe.rows(0, rows), g = gue.rows(0, rows), a = acte.rows(0, rows), y = ye.rows(0, rows);
                ops.run(l, "moe_gather", "rows=" + rows + " cols=" + s.hiddenSize(), () -> device.moeGather(xnt, rowToken.columns(0, rows), x));
                ops.run(l, "gemm_experts_gate_up", gemmShape(rows, 2 * s.moeFfnSize(), s.hiddenSize()) + " experts=" + s.localExperts(),
                        () -> device.groupedGemm(x, w.expertGateUp, offsets, g));
                ops.run(l, "silu_mul", "rows=" + rows + " cols=" + s.moeFfnSize(), () -> device.siluMul(g, a));
                ops.run(l, "gemm_experts_down", gemmShape(rows, s.hiddenSize(), s.moeFfnSize()) + " experts=" + s.localExperts(),
                        () -> device.groupedGemm(a, w.expertDown, offsets, y));
            }
            Tensor yAll = rows > 0 ? ye : xe;
            ops.run(l, "moe_combine", "tokens=" + t + " k=" + k, () -> device.moeCombine(yAll, slotRow.rows(0, t), combineWeights.rows(0, t), o));
            ops.modelled(l, "alltoall_combine", "bytes=" + 2L * t * k * s.hiddenSize() + " gpus=" + s.ep(),
                    collectives.allToAllNs(2L * t * k * s.hiddenSize(), s.ep()));
        }

        /** Reads the routing back (the host sorts routes by expert, as engines' align step does) and uploads the permutation. */
        private int align(Tensor idt, Tensor wt, int t, int[] offsets) {
            int[] id = device.downloadInts(idt);
            float[] weights = device.download(wt);
            for (int e : id) {
                if (e < s.localExperts()) {
                    offsets[e + 1]++;
                }
            }
            for (int e = 0; e < s.localExperts(); e++) {
                offsets[e + 1] += offsets[e];
            }
            int rows = offsets[s.localExperts()];
            int[] fill = Arrays.copyOf(offsets, offsets.length);
            int[] tokenOfRow = new int[Math.max(1, rows)];
            int[] rowOfSlot = new int[id.length];
            for (int j = 0; j < id.length; j++) {
                int e = id[j];
                if (e < s.localExperts()) {
                    int r = fill[e]++;
                    tokenOfRow[r] = j / k;
                    rowOfSlot[j] = r;
                } else {
                    weights[j] = 0f;
                }
            }
            if (rows > 0) {
                device.uploadInts(rowToken.columns(0, rows), Arrays.copyOf(tokenOfRow, rows));
            }
            device.uploadInts(slotRow.rows(0, t), rowOfSlot);
            device.upload(combineWeights.rows(0, t), weights);
            return rows;
        }
    }
}
