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

    public PlanRunner(ComputeDevice device, ShardShape shard, CollectiveModel collectives, Options options) {
        this.device = device;
        this.s = shard;
        this.collectives = collectives;
        this.options = options;
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

        Layer[] layers = new Layer[s.layers()];
        for (int l = 0; l < s.layers(); l++) {
            Layer w = new Layer();
            int seed = l * 16;
            w.attnNorm = ones("attn_norm." + l, h);
            w.wqkv = weight("wqkv." + l, s.qkvWidth(), h, seed + 1);
            w.wo = weight("wo." + l, h, qw, seed + 2);
            w.ffnNorm = ones("ffn_norm." + l, h);
            if (s.isMoeLayer(l)) {
                w.router = weight("router." + l, s.totalExperts(), h, seed + 3);
                w.expertGateUp = weight("experts_gate_up." + l, s.localExperts() * 2 * s.moeFfnSize(), h, seed + 4);
                w.expertDown = weight("experts_down." + l, s.localExperts() * h, s.moeFfnSize(), seed + 5);
            } else {
                w.wGateUp = weight("w_gate_up." + l, 2 * s.ffnSize(), h, seed + 6);
                w.wDown = weight("w_down." + l, h, s.ffnSize(), seed + 7);
            }
            w.kCache = weight("k_cache." + l, slots, kw, seed + 8);
            w.vCache = weight("v_cache." + l, slots, kw, seed + 9);
            layers[l] = w;
            checkCancelled(listener);
        }
        Tensor finalNorm = s.vocabShard() > 0 ? ones("final_norm", h) : null;
        Tensor lmHead = s.vocabShard() > 0 ? weight("lm_head", s.vocabShard(), h, 99991) : null;

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
                ops.modelled(l, "allreduce_attn", "bytes=" + 2L * t * h + " gpus=" + s.tp(), collectives.allReduceNs(2L * t * h, s.tp()));
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
                ops.modelled(l, "allreduce_ffn", "bytes=" + 2L * t * h + " gpus=" + (s.tp() * (s.isMoeLayer(l) ? s.ep() : 1)),
                        collectives.allReduceNs(2L * t * h, s.tp() * (s.isMoeLayer(l) ? s.ep() : 1)));
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
