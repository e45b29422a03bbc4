package io.fleetwise.planner.perf;

import io.fleetwise.planner.engine.EngineKernels;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.HostCosts;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Roofline performance model evaluated for one transformer layer and scaled by layer count.
 * Every operator runs at {@code (t_compute^p + t_memory^p)^(1/p)} with efficiencies from the {@link CalibrationProfile}
 * curves, and no faster than its kernel floor (CUDA-graph floor for decode-only batches, eager launch floor
 * otherwise). TP all-reduces use the cheaper of ring and tree on the link the TP group sits on; PP adds one
 * activation send per stage boundary; MoE adds dispatch and combine all-to-alls when EP > 1. Nothing overlaps:
 * vLLM-style engines run these kernels on one stream.
 */
final class DefaultPerformanceModel implements PerformanceModel {
    private static final int OPS = OperatorClass.values().length;
    private static final int RES = Resource.values().length;
    private static final int CACHE_LIMIT = 1 << 16;
    /**
     * Weight-only int4/int8 GEMMs (Marlin/Machete-class kernels dequantize in the inner loop) reach this share of the
     * 16-bit GEMM's compute efficiency once they are compute bound. Assumed: the Marlin README reports near-ideal
     * speed-ups up to batch 16-32 that fade towards parity with fp16 at batch 128+.
     */
    static final double WEIGHT_ONLY_COMPUTE_SCALE = 0.85;
    /**
     * Passes over a GEMM input that dynamic fp8/int8 activation quantization makes: one reading the row for its
     * scale (absmax), one reading it again to write the quantized copy (vLLM's dynamic_per_token_scaled_fp8_quant).
     */
    static final double DYNAMIC_QUANT_READS = 2.0;

    private final ModelSpec model;
    private final ReplicaConfig replica;
    private final CalibrationProfile profile;
    private final EngineProfile engine;
    private final HostCosts host;
    private final EngineKernels kernels;
    /** Largest batch (sequences) replayed from a CUDA graph. */
    private final int graphMaxBatch;
    /** Prompt-carrying batches of up to {@link #graphMaxBatch} tokens replay (piecewise) graphs too. */
    private final boolean mixedGraphs;
    private final boolean fp8Kv;

    // Per-GPU shard shapes and constants, precomputed.
    private final double hidden;
    private final double peakFlops;
    /** 16-bit tensor peak: attention and the unquantized LM head run at it whatever the GEMM dtype. */
    private final double peak16Flops;
    private final double hbmBytesPerS;
    /** Bytes per weight element in HBM, group scales of weight-only formats included. */
    private final double wBytes;
    /** Bytes per element of a GEMM input (1 when fp8/int8 activations are quantized before each GEMM). */
    private final double gemmInBytes;
    /** Bytes per element of hidden states, norms, collectives and GEMM outputs (16-bit unless the model runs fp32). */
    private final double aBytes;
    /** fp8/int8 W8A8: every GEMM input is quantized by a separate kernel first. */
    private final boolean quantizesActivations;
    private final double qkvParamsPerGpu;
    private final double oParamsPerGpu;
    private final double denseUpParamsPerGpu;
    private final double denseDownParamsPerGpu;
    private final double expertParamsPerGpuTotal;
    private final double sharedExpertParamsPerGpu;
    private final double ffnLocalWidth;
    private final double qHeadsPerGpu;
    private final double qkDim;
    private final double vDim;
    private final double kvBytesPerTokenPerLayerPerGpu;
    private final double mlaLatentDim;
    private final int layers;
    private final int denseLayers;
    private final int moeLayers;
    private final double lmHeadParamsPerGpu;
    private final Interconnect tpLink;
    private final Interconnect ppLink;
    private final Interconnect epLink;
    private final double computeScale;
    /** Weight-streaming efficiency of the quantized GEMMs relative to bf16 ones (fp8 scaled-mm at small M). */
    private final double gemmMemoryScale;
    private final double p;

    private final double[] tokenCacheGraph = new double[CACHE_LIMIT];
    private final double[] tokenCacheEager = new double[CACHE_LIMIT];

    DefaultPerformanceModel(ModelSpec model, ReplicaConfig replica, CalibrationProfile profile, EngineProfile engine) {
        this.host = Objects.requireNonNull(engine, "engine").host();
        this.kernels = engine.kernels();
        this.graphMaxBatch = engine.defaults().cudaGraphMaxBatch();
        this.mixedGraphs = engine.defaults().graphsCoverMixedBatches();
        this.fp8Kv = replica.kvDtype() == DType.FP8;
        this.model = Objects.requireNonNull(model, "model");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.engine = Objects.requireNonNull(engine, "engine");
        GpuType gpu = replica.gpu();
        int tp = replica.tp();
        hidden = model.hiddenSize();
        DType compute = replica.gemmComputeDtype();
        peakFlops = gpu.peakTflops(compute) * 1e12;
        peak16Flops = gpu.peakTflops(DType.BF16) * 1e12;
        computeScale = compute == DType.FP8 ? this.profile.fp8ComputeScale()
                : replica.isWeightOnlyQuantized() ? WEIGHT_ONLY_COMPUTE_SCALE : 1.0;
        gemmMemoryScale = compute == DType.FP8 ? this.profile.fp8MemoryScale() : 1.0;
        hbmBytesPerS = gpu.memBandwidthGBps() * 1e9;
        wBytes = replica.weightDtype().bytes()
                + (replica.weightDtype() == DType.INT4 || replica.weightDtype() == DType.INT8 ? MemoryModel.QUANT_SCALE_BYTES_PER_PARAM : 0);
        gemmInBytes = replica.activationDtype().bytes();
        aBytes = Math.max(2.0, replica.activationDtype().bytes());
        quantizesActivations = compute == DType.FP8 || compute == DType.INT8;
        double oParams = (double) model.numAttentionHeads() * model.valueHeadDim() * model.hiddenSize();
        oParamsPerGpu = oParams / tp;
        qkvParamsPerGpu = (model.attentionParamsPerLayer() - oParams) / tp;
        denseUpParamsPerGpu = 2.0 * hidden * model.intermediateSize() / tp;
        denseDownParamsPerGpu = hidden * model.intermediateSize() / tp;
        expertParamsPerGpuTotal = model.isMoe() ? (double) model.numExperts() * model.expertParams() / tp : 0;
        sharedExpertParamsPerGpu = model.isMoe() ? (double) model.sharedExperts() * model.expertParams() / tp : 0;
        ffnLocalWidth = (double) model.intermediateSize() / tp;
        qHeadsPerGpu = (double) model.numAttentionHeads() / tp;
        qkDim = model.headDim();
        vDim = model.valueHeadDim();
        double kvb = replica.kvDtype().bytes();
        if (model.isMla()) {
            mlaLatentDim = model.kvLoraRank() + model.qkRopeHeadDim();
            kvBytesPerTokenPerLayerPerGpu = mlaLatentDim * kvb; // the latent is replicated on every TP rank
        } else {
            mlaLatentDim = 0;
            double kvHeadsPerGpu = Math.max(1.0, (double) model.numKvHeads() / tp); // GQA heads replicate when tp > kv heads
            kvBytesPerTokenPerLayerPerGpu = 2.0 * kvHeadsPerGpu * model.headDim() * kvb;
        }
        layers = model.numLayers();
        moeLayers = model.moeLayers();
        denseLayers = layers - moeLayers;
        lmHeadParamsPerGpu = (double) model.vocabSize() * model.hiddenSize() / tp;
        tpLink = replica.tpCrossesNodes() ? replica.node().interNode() : replica.node().intraNode();
        ppLink = replica.ppCrossesNodes() ? replica.node().interNode() : replica.node().intraNode();
        epLink = replica.ep() > replica.node().gpuCount() ? replica.node().interNode() : replica.node().intraNode();
        p = this.profile.overlapExponent();
        Arrays.fill(tokenCacheGraph, Double.NaN);
        Arrays.fill(tokenCacheEager, Double.NaN);
    }

    @Override
    public ModelSpec model() {
        return model;
    }

    @Override
    public ReplicaConfig replica() {
        return replica;
    }

    @Override
    public CalibrationProfile profile() {
        return profile;
    }

    @Override
    public EngineProfile engine() {
        return engine;
    }

    @Override
    public IterationPrediction predict(BatchShape b) {
        double[] op = new double[OPS];
        double[] res = new double[RES];
        double[] work = new double[3];
        boolean graph = graphMode(b.prefillTokens(), b.decodeSeqs());
        double perLayerTokenNs = tokenDependentLayerNs(b.tokens(), graph, op, res, work);
        double gpu = perLayerTokenNs + attentionAndOnceNs(b.prefillTokens(), b.prefillSeqs(), b.prefillAttnPairs(),
                b.prefillKvTokens(), b.decodeSeqs(), b.decodeContextTokens(), graph, op, res, work);
        double hostNs = hostNs(gpu, b.sequences(), 1);
        add(op, res, OperatorClass.HOST_OVERHEAD, Resource.LAUNCH_OVERHEAD, hostNs);
        double total = gpu + hostNs;
        Map<OperatorClass, Double> byOp = new EnumMap<>(OperatorClass.class);
        for (OperatorClass c : OperatorClass.values()) {
            byOp.put(c, op[c.ordinal()]);
        }
        Map<Resource, Double> byRes = new EnumMap<>(Resource.class);
        for (Resource r : Resource.values()) {
            byRes.put(r, res[r.ordinal()]);
        }
        double stage = stageTimeNs(total, b.sequences());
        return new IterationPrediction(total, stage, byOp, byRes, work[0], work[1], graph);
    }

    @Override
    public double iterationTimeNs(int prefillTokens, int prefillSeqs, double prefillAttnPairs, long prefillKvTokens,
                                  int decodeSeqs, long decodeContextTokens) {
        int tokens = prefillTokens + decodeSeqs;
        if (tokens == 0) {
            return 0;
        }
        boolean graph = graphMode(prefillTokens, decodeSeqs);
        double tokenPart;
        if (tokens < CACHE_LIMIT) {
            double[] cache = graph ? tokenCacheGraph : tokenCacheEager;
            tokenPart = cache[tokens];
            if (Double.isNaN(tokenPart)) {
                tokenPart = tokenDependentLayerNs(tokens, graph, null, null, null);
                cache[tokens] = tokenPart;
            }
        } else {
            tokenPart = tokenDependentLayerNs(tokens, graph, null, null, null);
        }
        double gpu = tokenPart + attentionAndOnceNs(prefillTokens, prefillSeqs, prefillAttnPairs, prefillKvTokens, decodeSeqs,
                decodeContextTokens, graph, null, null, null);
        return gpu + hostNs(gpu, prefillSeqs + decodeSeqs, 1);
    }

    @Override
    public double multiStepTimeNs(int steps, int decodeSeqs, long decodeContextTokens) {
        if (decodeSeqs == 0) {
            return 0;
        }
        long midContext = decodeContextTokens + (long) decodeSeqs * (steps - 1) / 2;
        boolean graph = graphMode(0, decodeSeqs);
        double gpu = tokenDependentLayerNs(decodeSeqs, graph, null, null, null)
                + attentionAndOnceNs(0, 0, 0, 0, decodeSeqs, midContext, graph, null, null, null);
        // One scheduling serves all the steps; output processing still happens every step.
        return steps * (gpu + hostNs(gpu, decodeSeqs, steps));
    }

    /**
     * Host time a step of {@code sequences} sequences (each sampling a token) adds to {@code gpuNs} of kernels: the
     * serial part plus whatever overlapped host work outlasts the GPU.
     */
    private double hostNs(double gpuNs, int sequences, int schedulerSteps) {
        int tp = replica.tp();
        double serial = host.serialUs(sequences, sequences, tp, schedulerSteps) * 1e3;
        double overlapped = host.overlappedUs(sequences, sequences, tp, schedulerSteps) * 1e3;
        return serial + Math.max(0, overlapped - gpuNs);
    }

    @Override
    public double stageTimeNs(double totalNs, int sequences) {
        int pp = replica.pp();
        if (pp <= 1) {
            return totalNs;
        }
        // Every micro-batch needs the host's serial work; the kernels split over the stages.
        double serial = host.serialUs(sequences, sequences, replica.tp(), 1) * 1e3;
        return Math.max(serial, (totalNs - serial) / pp + serial);
    }

    @Override
    public double frontendNs() {
        return host.requestUs(0) * 1e3;
    }

    @Override
    public double frontendServiceNs(int promptTokens) {
        return host.requestUs(promptTokens) * 1e3;
    }

    /** The engine's host costs this model adds to its kernels. */
    public HostCosts hostCosts() {
        return host;
    }


    @Override
    public double flopsPerGpu(int tokens, double prefillAttnPairs, long decodeContextTokens, int sequences) {
        double linear = qkvParamsPerGpu + oParamsPerGpu;
        double perLayerLinear = layers * linear + denseLayers * (denseUpParamsPerGpu + denseDownParamsPerGpu)
                + moeLayers * ((double) model.expertsPerToken() * model.expertParams() / replica.tp() + sharedExpertParamsPerGpu);
        double attn = layers * 2.0 * qHeadsPerGpu * (qkDim + vDim) * (prefillAttnPairs + decodeContextTokens);
        return 2.0 * tokens * perLayerLinear + attn + 2.0 * sequences * lmHeadParamsPerGpu;
    }

    @Override
    public double bytesPerGpu(int tokens, long prefillKvTokens, long decodeContextTokens) {
        return weightBytesPerGpu(tokens) + layers * kvBytesPerTokenPerLayerPerGpu * (double) (prefillKvTokens + decodeContextTokens + tokens);
    }

    /**
     * Weights one GPU streams in an iteration of {@code tokens} tokens: every dense weight once, and of the routed
     * experts only those the batch's tokens touch (expected number of distinct experts, {@link #touchedExpertShare}).
     * The LM head stays 16-bit (engines do not quantize it).
     */
    private double weightBytesPerGpu(int tokens) {
        double perLayerLinear = layers * (qkvParamsPerGpu + oParamsPerGpu) + denseLayers * (denseUpParamsPerGpu + denseDownParamsPerGpu)
                + moeLayers * (touchedExpertShare(tokens) * expertParamsPerGpuTotal + sharedExpertParamsPerGpu);
        return perLayerLinear * wBytes + lmHeadParamsPerGpu * aBytes;
    }

    /**
     * Expected share of the routed experts at least one of {@code tokens} tokens is routed to, each token picking
     * k of E experts uniformly: 1 - (1 - k/E)^tokens. Router imbalance would touch fewer; uniform is the upper bound.
     */
    private double touchedExpertShare(double tokens) {
        if (moeLayers == 0 || tokens <= 0) {
            return 0;
        }
        return 1.0 - Math.pow(1.0 - (double) model.expertsPerToken() / model.numExperts(), tokens);
    }

    private boolean graphMode(int prefillTokens, int decodeSeqs) {
        if (!replica.batching().cudaGraphs()) {
            return false;
        }
        if (prefillTokens > 0) {
            // Piecewise graphs (vLLM V1) are captured by token count, decode graphs by sequences.
            return mixedGraphs && prefillTokens + decodeSeqs <= graphMaxBatch;
        }
        return decodeSeqs <= graphMaxBatch;
    }

    private double floorNs(boolean graph) {
        return (graph ? profile.graphKernelFloorUs() : profile.eagerKernelFloorUs()) * 1e3;
    }

    /** Everything whose cost depends only on the number of tokens: GEMMs, norms, all-reduces, MoE, PP sends. */
    private double tokenDependentLayerNs(int tokens, boolean graph, double[] op, double[] res, double[] work) {
        double t = tokens;
        double floor = floorNs(graph);
        double[] side = new double[2];
        // Attention projections, every layer.
        double qkv = gemmNs(t, qkvParamsPerGpu, floor, side, work, layers);
        add(op, res, OperatorClass.QKV_GEMM, side, layers * qkv);
        double o = gemmNs(t, oParamsPerGpu, floor, side, work, layers);
        add(op, res, OperatorClass.O_GEMM, side, layers * o);
        double total = layers * (qkv + o);
        if (quantizesActivations) {
            // The inputs of the QKV and O projections are quantized first (one kernel each).
            double q = quantNs(t * hidden, floor, work, layers) + quantNs(t * qHeadsPerGpu * vDim, floor, work, layers);
            add(op, res, OperatorClass.NORM_ACTIVATION, Resource.MEMORY, layers * q);
            total += layers * q;
        }
        // Dense FFN layers.
        if (denseLayers > 0) {
            double up = gemmNs(t, denseUpParamsPerGpu, floor, side, work, denseLayers);
            add(op, res, OperatorClass.FFN_GEMM, side, denseLayers * up);
            double down = gemmNs(t, denseDownParamsPerGpu, floor, side, work, denseLayers);
            add(op, res, OperatorClass.FFN_GEMM, side, denseLayers * down);
            total += denseLayers * (up + down);
            if (quantizesActivations) {
                double q = quantNs(t * hidden, floor, work, denseLayers) + quantNs(t * ffnLocalWidth, floor, work, denseLayers);
                add(op, res, OperatorClass.NORM_ACTIVATION, Resource.MEMORY, denseLayers * q);
                total += denseLayers * q;
            }
        }
        // MoE layers: routed experts touched by the batch, shared experts, router.
        if (moeLayers > 0) {
            int experts = model.numExperts();
            double k = model.expertsPerToken();
            double flops = 2.0 * t * k * model.expertParams() / replica.tp();
            double weightBytes = touchedExpertShare(t) * expertParamsPerGpuTotal * wBytes;
            double actBytes = t * k * (hidden + model.moeIntermediateSize() / (double) replica.tp()) * (gemmInBytes + aBytes);
            double routed = rooflineGemmNs(flops, weightBytes + actBytes, 3 * floor, side, peakFlops * computeScale, gemmMemoryScale);
            accumulateWork(work, flops, weightBytes + actBytes, moeLayers);
            add(op, res, OperatorClass.FFN_GEMM, side, moeLayers * routed);
            total += moeLayers * routed;
            if (quantizesActivations) {
                double q = quantNs(t * k * (hidden + model.moeIntermediateSize() / (double) replica.tp()), 2 * floor, work, moeLayers);
                add(op, res, OperatorClass.NORM_ACTIVATION, Resource.MEMORY, moeLayers * q);
                total += moeLayers * q;
            }
            if (sharedExpertParamsPerGpu > 0) {
                double shared = gemmNs(t, sharedExpertParamsPerGpu, 2 * floor, side, work, moeLayers);
                add(op, res, OperatorClass.FFN_GEMM, side, moeLayers * shared);
                total += moeLayers * shared;
            }
            // The router (gate) stays 16-bit in quantized checkpoints.
            double router = gemmNs(t, hidden * experts, aBytes, aBytes, peak16Flops, 1.0, floor, side, work, moeLayers);
            add(op, res, OperatorClass.FFN_GEMM, side, moeLayers * router);
            total += moeLayers * router;
            if (replica.ep() > 1) {
                int ep = replica.ep();
                double sendBytes = (t / ep) * k * hidden * aBytes * (ep - 1) / ep;
                double a2a = 2.0 * (epLink.latencyUs() * 1e3
                        + sendBytes / (epLink.bandwidthGBps() * profile.collectiveBusEff()) /* bytes per ns */);
                add(op, res, OperatorClass.MOE_ALL_TO_ALL, Resource.COMMUNICATION, moeLayers * a2a);
                total += moeLayers * a2a;
            }
        }
        // Norms, rotary, SiLU-mul, KV-cache write: bandwidth-bound elementwise kernels (5 per layer).
        double ffnWidth = moeLayers == layers ? model.expertsPerToken() * (double) model.moeIntermediateSize() / replica.tp()
                : ffnLocalWidth;
        double eltBytes = t * (8.0 * hidden * aBytes
                + 2.0 * (qHeadsPerGpu * qkDim + kvBytesPerTokenPerLayerPerGpu / Math.max(1e-9, replica.kvDtype().bytes()) / 2.0) * aBytes
                + 3.0 * ffnWidth * aBytes
                + kvBytesPerTokenPerLayerPerGpu);
        double elt = Math.max(eltBytes / (hbmBytesPerS * profile.elementwiseMemoryEff().at(eltBytes)) * 1e9, 5 * floor);
        accumulateWork(work, 0, eltBytes, layers);
        add(op, res, OperatorClass.NORM_ACTIVATION, elt > 5 * floor ? Resource.MEMORY : Resource.LAUNCH_OVERHEAD, layers * elt);
        total += layers * elt;
        // Two TP all-reduces per layer (after attention output and after the FFN).
        if (replica.tp() > 1) {
            double ar = Math.max(tpAllReduceNs(t * hidden * aBytes), floor);
            add(op, res, OperatorClass.TP_ALL_REDUCE, Resource.COMMUNICATION, 2.0 * layers * ar);
            total += 2.0 * layers * ar;
        }
        // Pipeline: one activation send per stage boundary.
        if (replica.pp() > 1) {
            double send = (replica.pp() - 1) * p2pNs(t * hidden * aBytes, ppLink);
            add(op, res, OperatorClass.PP_SEND_RECV, Resource.COMMUNICATION, send);
            total += send;
        }
        // Input embedding gather (once).
        double emb = Math.max(2.0 * t * hidden * aBytes / (hbmBytesPerS * profile.elementwiseMemoryEff().at(2.0 * t * hidden * aBytes)) * 1e9, floor);
        add(op, res, OperatorClass.EMBEDDING_LM_HEAD, Resource.MEMORY, emb);
        return total + emb;
    }

    /** Attention (depends on contexts), LM head (depends on sequences) and host overhead. */
    private double attentionAndOnceNs(int prefillTokens, int prefillSeqs, double pairs, long prefillKvTokens,
                                      int decodeSeqs, long decodeContext, boolean graph, double[] op, double[] res,
                                      double[] work) {
        double floor = floorNs(graph);
        double total = 0;
        double[] side = new double[2];
        if (prefillTokens > 0) {
            double flops = 2.0 * pairs * qHeadsPerGpu * (qkDim + vDim);
            double bytes = prefillKvTokens * kvBytesPerTokenPerLayerPerGpu + 2.0 * prefillTokens * qHeadsPerGpu * qkDim * aBytes;
            double scale = kernels.prefillScale(fp8Kv);
            double tc = flops / (peak16Flops * scaledEff(profile.prefillAttnComputeEff().at(flops), scale)) * 1e9;
            double tm = bytes / (hbmBytesPerS * scaledEff(profile.decodeAttnMemoryEff().at(bytes), scale)) * 1e9;
            double t = Math.max(blend(tc, tm), floor);
            accumulateWork(work, flops, bytes, layers);
            add(op, res, OperatorClass.ATTENTION_PREFILL, t <= floor ? Resource.LAUNCH_OVERHEAD : tc >= tm ? Resource.COMPUTE : Resource.MEMORY, layers * t);
            total += layers * t;
        }
        if (decodeSeqs > 0) {
            double flopsPerCtx = model.isMla() ? 2.0 * qHeadsPerGpu * (mlaLatentDim + model.kvLoraRank())
                    : 2.0 * qHeadsPerGpu * (qkDim + vDim);
            double flops = flopsPerCtx * decodeContext;
            double bytes = decodeContext * kvBytesPerTokenPerLayerPerGpu + 2.0 * decodeSeqs * qHeadsPerGpu * qkDim * aBytes;
            double scale = kernels.decodeScale(fp8Kv);
            double tc = flops / (peak16Flops * scaledEff(profile.prefillAttnComputeEff().at(flops), scale)) * 1e9;
            double tm = bytes / (hbmBytesPerS * scaledEff(profile.decodeAttnMemoryEff().at(bytes), scale)) * 1e9;
            double t = Math.max(blend(tc, tm), floor);
            accumulateWork(work, flops, bytes, layers);
            add(op, res, OperatorClass.ATTENTION_DECODE, t <= floor ? Resource.LAUNCH_OVERHEAD : tc >= tm ? Resource.COMPUTE : Resource.MEMORY, layers * t);
            total += layers * t;
        }
        // LM head on the last token of each sequence (vLLM computes logits only where a token is sampled), sampling.
        int rows = prefillSeqs + decodeSeqs;
        if (rows > 0) {
            double lm = gemmNs(rows, lmHeadParamsPerGpu, aBytes, aBytes, peak16Flops, 1.0, 3 * floor, side, work, 1);
            add(op, res, OperatorClass.EMBEDDING_LM_HEAD, side, lm);
            total += lm;
            if (replica.tp() > 1) {
                double gather = allGatherNs(rows * (double) model.vocabSize() * 4.0, replica.tp(), tpLink, profile.collectiveBusEff());
                add(op, res, OperatorClass.TP_ALL_REDUCE, Resource.COMMUNICATION, gather);
                total += gather;
            }
        }
        return total;
    }

    /** A GEMM of {@code m} tokens against a weight of {@code params} elements on this GPU (K = hidden side). */
    private double gemmNs(double m, double params, double floor, double[] side, double[] work, int repeat) {
        return gemmNs(m, params, wBytes, gemmInBytes, peakFlops * computeScale, gemmMemoryScale, floor, side, work, repeat);
    }

    /**
     * A GEMM of {@code m} tokens against {@code params} weight elements (K = hidden side, N = params / K) stored at
     * {@code weightBytes} each, reading inputs of {@code inBytes} and writing 16-bit outputs, at peak {@code peak}.
     */
    private double gemmNs(double m, double params, double weightBytes, double inBytes, double peak, double memoryScale,
                          double floor, double[] side, double[] work, int repeat) {
        double n = params / hidden;
        double flops = 2.0 * m * params;
        double bytes = params * weightBytes + m * hidden * inBytes + m * n * aBytes;
        accumulateWork(work, flops, bytes, repeat);
        return rooflineGemmNs(flops, bytes, floor, side, peak, memoryScale);
    }

    /** Quantizing {@code elements} 16-bit GEMM inputs to fp8/int8: a bandwidth-bound kernel (reads, then writes 1 byte). */
    private double quantNs(double elements, double floor, double[] work, int repeat) {
        double bytes = elements * (DYNAMIC_QUANT_READS * aBytes + gemmInBytes);
        accumulateWork(work, 0, bytes, repeat);
        return Math.max(bytes / (hbmBytesPerS * profile.elementwiseMemoryEff().at(bytes)) * 1e9, floor);
    }

    private double rooflineGemmNs(double flops, double bytes, double floor, double[] side, double peak, double memoryScale) {
        double tc = flops / (peak * scaledEff(profile.gemmComputeEff().at(flops), kernels.gemmComputeScale())) * 1e9;
        double tm = bytes / (hbmBytesPerS * scaledEff(profile.gemmMemoryEff().at(bytes), memoryScale)) * 1e9;
        double t = blend(tc, tm);
        if (t < floor) {
            side[0] = -1;
            return floor;
        }
        side[0] = tc >= tm ? 1 : 0;
        return t;
    }

    private double blend(double tc, double tm) {
        if (p > 50) {
            return Math.max(tc, tm);
        }
        if (p == 3.0) {
            return Math.cbrt(tc * tc * tc + tm * tm * tm);
        }
        return Math.pow(Math.pow(tc, p) + Math.pow(tm, p), 1.0 / p);
    }

    private static void accumulateWork(double[] work, double flops, double bytes, int repeat) {
        if (work != null) {
            work[0] += flops * repeat;
            work[1] += bytes * repeat;
        }
    }

    private static void add(double[] op, double[] res, OperatorClass cls, double[] side, double ns) {
        add(op, res, cls, side[0] < 0 ? Resource.LAUNCH_OVERHEAD : side[0] > 0 ? Resource.COMPUTE : Resource.MEMORY, ns);
    }

    private static void add(double[] op, double[] res, OperatorClass cls, Resource r, double ns) {
        if (op != null) {
            op[cls.ordinal()] += ns;
            res[r.ordinal()] += ns;
        }
    }

    /**
     * All-reduce of {@code bytes} over {@code n} GPUs: the cheaper of ring (2(n-1) steps, each moving bytes/n) and
     * tree (2 ceil(log2 n) latency steps, bytes moved up and down once each). Bandwidth is per direction per GPU.
     */
    /** The TP all-reduce this replica's engine runs: vLLM's custom all-reduce inside an NVLink node, else NCCL. */
    private double tpAllReduceNs(double bytes) {
        int n = replica.tp();
        if (!replica.tpCrossesNodes() && tpLink.name().startsWith("NVLink")) {
            double ca = customAllReduceNs(bytes, n, tpLink, profile.collectiveBusEff());
            if (ca > 0) {
                return ca;
            }
        }
        return allReduceNs(bytes, n, tpLink, profile.collectiveBusEff());
    }

    /**
     * Device time of one stage of vLLM's custom all-reduce (a cross-GPU barrier over NVLink plus the kernel that reads
     * the peers' buffers), H100, replayed from a CUDA graph: vLLM's benchmark_device_communicators on H100 gives the
     * one-stage kernel 7 us at TP2 for 0.5 MB (github.com/vllm-project/vllm/pull/24111), 10 us at TP4 for 0.5 MB and
     * +8 us per further MB (github.com/vllm-project/vllm/pull/24532), 13 us at TP6 for 0.5 MB (PR 24111): a fixed
     * 4.9-6.0 us per stage plus the bytes each GPU pulls. SGLang measured the same kernel on H100 nearly flat in TP
     * size for small messages (8.7 / 9.2 / 11.8 us at TP2 / 4 / 8 for 32 KB, eagerly launched;
     * github.com/sgl-project/sglang/pull/2904).
     */
    static final double CUSTOM_ALL_REDUCE_STAGE_US = 5.5;
    /** vLLM's custom all-reduce handles tensors below 8 MiB (custom_all_reduce.py max_size), larger ones go to NCCL. */
    static final double CUSTOM_ALL_REDUCE_MAX_BYTES = 8.0 * 1024 * 1024;

    /**
     * vLLM's custom all-reduce (csrc/custom_all_reduce.cuh, every vLLM since 0.4 and SGLang, which took it over) on
     * GPUs fully connected by NVLink: one stage (every GPU reads all n-1 peers' buffers and reduces; TP2 always, TP4
     * below 512 KiB, TP6/TP8 below 256 KiB) or two (reduce-scatter then all-gather, 2(n-1)/n of the bytes). Its latency
     * barely grows with n, where NCCL's ring or tree adds a step per peer or per doubling. 0 where it does not apply
     * (other TP sizes, 8 MiB and more).
     */
    static double customAllReduceNs(double bytes, int n, Interconnect link, double busEff) {
        if (!(n == 2 || n == 4 || n == 6 || n == 8) || bytes >= CUSTOM_ALL_REDUCE_MAX_BYTES) {
            return 0;
        }
        double bytesPerNs = link.bandwidthGBps() * busEff;
        double stage = CUSTOM_ALL_REDUCE_STAGE_US * 1e3;
        boolean oneStage = n == 2 || (n <= 4 && bytes < 512 * 1024) || bytes < 256 * 1024;
        return oneStage ? stage + (n - 1) * bytes / bytesPerNs
                : 2 * stage + 2.0 * (n - 1) / n * bytes / bytesPerNs;
    }

    static double allReduceNs(double bytes, int n, Interconnect link, double busEff) {
        if (n <= 1) {
            return 0;
        }
        double bytesPerNs = link.bandwidthGBps() * busEff; // GB/s == bytes/ns
        double alpha = link.latencyUs() * 1e3;
        double ring = 2.0 * (n - 1) * alpha + 2.0 * (n - 1) / n * bytes / bytesPerNs;
        double tree = 2.0 * Math.ceil(Math.log(n) / Math.log(2)) * alpha + 2.0 * bytes / bytesPerNs;
        return Math.min(ring, tree);
    }

    /** Ring all-gather of a result of {@code bytes} in total over {@code n} GPUs. */
    static double allGatherNs(double bytes, int n, Interconnect link, double busEff) {
        if (n <= 1) {
            return 0;
        }
        double bytesPerNs = link.bandwidthGBps() * busEff;
        return (n - 1) * link.latencyUs() * 1e3 + (n - 1.0) / n * bytes / bytesPerNs;
    }

    static double p2pNs(double bytes, Interconnect link) {
        return link.latencyUs() * 1e3 + bytes / link.bandwidthGBps();
    }

    /**
     * A measured efficiency times an engine's kernel factor, never above the peak: an engine's faster kernels (e.g.
     * FlashAttention 3 at 1.47x the dense sweep) approach the datasheet's bandwidth or FLOPs, they do not pass it.
     */
    static double scaledEff(double measured, double engineScale) {
        return Math.min(1.0, measured * engineScale);
    }
}
