package io.fleetwise.planner.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time a serving engine spends around the GPU's work, split by what it scales with and by whether the GPU hides
 * it. One engine step takes {@code serial + max(gpu, overlapped engine work, API-server work)}:
 * <ul>
 *   <li>scheduling ({@code iterationUs + perTpWorkerUs (tp - 1) + perScheduledSequenceUs * sequences}) runs before the
 *   step's kernels unless the engine schedules the next batch while the GPU runs this one
 *   ({@code schedulingOverlapped}, SGLang's overlap scheduler); with multi-step scheduling it happens once per N steps;</li>
 *   <li>output processing in the engine ({@code perSampledTokenUs} per new token: stop checks, detokenization,
 *   request outputs) runs after the step unless it overlaps the next one ({@code outputProcessingOverlapped}, vLLM
 *   0.6's async output processor; V1 and SGLang do it in other processes);</li>
 *   <li>the API server ({@code apiPerOutputTokenUs} per streamed token) runs in its own process, in parallel with the
 *   engine, and only limits the step when it cannot keep up; unless {@code apiInEngineProcess} (vLLM
 *   {@code --disable-frontend-multiprocessing}), when it shares the engine's Python thread and is serial;</li>
 *   <li>each request first passes the API server ({@code apiPerRequestUs + apiPerPromptTokenUs * prompt}: HTTP,
 *   chat template, tokenization), one request after another: at a high arrival rate requests queue there.</li>
 * </ul>
 * All times are microseconds of host time on the engine's reference server CPU.
 *
 * @param iterationUs                fixed scheduler + input preparation + launch time per engine step
 * @param perTpWorkerUs              per step, for each tensor-parallel worker beyond the first (broadcast of the
 *                                   step's metadata, gathering results)
 * @param perScheduledSequenceUs     per sequence in the step's batch (scheduling, block tables, input tensors, sampler
 *                                   bookkeeping)
 * @param perSampledTokenUs          engine-side output processing per sampled token
 * @param apiPerOutputTokenUs        API server per streamed token (detokenize, serialize, write the chunk)
 * @param apiPerRequestUs            API server per request before it reaches the engine
 * @param apiPerPromptTokenUs        API server per prompt token (tokenization)
 * @param schedulingOverlapped       scheduling of the next step overlaps this step's GPU work
 * @param outputProcessingOverlapped engine output processing overlaps the next step's GPU work
 * @param apiInEngineProcess         the API server shares the engine's process (its per-token work is serial)
 */
public record HostCosts(double iterationUs, double perTpWorkerUs, double perScheduledSequenceUs, double perSampledTokenUs,
                        double apiPerOutputTokenUs, double apiPerRequestUs, double apiPerPromptTokenUs,
                        boolean schedulingOverlapped, boolean outputProcessingOverlapped, boolean apiInEngineProcess) {

    /** No host time at all: kernel time alone (for comparing with the executor, and for roofline checks). */
    public static final HostCosts NONE = new HostCosts(0, 0, 0, 0, 0, 0, 0, false, false, false);

    public HostCosts {
        double[] values = {iterationUs, perTpWorkerUs, perScheduledSequenceUs, perSampledTokenUs, apiPerOutputTokenUs,
                apiPerRequestUs, apiPerPromptTokenUs};
        String[] names = {"iterationUs", "perTpWorkerUs", "perScheduledSequenceUs", "perSampledTokenUs",
                "apiPerOutputTokenUs", "apiPerRequestUs", "apiPerPromptTokenUs"};
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0) || Double.isInfinite(values[i])) {
                throw new IllegalArgumentException("HostCosts." + names[i] + " must be a finite time >= 0 us, was " + values[i]);
            }
        }
    }

    /** Scheduling work of one step of {@code sequences} sequences on {@code tp} GPUs, us. */
    public double schedulingUs(int sequences, int tp) {
        return iterationUs + perTpWorkerUs * Math.max(0, tp - 1) + perScheduledSequenceUs * sequences;
    }

    /**
     * Host time of one engine step that the GPU does not hide, us: the step takes
     * {@code serialUs + max(gpu, overlappedUs)}.
     *
     * @param sequences      sequences in the batch
     * @param sampled        tokens the step samples (one per sequence that completes its prompt or decodes)
     * @param tp             tensor-parallel degree
     * @param schedulerSteps steps one scheduling serves (multi-step scheduling), >= 1
     */
    public double serialUs(int sequences, int sampled, int tp, int schedulerSteps) {
        double serial = schedulingOverlapped ? 0 : schedulingUs(sequences, tp) / schedulerSteps;
        if (!outputProcessingOverlapped) {
            serial += perSampledTokenUs * sampled;
        }
        if (apiInEngineProcess) {
            serial += apiPerOutputTokenUs * sampled;
        }
        return serial;
    }

    /** Host work running beside the GPU during a step (engine or API process), us; the step lasts at least this long. */
    public double overlappedUs(int sequences, int sampled, int tp, int schedulerSteps) {
        double engine = (schedulingOverlapped ? schedulingUs(sequences, tp) / schedulerSteps : 0)
                + (outputProcessingOverlapped ? perSampledTokenUs * sampled : 0);
        double api = apiInEngineProcess ? 0 : apiPerOutputTokenUs * sampled;
        return Math.max(engine, api);
    }

    /** API-server time a request of {@code promptTokens} spends before the engine sees it, us (without queueing). */
    public double requestUs(int promptTokens) {
        return apiPerRequestUs + apiPerPromptTokenUs * promptTokens;
    }

    /** The names of the numeric costs, in component order: what {@link #parameters()} and {@link #with(Map)} use. */
    public static final List<String> PARAMETER_NAMES = List.of("iterationUs", "perTpWorkerUs", "perScheduledSequenceUs",
            "perSampledTokenUs", "apiPerOutputTokenUs", "apiPerRequestUs", "apiPerPromptTokenUs");

    /** Every numeric cost by its component name (for fits from measured runs and for storing them). */
    public Map<String, Double> parameters() {
        double[] v = {iterationUs, perTpWorkerUs, perScheduledSequenceUs, perSampledTokenUs, apiPerOutputTokenUs,
                apiPerRequestUs, apiPerPromptTokenUs};
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            m.put(PARAMETER_NAMES.get(i), v[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * These costs with the named ones replaced (the rest, and the overlap flags, kept). A name that is not one of
     * {@link #PARAMETER_NAMES} is an error, so a stored fit never silently predicts differently.
     */
    public HostCosts with(Map<String, Double> values) {
        Map<String, Double> m = new LinkedHashMap<>(parameters());
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                throw new IllegalArgumentException("HostCosts has no parameter '" + e.getKey() + "' (has "
                        + PARAMETER_NAMES + ")");
            }
            m.put(e.getKey(), e.getValue());
        }
        return new HostCosts(m.get("iterationUs"), m.get("perTpWorkerUs"), m.get("perScheduledSequenceUs"),
                m.get("perSampledTokenUs"), m.get("apiPerOutputTokenUs"), m.get("apiPerRequestUs"),
                m.get("apiPerPromptTokenUs"), schedulingOverlapped, outputProcessingOverlapped, apiInEngineProcess);
    }

    public HostCosts withApiInEngineProcess(boolean inEngine) {
        return new HostCosts(iterationUs, perTpWorkerUs, perScheduledSequenceUs, perSampledTokenUs, apiPerOutputTokenUs,
                apiPerRequestUs, apiPerPromptTokenUs, schedulingOverlapped, outputProcessingOverlapped, inEngine);
    }
}
