package io.fleetwise.reports;

import io.fleetwise.planner.engine.EngineDefaults;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.HostCosts;
import io.fleetwise.planner.perf.KvCacheSizing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The modelling assumptions a report states, from docs/perf-model.md (where each has its source). The engine's lines
 * are written from the engine profile the report's figures were computed with, so they cannot contradict the
 * "Inputs of this report" line (a fixed text once described vLLM 0.6's host model under a vLLM V1 answer).
 */
final class Assumptions {

    private Assumptions() {
    }

    /** What a report computed with {@code engine} assumes. */
    static List<String> of(EngineProfile engine) {
        List<String> out = new ArrayList<>();
        out.add("Iteration times come from Fleetwise's performance model: per-layer roofline blend of compute and "
                + "memory time with efficiency curves fitted to an H100 SXM kernel sweep (PyTorch 2.11, cuBLAS/SDPA; "
                + "bf16 and fp8); other GPUs use the same fractions of their datasheet peaks until a calibration "
                + "profile is fitted.");
        out.add("Serving engine: " + engine.describe() + ". " + host(engine.host()) + " Source: " + engine.source()
                + ".");
        out.add(batching(engine.defaults()));
        KvCacheSizing sizing = KvCacheSizing.forEngine(engine);
        out.add(String.format(Locale.ROOT, "Memory as the engine sizes it (%s): device memory as CUDA reports it "
                        + "(an \"80 GB\" H100 is 79.2 GiB) x gpu-memory-utilization %.2f, less weights, the profiling "
                        + "run's activation peak and non-torch memory; KV cache in blocks of %d tokens.", sizing.id(),
                engine.defaults().gpuMemoryUtilization(), engine.defaults().blockSizeTokens()));
        out.add("Kernel floor 2.5 us for kernels replayed from CUDA graphs (assumed), 16 us when launched eagerly.");
        out.add("Interconnect: NVLink per direction = half the catalog's bidirectional figure, 3 us per step; "
                + "InfiniBand NDR 50 GB/s, 5 us; collective bus efficiency 0.80 (nccl-tests on DGX H100); "
                + "tensor-parallel collectives run on the compute stream.");
        out.add("Power: idle power 15 % of TDP (assumed; about 10 % measured in deep idle on H100 SXM).");
        out.add("Pipeline stages are taken as balanced; stage imbalance is not modelled.");
        out.add("Prices are $ per GPU-hour from the price book, by the rule named with each GPU below; the allocator "
                + "minimises the sum of replica prices.");
        out.add("Throughputs are simulated (capacity search under the SLO per bucket), not measured, unless the "
                + "allocation says 'measured (imported)'.");
        return List.copyOf(out);
    }

    /** The engine's host time per step and per request in words, with what the GPU hides. */
    private static String host(HostCosts h) {
        if (h.equals(HostCosts.NONE)) {
            return "No host time: steps take their kernel time alone.";
        }
        return String.format(Locale.ROOT, "Host time per step: %.0f us, + %.0f us per further tensor-parallel GPU, "
                        + "+ %.0f us per scheduled sequence (%s), + %.0f us per sampled token (%s); API server %.0f us "
                        + "per request and %.0f us per streamed token (%s).",
                h.iterationUs(), h.perTpWorkerUs(), h.perScheduledSequenceUs(),
                h.schedulingOverlapped() ? "hidden behind the GPU's work" : "before the step's kernels",
                h.perSampledTokenUs(), h.outputProcessingOverlapped() ? "overlapped with the next step"
                        : "after the step",
                h.apiPerRequestUs(), h.apiPerOutputTokenUs(),
                h.apiInEngineProcess() ? "in the engine's process" : "in its own process");
    }

    private static String batching(EngineDefaults d) {
        String chunks = switch (d.chunkedPrefill()) {
            case ALWAYS -> "prompts are chunked into steps shared with decodes";
            case LONG_CONTEXT -> "prompts are chunked only when the max model length exceeds " + d.longContextTokens()
                    + " tokens";
            case NEVER -> "whole prompts run in steps of their own";
        };
        List<String> budgets = d.budgets().stream().map(b -> String.format(Locale.ROOT, "%d tokens / %d sequences%s",
                b.maxBatchedTokens(), b.maxNumSeqs(), b.minMemoryGb() > 0
                        ? " on GPUs of " + Math.round(b.minMemoryGb()) + " GB or more"
                        + (b.excludedNamePrefix().isEmpty() ? "" : " except " + b.excludedNamePrefix()) : "")).toList();
        return "Engine defaults: " + chunks + "; per step at most " + String.join(", ", budgets) + "; prefix caching "
                + (d.prefixCaching() ? "on" : "off") + "; CUDA graphs up to batch " + d.cudaGraphMaxBatch() + ".";
    }
}
