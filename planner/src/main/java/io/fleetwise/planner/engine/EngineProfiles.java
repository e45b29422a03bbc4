package io.fleetwise.planner.engine;

import io.fleetwise.planner.engine.EngineDefaults.Budget;
import io.fleetwise.planner.engine.EngineDefaults.ChunkedPrefill;

import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * The engines Fleetwise knows, each with its defaults read from the engine's own code and its host costs fitted to
 * published runs (docs/validation.md says which runs; {@code EngineTuning} in planner's tests reproduces the fit,
 * which reads only the training points of the high-load set and, for vLLM 0.6, the six light-load runs).
 */
public final class EngineProfiles {
    /** The engine a planner request uses unless told otherwise: the current mainstream one. */
    public static final String DEFAULT_ID = EngineProfile.VLLM_V1;

    private EngineProfiles() {
    }

    /**
     * vLLM 0.6.x, the V0 engine (0.5 to 0.7 behave alike).
     * <ul>
     *   <li>Defaults (vllm/engine/arg_utils.py and vllm/config.py of 0.6.0): max_num_seqs 256; chunked prefill only
     *   when max_model_len exceeds 32K, then with a 512-token budget, else a budget of max(max_model_len, 2048);
     *   block size 16; gpu_memory_utilization 0.90; prefix caching off; CUDA graphs for decode batches up to 256
     *   (the largest capture size); one scheduling per step (multi-step is the opt-in
     *   {@code --num-scheduler-steps}).</li>
     *   <li>Host: the scheduler, input preparation and TP broadcast run before each step (not overlapped); the async
     *   output processor (vLLM PR 7049, 0.6.0) overlaps output processing with the next step; the API server runs in
     *   its own process (frontend multiprocessing, 0.6.0) unless {@code --disable-frontend-multiprocessing}. The
     *   vLLM 0.6.0 performance post (blog.vllm.ai, 2024-09-05) puts the API server at 33 % and scheduling at 29 % of
     *   the time for Llama 3 8B on one H100 in 0.5.3. Fitted: per-step, per-TP-worker, per-token and per-request
     *   costs to the six light-load runs (8x H100, in-process API server) and the training points; the per-sequence
     *   scheduling cost is held at 80 us (assumed: the six runs cannot tell it from the in-process API server's
     *   per-token work).</li>
     *   <li>Kernels: FlashAttention-2 for bf16 KV; an fp8 KV cache makes vLLM fall back to XFormers for prefill and
     *   its PagedAttention kernels for decode (vllm/attention/selector.py, "Cannot use FlashAttention-2 backend for FP8
     *   KV cache"): 0.6x and 0.75x the dense kernels' efficiency, assumed (not measured here).</li>
     * </ul>
     */
    public static EngineProfile vllm06() {
        return new EngineProfile(EngineProfile.VLLM_0_6, "vLLM 0.6.x (V0 engine)",
                "defaults: vLLM 0.6.0 arg_utils/config; host costs fitted (EngineTuning) to the six vLLM 0.6.0 runs on 8x H100 "
                        + "and the vLLM 0.6.0 training points of the high-load set (docs/validation.md)",
                new HostCosts(2464, 161, 80, 60, 172, 7426, 1, false, true, false),
                new EngineDefaults(ChunkedPrefill.LONG_CONTEXT, 32768, List.of(new Budget(0, "", 512, 256)), 16, 0.90,
                        false, 256, false, 1),
                new EngineKernels(1.0, 1.0, 1.0, 0.6, 0.75));
    }

    /**
     * vLLM V1 (0.8 and later; 0.9-0.11 in the validation data).
     * <ul>
     *   <li>Defaults: chunked prefill always and prefix caching on (vllm/engine/arg_utils.py
     *   {@code _set_default_args_v1}); for the OpenAI server 8192 batched tokens and 1024 sequences on GPUs with at
     *   least 70 GiB except A100s, else 2048 and 256 ({@code EngineArgs.get_batch_defaults}; the A100 exclusion is
     *   vLLM PR 17885); block size 16; gpu_memory_utilization 0.90; piecewise CUDA graphs up to 512 tokens, which
     *   cover batches with prompt tokens too (attention runs outside the graph).</li>
     *   <li>Host: the EngineCore schedules each step before launching it (async scheduling, vLLM PR 19970, is an
     *   opt-in flag); detokenization and streaming run in the API-server process (AsyncLLM), beside the engine.
     *   Fitted to the vLLM 0.9.2 and 0.11.0 training points (1x H100).</li>
     *   <li>Kernels: GEMMs as the reference sweep (cuBLAS through PyTorch, like every engine here); attention
     *   (FlashAttention 3 on Hopper, FlashInfer) fitted at 1.47x the dense SDPA sweep's efficiency. The labs' machines
     *   ran compute-bound work slower than the reference H100; that is the validation testbeds' calibration, not the
     *   engine's (docs/validation.md).</li>
     * </ul>
     */
    public static EngineProfile vllmV1() {
        return new EngineProfile(EngineProfile.VLLM_V1, "vLLM V1 (0.8 and later)",
                "defaults: vLLM arg_utils (get_batch_defaults, _set_default_args_v1); host costs and kernel factors fitted "
                        + "(EngineTuning) to the vLLM 0.9.2 / 0.11.0 training points of the high-load set (docs/validation.md)",
                new HostCosts(674, 100, 0, 0, 70, 6760, 1, false, true, false),
                new EngineDefaults(ChunkedPrefill.ALWAYS, 0,
                        List.of(new Budget(0, "", 2048, 256), new Budget(70, "A100", 8192, 1024)), 16, 0.90, true, 512, true, 1),
                new EngineKernels(1.0, 1.47, 1.47, 1.0, 1.0));
    }

    /**
     * SGLang (0.4 and later; 0.5.3-0.5.5 and 0.3.0 in the validation data).
     * <ul>
     *   <li>Defaults (python/sglang/srt/server_args.py): chunked_prefill_size 2048 below 35 GB of GPU memory, 8192 up
     *   to 160 GB, 16384 above; max running requests bounded by the KV pool (4096 as the cap here); page size 1;
     *   mem_fraction_static ~0.88 for one 80 GB GPU; radix (prefix) cache on; decode-only CUDA graphs up to
     *   cuda_graph_max_bs (256 below TP4 on 80-160 GB GPUs).</li>
     *   <li>Host: the overlap scheduler (default since 0.4) prepares the next batch while the GPU runs this one; the
     *   detokenizer and tokenizer manager are separate processes. Fitted to the SGLang training points.</li>
     * </ul>
     */
    public static EngineProfile sglang() {
        return new EngineProfile(EngineProfile.SGLANG, "SGLang (0.4 and later)",
                "defaults: sglang server_args.py; host costs and kernel factors fitted (EngineTuning) to the SGLang "
                        + "training points of the high-load set (docs/validation.md)",
                new HostCosts(6, 50, 0.28, 99, 20, 4410, 0.5, true, true, false),
                new EngineDefaults(ChunkedPrefill.ALWAYS, 0, List.of(new Budget(0, "", 2048, 4096),
                        new Budget(35, "", 8192, 4096), new Budget(160, "", 16384, 4096)), 1, 0.88, true, 256, false, 1),
                new EngineKernels(1.0, 1.47, 1.22, 1.0, 1.0));
    }

    /** Every built-in engine profile, default first. */
    public static List<EngineProfile> all() {
        return List.of(vllmV1(), vllm06(), sglang(), EngineProfile.kernelsOnly());
    }

    /**
     * The engines that serve requests, default first: what runs can be measured on and fitted to (kernels-only is a
     * device for comparing kernel time, with no host to fit).
     */
    public static List<EngineProfile> servingEngines() {
        return List.of(vllmV1(), vllm06(), sglang());
    }

    /** The serving engine named {@code id}; the message lists them (and says why kernels-only is not one). */
    public static EngineProfile servingEngine(String id) {
        EngineProfile p = byId(id);
        if (servingEngines().stream().noneMatch(e -> e.id().equals(p.id()))) {
            throw new NoSuchElementException("'" + id + "' models no serving engine's host (kernel time only), so runs "
                    + "cannot be fitted to it. Serving engines: "
                    + servingEngines().stream().map(EngineProfile::id).collect(Collectors.joining(", ")) + ".");
        }
        return p;
    }

    /** The default engine ({@value #DEFAULT_ID}). */
    public static EngineProfile defaultProfile() {
        return byId(DEFAULT_ID);
    }

    /** The built-in profile named {@code id} (case-insensitive); the message lists the known ones. */
    public static EngineProfile byId(String id) {
        String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return all().stream().filter(p -> p.id().equals(key)).findFirst().orElseThrow(() -> new NoSuchElementException(
                "Unknown engine '" + id + "'. Known engines: " + ids() + "."));
    }

    /** "vllm-v1, vllm-0.6, sglang, kernels-only". */
    public static String ids() {
        return all().stream().map(EngineProfile::id).collect(Collectors.joining(", "));
    }
}
