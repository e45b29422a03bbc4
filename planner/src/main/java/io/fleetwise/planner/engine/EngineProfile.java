package io.fleetwise.planner.engine;

import io.fleetwise.planner.fingerprint.Fingerprint;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.ModelSpec;


/**
 * A named, versioned host-side model of a serving engine: the time the engine spends on the CPU that the GPU does
 * not hide. The kernel side (how fast a GPU runs a GEMM) is the {@link io.fleetwise.planner.perf.CalibrationProfile};
 * this is the other half of a prediction, and it depends on the engine and its version, not on the GPU.
 *
 * @param id                 stable identifier, e.g. {@code vllm-0.6}
 * @param versionLabel       what a user reads, e.g. {@code vLLM 0.6.0}
 * @param source             where the figures come from
 * @param hostIterationUs    host time per iteration not hidden behind the GPU (scheduler, input prep, sampling)
 * @param hostPerSequenceUs  additional host time per sequence in the batch
 * @param frontendRequestUs  per request, once, before its first iteration (API server, tokenization)
 */
public record EngineProfile(String id, String versionLabel, String source, double hostIterationUs,
                            double hostPerSequenceUs, double frontendRequestUs) {

    /** Identifier of {@link #vllm06()}. */
    public static final String VLLM_0_6 = "vllm-0.6";
    /** Identifier of {@link #kernelsOnly()}. */
    public static final String KERNELS_ONLY = "kernels-only";

    /**
     * vLLM 0.6.0 host time per iteration that the GPU does not hide (scheduling, building input tensors, sampling and
     * output processing in Python, TP worker broadcast). Tuned by grid search (VllmHostOverheadTuning) to the six
     * measured vLLM runs; the low-load lmsys TPOT pins it (docs/validation.md).
     */
    private static final double VLLM060_HOST_ITERATION_US = 3500.0;
    /** Additional vLLM 0.6.0 host time per running sequence; tuned to the creation cases' TPOT rise with load. */
    private static final double VLLM060_HOST_PER_SEQUENCE_US = 275.0;
    /**
     * API server, tokenization and the detokenized first chunk around a request, counted in the server's TTFT; tuned
     * to the measured TTFTs (VllmHostOverheadTuning), not measured directly.
     */
    private static final double VLLM060_FRONTEND_REQUEST_US = 7000.0;

    /** vLLM 0.6 enables chunked prefill by default above this max_model_len (vllm/engine/arg_utils.py, v0.6.0). */
    private static final int CHUNKED_PREFILL_ABOVE_CONTEXT = 32 * 1024;
    /** vLLM 0.6's max_num_batched_tokens when chunked prefill is on by default. */
    private static final int VLLM06_CHUNK_TOKENS = 512;

    public EngineProfile {
        requireText(id, "id");
        requireText(versionLabel, "versionLabel");
        source = source == null ? "" : source;
        if (!(hostIterationUs >= 0) || !(hostPerSequenceUs >= 0) || !(frontendRequestUs >= 0)) {
            throw new IllegalArgumentException("EngineProfile " + id + ": host times must be >= 0 us, were "
                    + hostIterationUs + ", " + hostPerSequenceUs + ", " + frontendRequestUs);
        }
    }

    /** vLLM 0.6.0 with the host costs tuned to the six real runs on 8x H100 (docs/validation.md). */
    public static EngineProfile vllm06() {
        return new EngineProfile(VLLM_0_6, "vLLM 0.6.0", "host overheads tuned by grid search (VllmHostOverheadTuning) "
                + "to the vLLM 0.6.0 TP8 Llama-3.1-70B runs on 8x H100 (docs/validation.md)",
                VLLM060_HOST_ITERATION_US, VLLM060_HOST_PER_SEQUENCE_US, VLLM060_FRONTEND_REQUEST_US);
    }

    /**
     * No serving engine: kernel time alone. For comparing a prediction with a run of the executor, which launches the
     * kernels of an iteration without a scheduler, sampler or API server around them.
     */
    public static EngineProfile kernelsOnly() {
        return new EngineProfile(KERNELS_ONLY, "kernels only (no serving engine)",
                "no host time: the executor runs an iteration's kernels without an engine around them", 0, 0, 0);
    }

    /**
     * The scheduler this engine runs {@code model} with when nobody sets one: vLLM 0.6 turns chunked prefill on by
     * default when the model's context (max_model_len, its max_position_embeddings) exceeds 32K tokens, with a
     * 512-token budget, and schedules whole prompts first otherwise (the six validation runs of Llama-3.1-70B,
     * context 131,072, ran chunked; docs/validation.md). Without an engine the kernels run vLLM's default shape.
     */
    public BatchingPolicy defaultBatching(ModelSpec model) {
        if (id.equals(VLLM_0_6) && model.maxPositionEmbeddings() > CHUNKED_PREFILL_ABOVE_CONTEXT) {
            return BatchingPolicy.sarathi(VLLM06_CHUNK_TOKENS);
        }
        return BatchingPolicy.vllmDefault();
    }

    /** The same engine with other host costs (for tuning and sensitivity studies). */
    public EngineProfile withHostCosts(double iterationUs, double perSequenceUs, double frontendUs) {
        return new EngineProfile(id, versionLabel, source, iterationUs, perSequenceUs, frontendUs);
    }

    /** A stable hash of every figure and name: two profiles with the same fingerprint predict the same. */
    public String fingerprint() {
        return Fingerprint.of("engine-profile").add("id", id).add("version", versionLabel)
                .add("hostIterationUs", hostIterationUs).add("hostPerSequenceUs", hostPerSequenceUs)
                .add("frontendRequestUs", frontendRequestUs).hex();
    }

    /** "vLLM 0.6.0 (vllm-0.6)". */
    public String describe() {
        return versionLabel + " (" + id + ")";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("EngineProfile " + name + " must not be blank");
        }
    }
}
