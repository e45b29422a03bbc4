package io.fleetwise.planner.search;

import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.DType;

import java.util.List;
import java.util.Objects;

/**
 * Which knobs the search varies. Tensor parallelism stays inside a node (powers of two up to the node's GPUs);
 * pipeline depths need not divide the layer count (stages then get uneven layer counts).
 *
 * @param pipelineDepths      PP degrees to try
 * @param weightDtypes        weight formats (bf16, fp8, int8, int4)
 * @param kvDtypes            KV-cache formats (bf16, fp8)
 * @param batching            scheduler settings to try (scheduler kind, max batch tokens / chunk size)
 * @param attentionDataParallel also try APEX's attention-DP + FFN-TP split wherever TP >= 2
 * @param disaggregation      also try prefill/decode pools (inside a node group, and one group per role)
 * @param maxReplicaCounts    also try fleets with fewer replicas than fit (COST/ENERGY objectives); else use all GPUs
 */
public record SearchSpace(List<Integer> pipelineDepths, List<DType> weightDtypes, List<DType> kvDtypes,
                          List<BatchingPolicy> batching, boolean attentionDataParallel, boolean disaggregation,
                          boolean maxReplicaCounts) {

    public SearchSpace {
        pipelineDepths = List.copyOf(pipelineDepths);
        weightDtypes = List.copyOf(weightDtypes);
        kvDtypes = List.copyOf(kvDtypes);
        batching = List.copyOf(batching);
        if (pipelineDepths.isEmpty() || weightDtypes.isEmpty() || kvDtypes.isEmpty() || batching.isEmpty()) {
            throw new IllegalArgumentException("SearchSpace: pipelineDepths, weightDtypes, kvDtypes and batching must each "
                    + "name at least one value");
        }
        for (int pp : pipelineDepths) {
            if (pp < 1) {
                throw new IllegalArgumentException("SearchSpace: pipeline depth must be >= 1, was " + pp);
            }
        }
        for (DType d : kvDtypes) {
            if (d == DType.INT4 || d == DType.INT8 || d == DType.FP32) {
                throw new IllegalArgumentException("SearchSpace: KV dtype must be bf16, fp16 or fp8, was " + d.label());
            }
        }
        for (DType d : weightDtypes) {
            if (d == DType.FP32) {
                throw new IllegalArgumentException("SearchSpace: weight dtype fp32 is not served; use bf16, fp8, int8 or int4");
            }
        }
        Objects.requireNonNull(batching.get(0), "batching");
    }

    /** Everything: PP 1-4 (3 is uneven for most models), four weight and two KV formats, vLLM and two Sarathi chunks. */
    public static SearchSpace full() {
        return new SearchSpace(List.of(1, 2, 3, 4), List.of(DType.BF16, DType.FP8, DType.INT8, DType.INT4),
                List.of(DType.BF16, DType.FP8),
                List.of(BatchingPolicy.vllmDefault(), BatchingPolicy.sarathi(512), BatchingPolicy.sarathi(2048)),
                true, true, true);
    }

    /** APEX's space: bf16 only, vLLM batching, TP/PP/attention-DP, no disaggregation. */
    public static SearchSpace apex() {
        return new SearchSpace(List.of(1, 2, 4, 8), List.of(DType.BF16), List.of(DType.BF16),
                List.of(BatchingPolicy.vllmDefault()), true, false, false);
    }

    public SearchSpace withWeightDtypes(List<DType> dtypes) {
        return new SearchSpace(pipelineDepths, dtypes, kvDtypes, batching, attentionDataParallel, disaggregation, maxReplicaCounts);
    }

    public SearchSpace withKvDtypes(List<DType> dtypes) {
        return new SearchSpace(pipelineDepths, weightDtypes, dtypes, batching, attentionDataParallel, disaggregation, maxReplicaCounts);
    }

    public SearchSpace withDisaggregation(boolean on) {
        return new SearchSpace(pipelineDepths, weightDtypes, kvDtypes, batching, attentionDataParallel, on, maxReplicaCounts);
    }
}
