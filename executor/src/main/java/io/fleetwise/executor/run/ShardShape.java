package io.fleetwise.executor.run;

import io.fleetwise.planner.model.ModelSpec;

/**
 * What one GPU of a replica executes: its pipeline stage's layers, its tensor-parallel share of the
 * heads and FFN, its expert-parallel share of the experts. All sizes are per GPU.
 *
 * @param firstLayer      index of the stage's first layer in the whole model (decides which layers are MoE)
 * @param moeFromLayer    first MoE layer index in the whole model; {@code Integer.MAX_VALUE} for dense models
 * @param localExperts    experts held on this GPU (0 for dense models)
 * @param totalExperts    experts the router chooses from
 * @param vocabShard      LM-head rows on this GPU; 0 unless this is the last pipeline stage
 */
public record ShardShape(
        String name,
        int layers,
        int firstLayer,
        int hiddenSize,
        int qHeads,
        int kvHeads,
        int headDim,
        int ffnSize,
        int moeFromLayer,
        int localExperts,
        int totalExperts,
        int expertsPerToken,
        int moeFfnSize,
        int vocabShard,
        float rmsEps,
        float ropeTheta,
        int tp,
        int pp,
        int ep) {

    public ShardShape {
        require(layers > 0, "layers", layers);
        require(hiddenSize > 0 && hiddenSize % 8 == 0, "hiddenSize (a positive multiple of 8)", hiddenSize);
        require(qHeads > 0 && kvHeads > 0 && qHeads % kvHeads == 0, "qHeads/kvHeads", qHeads + "/" + kvHeads);
        require(headDim > 0 && headDim % 64 == 0 && headDim <= 256, "headDim (64, 128, 192 or 256)", headDim);
        require(ffnSize >= 0 && ffnSize % 8 == 0, "ffnSize (a multiple of 8)", ffnSize);
        require(tp >= 1 && pp >= 1 && ep >= 1, "tp/pp/ep", tp + "/" + pp + "/" + ep);
        if (localExperts > 0) {
            require(totalExperts >= localExperts && totalExperts <= 256, "totalExperts (up to 256)", totalExperts);
            require(expertsPerToken >= 1 && expertsPerToken <= Math.min(32, totalExperts), "expertsPerToken", expertsPerToken);
            require(moeFfnSize > 0 && moeFfnSize % 8 == 0, "moeFfnSize (a positive multiple of 8)", moeFfnSize);
        }
    }

    private static void require(boolean ok, String field, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("Shard shape: " + field + " is invalid: " + value);
        }
    }

    public boolean isMoeLayer(int localLayer) {
        return localExperts > 0 && firstLayer + localLayer >= moeFromLayer;
    }

    public int qkvWidth() {
        return (qHeads + 2 * kvHeads) * headDim;
    }

    /**
     * The shard of GPU {@code stage} of a replica of {@code model} with the given parallelism. TP splits
     * heads and FFN (KV heads are replicated when TP exceeds them); with EP > 1 experts are split across
     * GPUs and each keeps its full FFN width, otherwise TP splits every expert's FFN.
     */
    public static ShardShape of(ModelSpec model, int tp, int pp, int ep, int stage) {
        if (model.isMla()) {
            throw new IllegalArgumentException("Model " + model.name() + " uses multi-head latent attention, which the kernel library does not run");
        }
        check(model.numAttentionHeads() % tp == 0, model, "numAttentionHeads " + model.numAttentionHeads() + " is not divisible by TP " + tp);
        check(model.intermediateSize() % tp == 0, model, "intermediateSize " + model.intermediateSize() + " is not divisible by TP " + tp);
        check(stage >= 0 && stage < pp && pp <= model.numLayers(), model, "stage " + stage + " of PP " + pp);
        check(!model.isMoe() || model.numExperts() % ep == 0, model, "numExperts " + model.numExperts() + " is not divisible by EP " + ep);
        int base = model.numLayers() / pp, extra = model.numLayers() % pp;
        int layers = base + (stage < extra ? 1 : 0);
        int first = stage * base + Math.min(stage, extra);
        int kv = Math.max(1, model.numKvHeads() / tp);
        int localExperts = model.isMoe() ? model.numExperts() / ep : 0;
        int moeFfn = model.isMoe() ? (ep > 1 ? model.moeIntermediateSize() : model.moeIntermediateSize() / tp) : 0;
        int vocab = stage == pp - 1 ? (model.vocabSize() + tp - 1) / tp : 0;
        return new ShardShape(model.name() + " TP" + tp + " PP" + pp + (ep > 1 ? " EP" + ep : "") + " stage " + stage,
                layers, first, model.hiddenSize(), model.numAttentionHeads() / tp, kv, model.headDim(), model.intermediateSize() / tp,
                model.isMoe() ? model.firstKDenseLayers() : Integer.MAX_VALUE, localExperts, model.isMoe() ? model.numExperts() : 0,
                model.isMoe() ? model.expertsPerToken() : 0, moeFfn, vocab, 1e-5f, 500000f, tp, pp, ep);
    }

    private static void check(boolean ok, ModelSpec model, String message) {
        if (!ok) {
            throw new IllegalArgumentException("Model " + model.name() + ": " + message);
        }
    }
}
