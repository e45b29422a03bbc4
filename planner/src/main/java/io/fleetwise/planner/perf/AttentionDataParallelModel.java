package io.fleetwise.planner.perf;

import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * APEX's per-module split: on the replica's {@code tp} GPUs, attention runs data-parallel (each GPU holds all
 * attention weights and the whole KV of its own sequences) while the FFN runs tensor-parallel. Every layer then
 * all-gathers the attention outputs so each FFN rank sees every token, and reduce-scatters the FFN outputs back to
 * the attention ranks (instead of TP's two all-reduces). Built from two {@link DefaultPerformanceModel}s: a TP=1
 * model for the attention modules on the busiest rank's share of the batch, a TP={@code tp} model for the FFN,
 * norms, LM head and host work on the whole batch.
 */
public final class AttentionDataParallelModel implements PerformanceModel {
    private final ModelSpec model;
    private final ReplicaConfig replica;
    private final CalibrationProfile profile;
    private final EngineProfile engine;
    private final DefaultPerformanceModel attention;
    private final DefaultPerformanceModel ffn;

    public AttentionDataParallelModel(ModelSpec model, ReplicaConfig replica, CalibrationProfile profile,
                                      EngineProfile engine) {
        this.model = Objects.requireNonNull(model, "model");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.engine = Objects.requireNonNull(engine, "engine");
        if (replica.tp() < 2) {
            throw new IllegalArgumentException("Attention data parallelism needs tp >= 2, was " + replica.tp());
        }
        this.attention = new DefaultPerformanceModel(model, replica.withParallelism(1, replica.pp(), 1), profile, engine);
        this.ffn = new DefaultPerformanceModel(model, replica, profile, engine);
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

    /** The busiest attention rank's share: sequences are spread round-robin, so it gets ceil(seqs / d) of them. */
    BatchShape busiestRank(BatchShape b) {
        int d = replica.tp();
        double pf = b.prefillSeqs() == 0 ? 0 : Math.ceil((double) b.prefillSeqs() / d) / b.prefillSeqs();
        double df = b.decodeSeqs() == 0 ? 0 : Math.ceil((double) b.decodeSeqs() / d) / b.decodeSeqs();
        return new BatchShape((int) Math.ceil(b.prefillTokens() * pf), (int) Math.ceil(b.prefillSeqs() * pf),
                b.prefillAttnPairs() * pf, (long) Math.ceil(b.prefillKvTokens() * pf),
                (int) Math.ceil(b.decodeSeqs() * df), (long) Math.ceil(b.decodeContextTokens() * df));
    }

    /** All-gather before and reduce-scatter after the FFN of every layer, plus the logits gather; ns. */
    double reshardNs(BatchShape b) {
        int d = replica.tp();
        var link = replica.tpCrossesNodes() ? replica.node().interNode() : replica.node().intraNode();
        double bytes = (double) b.tokens() * model.hiddenSize() * replica.activationDtype().bytes();
        double perLayer = 2.0 * DefaultPerformanceModel.allGatherNs(bytes, d, link, profile.collectiveBusEff());
        double logits = DefaultPerformanceModel.allGatherNs(b.sequences() * (double) model.vocabSize() * 4.0, d, link,
                profile.collectiveBusEff());
        return model.numLayers() * perLayer + logits;
    }

    @Override
    public IterationPrediction predict(BatchShape b) {
        if (b.isEmpty()) {
            return ffn.predict(b);
        }
        IterationPrediction a = attention.predict(busiestRank(b));
        IterationPrediction f = ffn.predict(b);
        Map<OperatorClass, Double> ops = new EnumMap<>(OperatorClass.class);
        for (OperatorClass c : OperatorClass.values()) {
            ops.put(c, 0.0);
        }
        for (OperatorClass c : new OperatorClass[]{OperatorClass.QKV_GEMM, OperatorClass.O_GEMM,
                OperatorClass.ATTENTION_PREFILL, OperatorClass.ATTENTION_DECODE}) {
            ops.put(c, a.operatorNs(c));
        }
        for (OperatorClass c : new OperatorClass[]{OperatorClass.FFN_GEMM, OperatorClass.NORM_ACTIVATION,
                OperatorClass.EMBEDDING_LM_HEAD, OperatorClass.PP_SEND_RECV, OperatorClass.MOE_ALL_TO_ALL,
                OperatorClass.HOST_OVERHEAD}) {
            ops.put(c, f.operatorNs(c));
        }
        ops.put(OperatorClass.TP_ALL_REDUCE, reshardNs(b));
        double total = ops.values().stream().mapToDouble(Double::doubleValue).sum();
        // Resources: scale each part's resource split by its share of the composed time.
        Map<Resource, Double> res = new EnumMap<>(Resource.class);
        double aPart = ops.get(OperatorClass.QKV_GEMM) + ops.get(OperatorClass.O_GEMM)
                + ops.get(OperatorClass.ATTENTION_PREFILL) + ops.get(OperatorClass.ATTENTION_DECODE);
        double fPart = total - aPart - ops.get(OperatorClass.TP_ALL_REDUCE);
        for (Resource r : Resource.values()) {
            double v = (a.totalNs() > 0 ? a.resourceNs(r) / a.totalNs() * aPart : 0)
                    + (f.totalNs() > 0 ? f.resourceNs(r) / f.totalNs() * fPart : 0);
            res.put(r, v);
        }
        res.merge(Resource.COMMUNICATION, ops.get(OperatorClass.TP_ALL_REDUCE), Double::sum);
        int pp = replica.pp();
        double host = ops.get(OperatorClass.HOST_OVERHEAD);
        double stage = pp == 1 ? total : (total - host - ops.get(OperatorClass.PP_SEND_RECV)) / pp + host;
        return new IterationPrediction(total, stage, ops, res, a.flopsPerGpu() + f.flopsPerGpu(),
                a.bytesPerGpu() + f.bytesPerGpu(), f.graphMode());
    }

    @Override
    public double iterationTimeNs(int prefillTokens, int prefillSeqs, double prefillAttnPairs, long prefillKvTokens,
                                  int decodeSeqs, long decodeContextTokens) {
        if (prefillTokens + decodeSeqs == 0) {
            return 0;
        }
        return predict(new BatchShape(prefillTokens, prefillSeqs, prefillAttnPairs, prefillKvTokens, decodeSeqs,
                decodeContextTokens)).totalNs();
    }

    @Override
    public double flopsPerGpu(int tokens, double prefillAttnPairs, long decodeContextTokens, int sequences) {
        // Each attention rank does 1/d of the attention work with full heads: the same FLOPs as a TP shard.
        return ffn.flopsPerGpu(tokens, prefillAttnPairs, decodeContextTokens, sequences);
    }

    @Override
    public double bytesPerGpu(int tokens, long prefillKvTokens, long decodeContextTokens) {
        // Attention weights are replicated: each GPU reads all of them, i.e. d times its TP shard.
        int d = replica.tp();
        double attnWeights = (double) model.numLayers() * model.attentionParamsPerLayer() * replica.weightDtype().bytes();
        return ffn.bytesPerGpu(tokens, prefillKvTokens, decodeContextTokens) + attnWeights * (1.0 - 1.0 / d);
    }

    /**
     * Memory of one GPU: the TP plan plus the replicated attention weights; each GPU keeps all KV heads of its own
     * sequences, so the replica holds {@code d} times what one GPU's pool holds at full KV width.
     */
    public static MemoryPlan memoryPlan(ModelSpec model, ReplicaConfig replica) {
        MemoryPlan tp = MemoryModel.plan(model, replica);
        int d = replica.tp();
        int pp = replica.pp();
        double layersPerStage = Math.ceil((double) model.numLayers() / pp);
        double wBytes = replica.weightDtype().bytes();
        double attnExtra = model.attentionParamsPerLayer() * layersPerStage * wBytes * (1.0 - 1.0 / d);
        double weights = tp.weightBytesPerGpu() + attnExtra;
        double fullKvPerToken = model.kvElementsPerTokenPerLayer() * replica.kvDtype().bytes() * layersPerStage;
        double pool = tp.usableBytes() - weights - tp.activationBytesPerGpu() - tp.reserveBytesPerGpu();
        int block = tp.blockSizeTokens();
        long blocksPerGpu = pool > 0 ? (long) Math.floor(pool / fullKvPerToken) / block : 0;
        long blocks = blocksPerGpu * d;
        return new MemoryPlan(tp.modelName(), "attention-DP" + d + " FFN-TP" + d + " " + tp.replicaLabel(),
                tp.deviceBytes(), tp.usableBytes(), weights, tp.activationBytesPerGpu(), tp.reserveBytesPerGpu(),
                fullKvPerToken / d, Math.max(0, pool), blocks * block, blocks, block, tp.sizing(),
                tp.cudaGraphBytesOutsideBudget());
    }
}
