package io.fleetwise.planner.perf;

import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * How a serving engine decides its KV pool: what its profiling run counts besides the weights. vLLM (every version
 * since 0.4) runs a forward pass of max_num_batched_tokens tokens over max_num_seqs sequences plus a sampler pass,
 * then gives the KV cache {@code total_gpu_memory x gpu_memory_utilization - weights - peak activations -
 * non-torch memory} and logs it as "# GPU blocks" (V0) or "GPU KV cache size: N tokens" (V1); the number of blocks is
 * the minimum over the TP ranks, so the driver rank, which alone samples, sets it.
 *
 * <p>The constants are read off vLLM's own memory-profiling log lines (GiB = 2^30 bytes):
 * <ul>
 *   <li>{@link #VLLM_V0}: vLLM 0.6.x (V0 engine), github.com/vllm-project/vllm/pull/10511 (Meta-Llama-3-8B on
 *       H100 80GB, gpu_memory_utilization 0.90): non_torch_memory 1.79 GiB at TP1 and 3.58 GiB at TP2 (CUDA context,
 *       cuBLAS workspaces, NCCL and custom all-reduce buffers); PyTorch activation peak 1.26 GiB at TP1 and TP2 alike
 *       (256 sequences, 8192 batched tokens). A TP-independent 1.26 GiB is the sampler, not the forward pass (whose
 *       intermediates halve with TP): 256 rows x 128,256 vocab x 41.2 bytes (fp32 logits, probabilities, log-probs and
 *       the sort of the top-p/top-k pass). Wider TP groups: github.com/vllm-project/vllm/issues/10702 (Llama-3.1-70B,
 *       TP8, 0.6.4) logs non_torch 5.21-5.68 GiB per rank, i.e. about 0.28 GiB per peer beyond two. CUDA graphs are
 *       captured after the KV pool is allocated, so they are not subtracted (they take memory above the budget).</li>
 *   <li>{@link #VLLM_V1}: vLLM 0.7.1 and later (the V1 engine since 0.8): the profiler counts only memory allocated
 *       after its baseline, so non-torch memory is small: 0.16 GiB at TP1 (github.com/vllm-project/vllm/pull/12126,
 *       H100), 0.25 GiB at TP2 (github.com/vllm-project/vllm/issues/13061). The sampler pass is assumed to cost what
 *       V0's does (not separately logged).</li>
 * </ul>
 *
 * @param nonTorchBytes             non-torch memory of one rank of an unsharded (TP1) replica
 * @param nonTorchFirstPeerBytes    added when the rank has at least one TP peer (NCCL communicator, all-reduce buffers)
 * @param nonTorchPerExtraPeerBytes added per TP peer beyond the first
 * @param samplerBytesPerLogit      the sampler pass's peak per (sequence x vocab entry), on the driver rank
 * @param cudaGraphBytes            memory CUDA graph capture takes per rank (reported; subtracted only if {@code
 *                                  graphsInBudget})
 * @param graphsInBudget            whether the engine sizes the KV pool after accounting for captured graphs
 * @param activationsInBudget       whether the engine's memory share also holds the profiling run's activation peak
 *                                  (vLLM: gpu_memory_utilization bounds everything; SGLang: mem_fraction_static bounds
 *                                  weights and KV pool only, activations live in the rest)
 */
public record KvCacheSizing(String id, String engine, double nonTorchBytes, double nonTorchFirstPeerBytes,
                            double nonTorchPerExtraPeerBytes, double samplerBytesPerLogit, double cudaGraphBytes,
                            boolean graphsInBudget, boolean activationsInBudget, String source) {

    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    /**
     * Memory of vLLM's captured CUDA graphs per rank, an order of magnitude from logs ("CUDAGraph 0.41 GiB",
     * github.com/Tanguille/cluster/pull/4670; 0.62 GiB in a vLLM 0.7 log on L40S): reported, not subtracted.
     */
    static final double CUDA_GRAPH_BYTES = 0.5 * GIB;

    /** Sampler peak read off PR 10511's log: 1.26 GiB over 256 x 128,256 logits. */
    static final double V0_SAMPLER_BYTES_PER_LOGIT = 1.26 * GIB / (256.0 * 128256.0);

    public static final KvCacheSizing VLLM_V0 = new KvCacheSizing("vllm-v0", "vLLM 0.6.x (V0 engine)",
            1.79 * GIB, 1.79 * GIB, 0.28 * GIB, V0_SAMPLER_BYTES_PER_LOGIT, CUDA_GRAPH_BYTES, false, true,
            "vLLM PR 10511 and issue 10702 memory-profiling logs (H100, H200)");

    public static final KvCacheSizing VLLM_V1 = new KvCacheSizing("vllm-v1", "vLLM >= 0.8 (V1 engine)",
            0.16 * GIB, 0.09 * GIB, 0.02 * GIB, V0_SAMPLER_BYTES_PER_LOGIT, CUDA_GRAPH_BYTES, false, true,
            "vLLM PR 12126 and issue 13061 memory-profiling logs; sampler as V0 (assumed)");

    /**
     * SGLang (python/sglang/srt/model_executor/model_runner.py {@code profile_max_num_token}): the KV pool is the
     * memory free after the weights load less {@code total x (1 - mem_fraction_static)}, i.e.
     * {@code total x mem_fraction_static - weights - what the process already holds} (CUDA context, NCCL; 0.5 GiB
     * assumed); activations and CUDA graphs use the memory outside the fraction, so they are not subtracted.
     */
    public static final KvCacheSizing SGLANG = new KvCacheSizing("sglang", "SGLang (0.4 and later)",
            0.5 * GIB, 0.25 * GIB, 0.02 * GIB, 0, CUDA_GRAPH_BYTES, false, false,
            "sglang model_runner.py profile_max_num_token (mem_fraction_static covers weights and KV pool); "
                    + "CUDA context and NCCL assumed 0.5 GiB");

    public KvCacheSizing {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(source, "source");
        for (double v : new double[] {nonTorchBytes, nonTorchFirstPeerBytes, nonTorchPerExtraPeerBytes,
                samplerBytesPerLogit, cudaGraphBytes}) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("KvCacheSizing " + id + ": byte figures must be finite and >= 0, got " + v);
            }
        }
    }

    public static List<KvCacheSizing> all() {
        return List.of(VLLM_V0, VLLM_V1, SGLANG);
    }

    /** The sizing named {@code id} ({@code vllm-v0}, {@code vllm-v1}). */
    public static KvCacheSizing byId(String id) {
        String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return all().stream().filter(s -> s.id.equals(key)).findFirst().orElseThrow(() -> new NoSuchElementException(
                "Unknown KV cache sizing '" + id + "'. Known: vllm-v0, vllm-v1, sglang."));
    }

    /** How {@code engine} sizes its KV pool: vLLM 0.6 as V0, vLLM V1, SGLang; any other as {@link MemoryModel#DEFAULT_SIZING}. */
    public static KvCacheSizing forEngine(io.fleetwise.planner.engine.EngineProfile engine) {
        switch (engine.id()) {
            case io.fleetwise.planner.engine.EngineProfile.VLLM_0_6: return VLLM_V0;
            case io.fleetwise.planner.engine.EngineProfile.VLLM_V1: return VLLM_V1;
            case io.fleetwise.planner.engine.EngineProfile.SGLANG: return SGLANG;
            default: return MemoryModel.DEFAULT_SIZING;
        }
    }

    /** Non-torch memory of one rank of a TP group of {@code tp} GPUs. */
    public double nonTorchBytes(int tp) {
        if (tp <= 1) {
            return nonTorchBytes;
        }
        return nonTorchBytes + nonTorchFirstPeerBytes + nonTorchPerExtraPeerBytes * (tp - 2);
    }
}
