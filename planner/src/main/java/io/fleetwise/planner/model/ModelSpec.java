package io.fleetwise.planner.model;

import java.util.Objects;

/**
 * A decoder-only transformer architecture, as its Hugging Face config.json describes it.
 * MoE fields are 0 for dense models; MLA fields ({@code kvLoraRank} ...) are 0 for MHA/GQA models.
 *
 * @param headDim            query/key head size (for MLA: qk_nope_head_dim + qk_rope_head_dim)
 * @param firstKDenseLayers  MoE models whose first layers use a dense FFN of {@code intermediateSize}
 */
public record ModelSpec(
        String name,
        String hfRepo,
        int numLayers,
        int hiddenSize,
        int numAttentionHeads,
        int numKvHeads,
        int headDim,
        int intermediateSize,
        int vocabSize,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        int numExperts,
        int expertsPerToken,
        int moeIntermediateSize,
        int sharedExperts,
        int firstKDenseLayers,
        int qLoraRank,
        int kvLoraRank,
        int qkRopeHeadDim,
        int vHeadDim,
        DType nativeWeightDtype,
        String notes,
        String source) {

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nativeWeightDtype, "nativeWeightDtype");
        requirePositive(name, "numLayers", numLayers);
        requirePositive(name, "hiddenSize", hiddenSize);
        requirePositive(name, "numAttentionHeads", numAttentionHeads);
        requirePositive(name, "numKvHeads", numKvHeads);
        requirePositive(name, "headDim", headDim);
        requirePositive(name, "intermediateSize", intermediateSize);
        requirePositive(name, "vocabSize", vocabSize);
        if (numAttentionHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("Model " + name + ": numAttentionHeads " + numAttentionHeads
                    + " is not a multiple of numKvHeads " + numKvHeads);
        }
        if (numExperts > 0 && (expertsPerToken <= 0 || expertsPerToken > numExperts)) {
            throw new IllegalArgumentException("Model " + name + ": expertsPerToken must be in 1.." + numExperts
                    + ", was " + expertsPerToken);
        }
        if (numExperts > 0 && moeIntermediateSize <= 0) {
            throw new IllegalArgumentException("Model " + name + ": moeIntermediateSize must be > 0 for an MoE model");
        }
        hfRepo = hfRepo == null ? "" : hfRepo;
        notes = notes == null ? "" : notes;
        source = source == null ? "" : source;
    }

    private static void requirePositive(String model, String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Model " + model + ": " + field + " must be > 0, was " + value);
        }
    }

    public boolean isMoe() {
        return numExperts > 0;
    }

    public boolean isMla() {
        return kvLoraRank > 0;
    }

    /** Layers whose FFN is a mixture of experts. */
    public int moeLayers() {
        return isMoe() ? numLayers - firstKDenseLayers : 0;
    }

    public int denseFfnLayers() {
        return numLayers - moeLayers();
    }

    /** Value head size: {@code vHeadDim} for MLA, else {@code headDim}. */
    public int valueHeadDim() {
        return isMla() && vHeadDim > 0 ? vHeadDim : headDim;
    }

    /** KV-cache elements one token adds in one layer: the compressed latent for MLA, K and V for GQA. */
    public long kvElementsPerTokenPerLayer() {
        if (isMla()) {
            return (long) kvLoraRank + qkRopeHeadDim;
        }
        return 2L * numKvHeads * headDim;
    }

    /** KV-cache bytes one token needs across all layers of the whole model (before any sharding). */
    public double kvBytesPerToken(DType kvDtype) {
        return kvElementsPerTokenPerLayer() * (double) numLayers * kvDtype.bytes();
    }

    /** Attention projection parameters of one layer (Q, K, V, O; MLA's low-rank factors). */
    public long attentionParamsPerLayer() {
        long h = hiddenSize;
        if (isMla()) {
            int qkNope = headDim - qkRopeHeadDim;
            long q = qLoraRank > 0
                    ? h * qLoraRank + (long) qLoraRank * numAttentionHeads * headDim
                    : h * numAttentionHeads * headDim;
            long kvA = h * (kvLoraRank + qkRopeHeadDim);
            long kvB = (long) kvLoraRank * numAttentionHeads * (qkNope + valueHeadDim());
            long o = (long) numAttentionHeads * valueHeadDim() * h;
            return q + kvA + kvB + o;
        }
        long q = h * numAttentionHeads * headDim;
        long kv = 2L * h * numKvHeads * headDim;
        long o = (long) numAttentionHeads * headDim * h;
        return q + kv + o;
    }

    /** Gated FFN (gate, up, down) parameters of one dense layer. */
    public long denseFfnParamsPerLayer() {
        return 3L * hiddenSize * intermediateSize;
    }

    /** Parameters of one expert (gate, up, down). */
    public long expertParams() {
        return 3L * hiddenSize * moeIntermediateSize;
    }

    /** Parameters of one MoE layer's FFN: routed and shared experts plus the router. */
    public long moeFfnParamsPerLayer() {
        return (numExperts + (long) sharedExperts) * expertParams() + (long) hiddenSize * numExperts;
    }

    public long embeddingParams() {
        return (long) vocabSize * hiddenSize;
    }

    /** Total parameters, counting input embedding and LM head once each unless tied. */
    public long totalParams() {
        long layers = numLayers * attentionParamsPerLayer()
                + denseFfnLayers() * denseFfnParamsPerLayer()
                + moeLayers() * moeFfnParamsPerLayer();
        return layers + embeddingParams() * (tieWordEmbeddings ? 1 : 2);
    }

    /** Parameters one token touches: only {@code expertsPerToken} routed experts in MoE layers. */
    public long activeParams() {
        long moeActive = (expertsPerToken + (long) sharedExperts) * expertParams() + (long) hiddenSize * numExperts;
        long layers = numLayers * attentionParamsPerLayer()
                + denseFfnLayers() * denseFfnParamsPerLayer()
                + moeLayers() * moeActive;
        return layers + embeddingParams() * (tieWordEmbeddings ? 1 : 2);
    }
}
