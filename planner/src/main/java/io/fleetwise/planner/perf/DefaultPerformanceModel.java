package io.fleetwise.planner.perf;

import io.fleetwise.planner.engine.EngineProfile;
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

    private final ModelSpec model;
    private final ReplicaConfig replica;
    private final CalibrationProfile profile;
    private final EngineProfile engine;

    // Per-GPU shard shapes and constants, precomputed.
    private final double hidden;
    private final double peakFlops;
    private final double hbmBytesPerS;
    private final double wBytes;
    private final double aBytes;
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
    private final double p;

    private final double[] tokenCacheGraph = new double[CACHE_LIMIT];
    private final double[] tokenCacheEager = new double[CACHE_LIMIT];

    DefaultPerformanceModel(ModelSpec model, ReplicaConfig replica, CalibrationProfile profile, EngineProfile engine) {
        this.model = Objects.requireNonNull(model, "model");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.engine = Objects.requireNonNull(engine, "engine");
        GpuType gpu = replica.gpu();
        int tp = replica.tp();
        hidden = model.hiddenSize();
        DType compute = replica.gemmComputeDtype();
        peakFlops = gpu.peakTflops(compute) * 1e12;
        computeScale = compute == DType.FP8 ? this.profile.fp8ComputeScale() : 1.0;
        hbmBytesPerS = gpu.memBandwidthGBps() * 1e9;
        wBytes = replica.weightDtype().bytes();
        aBytes = replica.activationDtype().bytes();
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
        double total = perLayerTokenNs + attentionAndOnceNs(b.prefillTokens(), b.prefillSeqs(), b.prefillAttnPairs(),
                b.prefillKvTokens(), b.decodeSeqs(), b.decodeContextTokens(), graph, op, res, work);
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
        return tokenPart + attentionAndOnceNs(prefillTokens, prefillSeqs, prefillAttnPairs, prefillKvTokens, decodeSeqs,
                decodeContextTokens, graph, null, null, null);
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
        return weightBytesPerGpu() + layers * kvBytesPerTokenPerLayerPerGpu * (double) (prefillKvTokens + decodeContextTokens + tokens);
    }

    private double weightBytesPerGpu() {
        double perLayerLinear = layers * (qkvParamsPerGpu + oParamsPerGpu) + denseLayers * (denseUpParamsPerGpu + denseDownParamsPerGpu)
                + moeLayers * (expertParamsPerGpuTotal + sharedExpertParamsPerGpu);
        return perLayerLinear * wBytes + lmHeadParamsPerGpu * aBytes;
    }

    private boolean graphMode(int prefillTokens, int decodeSeqs) {
        // vLLM captures graphs for decode-only batches up to 256 sequences; prefill batches run eagerly.
        return replica.batching().cudaGraphs() && prefillTokens == 0 && decodeSeqs <= 256;
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
        // Dense FFN layers.
        if (denseLayers > 0) {
            double up = gemmNs(t, denseUpParamsPerGpu, floor, side, work, denseLayers);
            add(op, res, OperatorClass.FFN_GEMM, side, denseLayers * up);
            double down = gemmNs(t, denseDownParamsPerGpu, floor, side, work, denseLayers);
            add(op, res, OperatorClass.FFN_GEMM, side, denseLayers * down);
            total += denseLayers * (up + down);
        }
        // MoE layers: routed experts touched by the batch, shared experts, router.
        if (moeLayers > 0) {
            int experts = model.numExperts();
            double k = model.expertsPerToken();
            double activeFraction = 1.0 - Math.pow(1.0 - k / experts, t);
            double flops = 2.0 * t * k * model.expertParams() / replica.tp();
            double weightBytes = activeFraction * expertParamsPerGpuTotal * wBytes;
            double actBytes = 2.0 * t * k * (hidden + model.moeIntermediateSize()) * aBytes / replica.tp();
            double routed = rooflineGemmNs(flops, weightBytes + actBytes, 3 * floor, side);
            accumulateWork(work, flops, weightBytes + actBytes, moeLayers);
            add(op, res, OperatorClass.FFN_GEMM, side, moeLayers * routed);
            total += moeLayers * routed;
            if (sharedExpertParamsPerGpu > 0) {
                double shared = gemmNs(t, sharedExpertParamsPerGpu, 2 * floor, side, work, moeLayers);
                add(op, res, OperatorClass.FFN_GEMM, side, moeLayers * shared);
                total += moeLayers * shared;
            }
            double router = gemmNs(t, hidden * experts, floor, side, work, moeLayers);
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
            double ar = Math.max(allReduceNs(t * hidden * aBytes, replica.tp(), tpLink, profile.collectiveBusEff()), floor);
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
            double tc = flops / (peakFlops * profile.prefillAttnComputeEff().at(flops)) * 1e9;
            double tm = bytes / (hbmBytesPerS * profile.decodeAttnMemoryEff().at(bytes)) * 1e9;
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
            double tc = flops / (peakFlops * profile.prefillAttnComputeEff().at(flops)) * 1e9;
            double tm = bytes / (hbmBytesPerS * profile.decodeAttnMemoryEff().at(bytes)) * 1e9;
            double t = Math.max(blend(tc, tm), floor);
            accumulateWork(work, flops, bytes, layers);
            add(op, res, OperatorClass.ATTENTION_DECODE, t <= floor ? Resource.LAUNCH_OVERHEAD : tc >= tm ? Resource.COMPUTE : Resource.MEMORY, layers * t);
            total += layers * t;
        }
        // LM head on the last token of each sequence (vLLM computes logits only where a token is sampled), sampling.
        int rows = prefillSeqs + decodeSeqs;
        if (rows > 0) {
            double lm = gemmNs(rows, lmHeadParamsPerGpu, 3 * floor, side, work, 1);
            add(op, res, OperatorClass.EMBEDDING_LM_HEAD, side, lm);
            total += lm;
            if (replica.tp() > 1) {
                double gather = allGatherNs(rows * (double) model.vocabSize() * 4.0, replica.tp(), tpLink, profile.collectiveBusEff());
                add(op, res, OperatorClass.TP_ALL_REDUCE, Resource.COMMUNICATION, gather);
                total += gather;
            }
        }
        double host = (engine.hostIterationUs() + engine.hostPerSequenceUs() * rows) * 1e3;
        add(op, res, OperatorClass.HOST_OVERHEAD, Resource.LAUNCH_OVERHEAD, host);
        return total + host;
    }

    /** A GEMM of {@code m} tokens against a weight of {@code params} elements on this GPU (K = hidden side). */
    private double gemmNs(double m, double params, double floor, double[] side, double[] work, int repeat) {
        double n = params / hidden;
        double flops = 2.0 * m * params;
        double bytes = params * wBytes + m * (hidden + n) * aBytes;
        accumulateWork(work, flops, bytes, repeat);
        return rooflineGemmNs(flops, bytes, floor, side);
    }

    private double rooflineGemmNs(double flops, double bytes, double floor, double[] side) {
        double tc = flops / (peakFlops * computeScale * profile.gemmComputeEff().at(flops)) * 1e9;
        double tm = bytes / (hbmBytesPerS * profile.gemmMemoryEff().at(bytes)) * 1e9;
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
}
