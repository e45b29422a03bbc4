package io.fleetwise.planner.perf;

import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;

/**
 * Device memory of one GPU of a replica, the way the engine sizes its KV cache ({@link KvCacheSizing}): the memory
 * CUDA reports ({@link io.fleetwise.planner.model.GpuType#cudaMemoryBytes()}, not the datasheet's GB) times
 * gpu-memory-utilization, less the weights, the profiling run's activation peak and non-torch memory; the rest is
 * whole KV blocks, comparable with the "# GPU blocks" line vLLM logs.
 */
public final class MemoryModel {
    /** Per-group scale overhead of weight-only int4/int8 (one 16-bit scale per group of 128 weights, GPTQ/AWQ default). */
    static final double QUANT_SCALE_BYTES_PER_PARAM = 2.0 / 128.0;
    /** What the planner sizes with unless told otherwise: the engine its calibration was fitted on. */
    public static final KvCacheSizing DEFAULT_SIZING = KvCacheSizing.VLLM_V0;

    private MemoryModel() {
    }

    public static MemoryPlan plan(ModelSpec model, ReplicaConfig replica) {
        return plan(model, replica, DEFAULT_SIZING);
    }

    public static MemoryPlan plan(ModelSpec model, ReplicaConfig replica, KvCacheSizing sizing) {
        int tp = replica.tp();
        int pp = replica.pp();
        double layersPerStage = Math.ceil((double) model.numLayers() / pp);
        double layerFraction = layersPerStage / model.numLayers();
        long layerParams = model.totalParams() - model.embeddingParams() * (model.tieWordEmbeddings() ? 1 : 2);
        double wBytes = replica.weightDtype().bytes();
        if (replica.weightDtype() == DType.INT4 || replica.weightDtype() == DType.INT8) {
            wBytes += QUANT_SCALE_BYTES_PER_PARAM;
        }
        // Embeddings and LM head stay 16-bit in fp8/int8 W8A8 checkpoints too (vLLM V1 log of
        // Llama-3.3-70B-Instruct-FP8-dynamic at TP2: 33.88 GiB per GPU = fp8 layers + bf16 tables, llm-d
        // config_explorer/empirical-vllm-memory-results.md), so never fewer than 2 bytes per element.
        double embBytes = model.embeddingParams() * Math.max(2.0, replica.activationDtype().bytes()) / tp;
        double embeddingTables = pp == 1 ? (model.tieWordEmbeddings() ? 1 : 2) : 1; // first stage: input, last: LM head
        double weights = layerParams * layerFraction * wBytes / tp + embeddingTables * embBytes;

        double kvPerTokenPerLayer;
        if (model.isMla()) {
            kvPerTokenPerLayer = (double) model.kvElementsPerTokenPerLayer() * replica.kvDtype().bytes();
        } else {
            kvPerTokenPerLayer = 2.0 * Math.max(1.0, (double) model.numKvHeads() / tp) * model.headDim() * replica.kvDtype().bytes();
        }
        double kvPerToken = kvPerTokenPerLayer * layersPerStage;

        double activation = sizing.activationsInBudget()
                ? Math.max(forwardPeakBytes(model, replica), samplerPeakBytes(model, replica, sizing)) : 0;
        double nonTorch = sizing.nonTorchBytes(tp) + (pp > 1 ? sizing.nonTorchFirstPeerBytes() : 0);
        double graphs = replica.batching().cudaGraphs() ? sizing.cudaGraphBytes() : 0;
        double reserve = nonTorch + (sizing.graphsInBudget() ? graphs : 0);

        double device = replica.gpu().cudaMemoryBytes();
        double usable = device * replica.batching().gpuMemoryUtilization();
        double kvPool = usable - weights - activation - reserve;
        int block = replica.batching().blockSizeTokens();
        long blocks = kvPool > 0 ? (long) Math.floor(kvPool / (kvPerToken * block)) : 0;
        return new MemoryPlan(model.name(), replica.label(), device, usable, weights, activation, reserve, kvPerToken,
                Math.max(0, kvPool), blocks * block, blocks, block, sizing.id(), sizing.graphsInBudget() ? 0 : graphs);
    }

    /**
     * Peak activations of the profiling forward pass: a max-size batch (max_num_batched_tokens, at least one token
     * per sequence) through one layer, the widest intermediates alive at once (residual stream, QKV, gate/up and
     * SiLU output).
     */
    static double forwardPeakBytes(ModelSpec model, ReplicaConfig replica) {
        int tp = replica.tp();
        int tokens = Math.max(replica.batching().maxBatchedTokens(), replica.batching().maxNumSeqs());
        double ffn = model.isMoe() ? model.expertsPerToken() * (double) model.moeIntermediateSize() : model.intermediateSize();
        double perToken = (4.0 * model.hiddenSize() + 3.0 * ffn / tp
                + (model.numAttentionHeads() + 2.0 * model.numKvHeads()) * model.headDim() / tp)
                * Math.max(2.0, replica.activationDtype().bytes()); // W8A8 keeps hidden states 16-bit
        return tokens * perToken;
    }

    /** Peak of the profiling sampler pass on the driver rank: max_num_seqs rows of full-vocabulary logits. */
    static double samplerPeakBytes(ModelSpec model, ReplicaConfig replica, KvCacheSizing sizing) {
        return (double) replica.batching().maxNumSeqs() * model.vocabSize() * sizing.samplerBytesPerLogit();
    }
}
