package io.fleetwise.planner.perf;

import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;

/**
 * Device memory of one GPU of a replica, the way vLLM sizes its KV cache: usable = memory x gpu-memory-utilization;
 * KV pool = usable - weights - activation peak of a max-size batch - runtime reserve.
 */
public final class MemoryModel {
    /**
     * CUDA context, NCCL / custom all-reduce buffers and captured CUDA graphs, which vLLM's profiling run counts as
     * used: ~0.5 GB context (nvidia-smi of an idle PyTorch process on H100) plus ~1 GB of buffers and graphs.
     * Assumed, not measured.
     */
    public static final double RUNTIME_RESERVE_BYTES = 1.5e9;
    /** Per-group scale overhead of weight-only int4/int8 (one 16-bit scale per group of 128 weights, GPTQ/AWQ default). */
    static final double QUANT_SCALE_BYTES_PER_PARAM = 2.0 / 128.0;

    private MemoryModel() {
    }

    public static MemoryPlan plan(ModelSpec model, ReplicaConfig replica) {
        int tp = replica.tp();
        int pp = replica.pp();
        double layersPerStage = Math.ceil((double) model.numLayers() / pp);
        double layerFraction = layersPerStage / model.numLayers();
        long layerParams = model.totalParams() - model.embeddingParams() * (model.tieWordEmbeddings() ? 1 : 2);
        double wBytes = replica.weightDtype().bytes();
        if (replica.weightDtype() == DType.INT4 || replica.weightDtype() == DType.INT8) {
            wBytes += QUANT_SCALE_BYTES_PER_PARAM;
        }
        double embBytes = model.embeddingParams() * replica.activationDtype().bytes() / tp; // embeddings stay 16-bit
        double embeddingTables = pp == 1 ? (model.tieWordEmbeddings() ? 1 : 2) : 1; // first stage: input, last: LM head
        double weights = layerParams * layerFraction * wBytes / tp + embeddingTables * embBytes;

        double kvPerTokenPerLayer;
        if (model.isMla()) {
            kvPerTokenPerLayer = (double) model.kvElementsPerTokenPerLayer() * replica.kvDtype().bytes();
        } else {
            kvPerTokenPerLayer = 2.0 * Math.max(1.0, (double) model.numKvHeads() / tp) * model.headDim() * replica.kvDtype().bytes();
        }
        double kvPerToken = kvPerTokenPerLayer * layersPerStage;

        // Activation peak of the profiling forward pass: a max-size batch through one layer plus fp32 logits of
        // max_num_seqs rows (vLLM profiles with max_num_batched_tokens and max_num_seqs).
        int tokens = Math.max(replica.batching().maxBatchedTokens(), replica.batching().maxNumSeqs());
        double a = replica.activationDtype().bytes();
        double perToken = (4.0 * model.hiddenSize()
                + 3.0 * (model.isMoe() ? model.expertsPerToken() * (double) model.moeIntermediateSize() : model.intermediateSize()) / tp
                + (model.numAttentionHeads() + 2.0 * model.numKvHeads()) * model.headDim() / tp) * a;
        double logits = 2.0 * replica.batching().maxNumSeqs() * (double) model.vocabSize() / tp * 4.0;
        double activation = tokens * perToken + logits;

        double usable = replica.gpu().memoryBytes() * replica.batching().gpuMemoryUtilization();
        double kvPool = usable - weights - activation - RUNTIME_RESERVE_BYTES;
        long kvTokens = kvPool > 0 ? (long) Math.floor(kvPool / kvPerToken) : 0;
        int block = replica.batching().blockSizeTokens();
        long blocks = kvTokens / block;
        return new MemoryPlan(model.name(), replica.label(), replica.gpu().memoryBytes(), usable, weights, activation,
                RUNTIME_RESERVE_BYTES, kvPerToken, Math.max(0, kvPool), blocks * block, blocks, block);
    }
}
