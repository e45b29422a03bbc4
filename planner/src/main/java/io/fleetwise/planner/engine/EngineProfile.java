package io.fleetwise.planner.engine;

import io.fleetwise.planner.fingerprint.Fingerprint;

import java.util.Map;
import java.util.Objects;

/**
 * A named, versioned model of a serving engine: what it does around the GPU's kernels. The kernel side (how fast a
 * GPU runs a GEMM) is the {@link io.fleetwise.planner.perf.CalibrationProfile}; this is the other half of a
 * prediction, and it depends on the engine and its version, not on the GPU:
 * <ul>
 *   <li>{@link HostCosts}: the CPU time per step, per sequence, per sampled token and per request, and which of it
 *   the GPU hides;</li>
 *   <li>{@link EngineDefaults}: the batching the engine picks on each GPU when no flag says otherwise, and how far
 *   its CUDA graphs reach;</li>
 *   <li>{@link EngineKernels}: how its attention (paged, chunked, fp8-KV backends) and GEMMs compare with the dense
 *   kernels the GPU calibration measured.</li>
 * </ul>
 * The built-in profiles are in {@link EngineProfiles}; every figure there names its source.
 *
 * @param id           stable identifier, e.g. {@code vllm-0.6}
 * @param versionLabel what a user reads, e.g. {@code vLLM 0.6.x (V0 engine)}
 * @param source       where the figures come from
 */
public record EngineProfile(String id, String versionLabel, String source, HostCosts host, EngineDefaults defaults,
                            EngineKernels kernels) {

    /** Identifier of {@link EngineProfiles#vllm06()}. */
    public static final String VLLM_0_6 = "vllm-0.6";
    /** Identifier of {@link EngineProfiles#vllmV1()}. */
    public static final String VLLM_V1 = "vllm-v1";
    /** Identifier of {@link EngineProfiles#sglang()}. */
    public static final String SGLANG = "sglang";
    /** Identifier of {@link #kernelsOnly()}. */
    public static final String KERNELS_ONLY = "kernels-only";

    public EngineProfile {
        requireText(id, "id");
        requireText(versionLabel, "versionLabel");
        source = source == null ? "" : source;
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(kernels, "kernels");
    }

    /** vLLM 0.6.x (V0 engine): see {@link EngineProfiles#vllm06()}. */
    public static EngineProfile vllm06() {
        return EngineProfiles.vllm06();
    }

    /** vLLM V1 (0.8 and later), the current mainstream engine: see {@link EngineProfiles#vllmV1()}. */
    public static EngineProfile vllmV1() {
        return EngineProfiles.vllmV1();
    }

    /** SGLang (0.4 and later): see {@link EngineProfiles#sglang()}. */
    public static EngineProfile sglang() {
        return EngineProfiles.sglang();
    }

    /**
     * No serving engine: kernel time alone. For comparing a prediction with a run of the executor, which launches the
     * kernels of an iteration without a scheduler, sampler or API server around them (and for roofline checks).
     */
    public static EngineProfile kernelsOnly() {
        return new EngineProfile(KERNELS_ONLY, "kernels only (no serving engine)",
                "no host time: the executor runs an iteration's kernels without an engine around them", HostCosts.NONE,
                EngineProfiles.vllm06().defaults(), EngineKernels.DENSE);
    }

    /** The same engine with other host costs (for tuning, fitting and sensitivity studies). */
    public EngineProfile withHost(HostCosts newHost) {
        return new EngineProfile(id, versionLabel, source, newHost, defaults, kernels);
    }

    /**
     * The same engine with the three host costs a fit from light serving runs can tell apart: fixed time per step,
     * time per scheduled sequence, API-server time per request (the rest of {@link #host()} kept).
     */
    public EngineProfile withHostCosts(double iterationUs, double perSequenceUs, double frontendRequestUs) {
        return withHost(host.with(Map.of("iterationUs", iterationUs, "perScheduledSequenceUs", perSequenceUs,
                "apiPerRequestUs", frontendRequestUs)));
    }

    /** Fixed host time per engine step, us ({@code host().iterationUs()}). */
    public double hostIterationUs() {
        return host.iterationUs();
    }

    /** Host time per scheduled sequence per step, us ({@code host().perScheduledSequenceUs()}). */
    public double hostPerSequenceUs() {
        return host.perScheduledSequenceUs();
    }

    /** API-server time per request before the engine sees it, us ({@code host().apiPerRequestUs()}). */
    public double frontendRequestUs() {
        return host.apiPerRequestUs();
    }

    public EngineProfile withDefaults(EngineDefaults newDefaults) {
        return new EngineProfile(id, versionLabel, source, host, newDefaults, kernels);
    }

    public EngineProfile withKernels(EngineKernels newKernels) {
        return new EngineProfile(id, versionLabel, source, host, defaults, newKernels);
    }

    /** This profile under another version label and source (a fitted or edited copy of a built-in one). */
    public EngineProfile relabeled(String newVersionLabel, String newSource) {
        return new EngineProfile(id, newVersionLabel, newSource, host, defaults, kernels);
    }

    /** A stable hash of every figure and name: two profiles with the same fingerprint predict the same. */
    public String fingerprint() {
        Fingerprint f = Fingerprint.of("engine-profile").add("id", id).add("version", versionLabel)
                .add("host.iterationUs", host.iterationUs()).add("host.perTpWorkerUs", host.perTpWorkerUs())
                .add("host.perScheduledSequenceUs", host.perScheduledSequenceUs())
                .add("host.perSampledTokenUs", host.perSampledTokenUs())
                .add("host.apiPerOutputTokenUs", host.apiPerOutputTokenUs())
                .add("host.apiPerRequestUs", host.apiPerRequestUs()).add("host.apiPerPromptTokenUs", host.apiPerPromptTokenUs())
                .add("host.overlap", (host.schedulingOverlapped() ? "S" : "s") + (host.outputProcessingOverlapped() ? "O" : "o")
                        + (host.apiInEngineProcess() ? "A" : "a"))
                .add("defaults.chunkedPrefill", defaults.chunkedPrefill().name())
                .add("defaults.longContextTokens", defaults.longContextTokens())
                .add("defaults.blockSizeTokens", defaults.blockSizeTokens())
                .add("defaults.gpuMemoryUtilization", defaults.gpuMemoryUtilization())
                .add("defaults.prefixCaching", defaults.prefixCaching() ? "on" : "off")
                .add("defaults.cudaGraphMaxBatch", defaults.cudaGraphMaxBatch())
                .add("defaults.graphsCoverMixedBatches", defaults.graphsCoverMixedBatches() ? "yes" : "no")
                .add("defaults.schedulerSteps", defaults.schedulerSteps())
                .add("kernels", new double[] {kernels.gemmComputeScale(), kernels.prefillAttnScale(), kernels.decodeAttnScale(),
                        kernels.fp8KvPrefillAttnScale(), kernels.fp8KvDecodeAttnScale()});
        for (EngineDefaults.Budget b : defaults.budgets()) {
            f.add("defaults.budget", b.minMemoryGb() + "/" + b.excludedNamePrefix() + "/" + b.maxBatchedTokens() + "/"
                    + b.maxNumSeqs());
        }
        return f.hex();
    }

    /** "vLLM 0.6.x (V0 engine) (vllm-0.6)". */
    public String describe() {
        return versionLabel + " (" + id + ")";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("EngineProfile " + name + " must not be blank");
        }
    }
}
