package io.fleetwise.planner.perf;

/** Operator classes the iteration-time breakdown reports. */
public enum OperatorClass {
    QKV_GEMM, O_GEMM, FFN_GEMM, ATTENTION_PREFILL, ATTENTION_DECODE, NORM_ACTIVATION, EMBEDDING_LM_HEAD,
    TP_ALL_REDUCE, PP_SEND_RECV, MOE_ALL_TO_ALL, HOST_OVERHEAD
}
