package io.fleetwise.planner.glossary;

import java.util.Map;
import java.util.Optional;

/**
 * What people call the figures Fleetwise stores under machine names: a CSV column ({@code usd_per_hour}) or a
 * stored metric ({@code ttftP99Ms}) as a printed report or a screen shows it ("Cost ($/h)", "TTFT p99 (ms)"). The
 * names use the {@link MetricGlossary}'s terms, so the glossary explains each one wherever it appears (a report's
 * glossary, a tooltip in the window). Every name a report prints comes from here (FieldNamesTest, and the report
 * tests fail on a column without one).
 */
public final class FieldNames {

    private static final Map<String, String> NAMES = Map.ofEntries(
            // catalog and cluster
            Map.entry("gpu_type", "GPU type"),
            Map.entry("memory_gb", "Memory (GB)"),
            Map.entry("hbm_bandwidth_gbps", "Memory bandwidth (GB/s)"),
            Map.entry("bf16_tflops", "BF16 dense TFLOPS"),
            Map.entry("tdp_w", "Power (TDP, W)"),
            Map.entry("usd_per_gpu_hour", "Price per GPU-hour ($)"),
            Map.entry("group", "Node group"),
            Map.entry("gpus_per_node", "GPUs per node"),
            Map.entry("nodes", "Nodes"),
            Map.entry("gpus", "GPUs"),
            Map.entry("intra_node_link", "Link in a node"),
            Map.entry("spec_source", "Specification source"),
            Map.entry("price_instance", "Priced as"),
            Map.entry("price_source", "Price source"),
            Map.entry("price_as_of", "Price as of"),
            Map.entry("model", "Model"),
            Map.entry("hf_repo", "Hugging Face repository"),
            Map.entry("config_source", "Configuration source"),
            // workload and SLO
            Map.entry("percentile", "Percentile"),
            Map.entry("input_tokens", "Input tokens"),
            Map.entry("output_tokens", "Output tokens"),
            Map.entry("target", "Target"),
            Map.entry("value", "Value"),
            Map.entry("bucket", "Request bucket (input x output tokens)"),
            Map.entry("share_of_rate", "Share of the request rate"),
            // fleet allocation
            Map.entry("candidate", "Replica configuration"),
            Map.entry("gpus_per_replica", "GPUs per replica"),
            Map.entry("replicas", "Replicas"),
            Map.entry("usd_per_hour", "Cost ($/h)"),
            Map.entry("throughput_source", "Throughput from"),
            Map.entry("fleet", "Fleet"),
            Map.entry("extra_cost_vs_mix_percent", "Extra cost against the mix (%)"),
            Map.entry("status", "Status"),
            Map.entry("rate_per_s", "Request rate (req/s)"),
            Map.entry("mix_usd_per_hour", "Mix cost ($/h)"),
            // plans
            Map.entry("metric", "Metric"),
            Map.entry("unit", "Unit"),
            Map.entry("rank", "Rank"),
            Map.entry("chosen", "Chosen"),
            Map.entry("plan", "Parallel plan"),
            Map.entry("goodput_per_s", "Goodput (req/s)"),
            Map.entry("ttft_p90_ms", "TTFT p90 (ms)"),
            Map.entry("tpot_p90_ms", "TPOT p90 (ms)"),
            Map.entry("slo_attainment_percent", "SLO attainment (%)"),
            Map.entry("source", "Figures from"),
            Map.entry("pareto", "Pareto front"),
            // what-if
            Map.entry("variant", "Variant"),
            Map.entry("tpot_ms", "TPOT target (ms)"),
            Map.entry("delta_cost_percent", "Cost change against the base (%)"),
            Map.entry("saving_percent", "Saving against one GPU type (%)"),
            Map.entry("mix_or_reason", "Mix, or why there is none"),
            // predicted vs measured
            Map.entry("run", "Run"),
            Map.entry("predicted", "Predicted"),
            Map.entry("measured", "Measured"),
            Map.entry("error_percent", "Error (%)"),
            // a simulation's stored metrics (SimulationResultJson)
            Map.entry("completed", "Requests completed"),
            Map.entry("dropped", "Requests dropped"),
            Map.entry("durationS", "Simulated time (s)"),
            Map.entry("ttftP50Ms", "TTFT p50 (ms)"),
            Map.entry("ttftP99Ms", "TTFT p99 (ms)"),
            Map.entry("tpotP50Ms", "TPOT p50 (ms)"),
            Map.entry("tpotP99Ms", "TPOT p99 (ms)"),
            Map.entry("e2eP50Ms", "E2E latency p50 (ms)"),
            Map.entry("e2eP99Ms", "E2E latency p99 (ms)"),
            Map.entry("requestThroughputPerS", "Completed requests per second over the whole run"),
            Map.entry("outputTokensPerS", "Throughput (output tokens/s)"),
            Map.entry("sloAttainment", "SLO attainment (share of requests)"),
            Map.entry("goodputPerS", "Goodput (req/s meeting the SLO)"),
            Map.entry("costPerHourUsd", "Cost ($/h)"),
            Map.entry("costPerMillionOutputTokensUsd", "Cost per million output tokens ($/Mtok)"),
            Map.entry("joulesPerOutputToken", "Energy per output token (J/tok)"));

    private FieldNames() {
    }

    /** The name people read for a machine name; empty when there is none (a report must not print such a column). */
    public static Optional<String> of(String machineName) {
        return Optional.ofNullable(NAMES.get(machineName));
    }

    /** As {@link #of}, failing with the unknown name so a new column cannot reach a report unnamed. */
    public static String name(String machineName) {
        return of(machineName).orElseThrow(() -> new IllegalArgumentException("No printed name for '" + machineName
                + "'. Maybe add it to FieldNames."));
    }

    public static Map<String, String> all() {
        return NAMES;
    }
}
