package io.fleetwise.profiler;

import io.fleetwise.planner.perf.OperatorClass;

import java.util.Optional;

/** Which operator class of the performance model's breakdown an executor operation belongs to. */
public final class OperatorClasses {
    private OperatorClasses() {
    }

    /** Empty for "iteration" (a whole-iteration record of the low-overhead timing mode). */
    public static Optional<OperatorClass> of(String op) {
        switch (op) {
            case "gemm_qkv":
                return Optional.of(OperatorClass.QKV_GEMM);
            case "gemm_o":
                return Optional.of(OperatorClass.O_GEMM);
            case "gemm_gate_up":
            case "gemm_down":
            case "gemm_router":
            case "gemm_experts_gate_up":
            case "gemm_experts_down":
            case "moe_topk":
            case "moe_align_host":
            case "moe_gather":
            case "moe_combine":
                return Optional.of(OperatorClass.FFN_GEMM);
            case "attn_prefill":
                return Optional.of(OperatorClass.ATTENTION_PREFILL);
            case "attn_decode":
                return Optional.of(OperatorClass.ATTENTION_DECODE);
            case "rmsnorm":
            case "rope":
            case "kv_append":
            case "silu_mul":
            case "residual_add":
                return Optional.of(OperatorClass.NORM_ACTIVATION);
            case "gather_last_tokens":
            case "gemm_lm_head":
                return Optional.of(OperatorClass.EMBEDDING_LM_HEAD);
            case "allreduce_attn":
            case "allreduce_ffn":
                return Optional.of(OperatorClass.TP_ALL_REDUCE);
            case "pp_send_recv":
                return Optional.of(OperatorClass.PP_SEND_RECV);
            case "alltoall_dispatch":
            case "alltoall_combine":
                return Optional.of(OperatorClass.MOE_ALL_TO_ALL);
            default:
                return Optional.empty();
        }
    }
}
