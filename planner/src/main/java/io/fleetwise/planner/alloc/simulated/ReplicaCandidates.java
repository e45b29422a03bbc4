package io.fleetwise.planner.alloc.simulated;

import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.MemoryModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Replica configs worth offering the allocator for a model: per GPU type, the smallest tensor-parallel
 * sizes (powers of two up to the node) that hold the model with a KV pool that can serve
 * ({@value #MIN_SERVING_KV_TOKENS} tokens or more), and pipeline stages across nodes when a whole node is not
 * enough (so 70B and 405B models get candidates too).
 */
public final class ReplicaCandidates {

    private static final int MAX_PIPELINE_STAGES = 8;

    /**
     * Least KV pool, in tokens per replica, of a size worth offering. Sized as engines size memory, a model can fit
     * with almost no KV left (Llama-3.1-70B bf16 on two H100s at 0.90: about 4,900 tokens, a handful of chat
     * requests and not one 8k prompt), which serves a fraction of a request per second; the next size up serves
     * orders of magnitude more per GPU. 16,384 tokens are two prefill chunks of vLLM's default 8,192-token budget.
     */
    public static final int MIN_SERVING_KV_TOKENS = 16_384;

    private ReplicaCandidates() {
    }

    /**
     * @param perType how many fitting sizes to keep per GPU type (1 = the smallest only; 2 also offers
     *                the next size, which trades GPUs for latency)
     * @return fitting configs, GPU types in the given order, smallest first; a GPU type that cannot hold
     *         the model even with {@value #MAX_PIPELINE_STAGES} pipelined nodes has none
     */
    public static List<ReplicaConfig> fitting(ModelSpec model, List<GpuType> gpus, int perType) {
        if (perType < 1) {
            throw new IllegalArgumentException("perType must be >= 1, was " + perType);
        }
        List<ReplicaConfig> out = new ArrayList<>();
        for (GpuType gpu : gpus) {
            ReplicaConfig base = ReplicaConfig.of(gpu, 1);
            int nodeGpus = base.node().gpuCount();
            int kept = 0;
            for (int tp = 1; tp <= nodeGpus && kept < perType; tp *= 2) {
                ReplicaConfig rc = base.withParallelism(tp, 1, 1);
                if (MemoryModel.plan(model, rc).holds(MIN_SERVING_KV_TOKENS)) {
                    out.add(rc);
                    kept++;
                }
            }
            for (int pp = 2; pp <= MAX_PIPELINE_STAGES && kept < perType; pp *= 2) {
                ReplicaConfig rc = base.withParallelism(nodeGpus, pp, 1);
                if (MemoryModel.plan(model, rc).holds(MIN_SERVING_KV_TOKENS)) {
                    out.add(rc);
                    kept++;
                }
            }
        }
        return out;
    }
}
