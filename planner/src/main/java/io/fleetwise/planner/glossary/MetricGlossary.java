package io.fleetwise.planner.glossary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What each metric the workbench shows means, in one place: tiles, table column headers and chart axes take their
 * tooltips from here. Serving-metric definitions follow the conventional ones collected in
 * shared/reference/traces-metrics-workloads.md section 3 (vLLM benchmarks/benchmark_serving.py calculate_metrics,
 * NVIDIA NIM / GenAI-Perf benchmarking "Metrics", DistServe OSDI'24, Databricks "LLM inference performance
 * engineering"); each entry names its source.
 */
public final class MetricGlossary {

    /**
     * @param term       the name shown as the tooltip's heading
     * @param aliases    how the metric appears in labels (matched case-insensitively, as whole words; a leading
     *                   {@code =} means only a label that is exactly this word, for generic words like "Total")
     * @param definition what the number is
     * @param source     where the definition comes from
     */
    public record Entry(String term, List<String> aliases, String definition, String source) {
        public Entry {
            aliases = List.copyOf(aliases);
        }

        public String text() {
            return term + ": " + definition + (source.isEmpty() ? "" : "\n(" + source + ")");
        }
    }

    private static final String VLLM = "vLLM benchmark_serving.py; NVIDIA NIM benchmarking metrics";
    private static final String DISTSERVE = "DistServe, OSDI'24";
    private static final String CATALOG = "GPU catalog; sources in the Catalog area";

    private static final List<Entry> ENTRIES = List.of(
            new Entry("TTFT", List.of("TTFT", "time to first token"),
                    "time to first token, from the request's arrival to its first output token; includes queueing, "
                            + "prefill and network", VLLM),
            new Entry("TPOT", List.of("TPOT", "time per output token"),
                    "time per output token of a request, (E2E - TTFT) / (output tokens - 1); requests with one "
                            + "output token have none", VLLM),
            new Entry("ITL", List.of("ITL", "inter-token latency"),
                    "inter-token latency, the gaps between successive streamed tokens pooled over all requests "
                            + "(NIM calls the per-request mean ITL; that is TPOT here)", VLLM),
            new Entry("E2E latency", List.of("E2E", "E2EL", "end-to-end"),
                    "end-to-end latency, from the request's arrival to its last token", VLLM),
            new Entry("Goodput", List.of("goodput", "goodput/s"),
                    "requests per second that meet every SLO (TTFT and TPOT); for a plan, the highest rate it serves "
                            + "with SLO attainment at the target over the whole request mix (the Fleet area's capacity "
                            + "holds each length bucket to the target on its own, a stricter test)",
                    "vLLM --goodput; " + DISTSERVE),
            new Entry("SLO attainment", List.of("SLO attainment", "SLO %", "attainment"),
                    "fraction of requests with TTFT <= the TTFT SLO and TPOT <= the TPOT SLO", DISTSERVE),
            new Entry("SLO", List.of("SLO", "SLOs"),
                    "service-level objective: the TTFT and TPOT limits a request must meet to count as served well",
                    DISTSERVE),
            new Entry("Throughput", List.of("throughput", "tok/s", "tokens/s"),
                    "output tokens per second: all output tokens / wall-clock duration", VLLM),
            new Entry("Request rate", List.of("req/s", "requests/s", "rate", "request rate", "offered rate"),
                    "requests per second: offered (arrivals) on the x axis of a sweep, completed / duration for a "
                            + "result", VLLM),
            new Entry("Percentile", List.of("p50", "p90", "p95", "p99", "median", "percentile"),
                    "pXX is the latency that XX% of requests stay under (p50 = median); linear interpolation as numpy's "
                            + "percentile", "vLLM --metric-percentiles"),
            new Entry("Cost per hour", List.of("$/h", "$/hour", "$ / hour", "fleet cost", "cost per hour"),
                    "on-demand US dollars per hour of all GPUs of the fleet or cluster: GPUs x the catalog's price per "
                            + "GPU-hour; unpriced GPUs count 0 and are named", CATALOG),
            new Entry("Price per GPU-hour", List.of("$/GPU-h", "USD/h", "price"),
                    "on-demand US dollars for one GPU for one hour, as the catalog lists it with its price source",
                    CATALOG),
            new Entry("Cost per million tokens", List.of("$/Mtok", "$/M tok", "$/M tokens"),
                    "US dollars per million output tokens: cost per hour / (output tokens per hour) x 10^6, at the "
                            + "workload's rate", "Fleetwise planner (PlanMetrics)"),
            new Entry("Saving", List.of("saving", "saving vs 1 type"),
                    "how much cheaper the mixed fleet is than the cheapest fleet of one GPU type serving the same "
                            + "workload and SLO, percent", "Fleetwise allocator (Melange-style comparison)"),
            new Entry("Best single type", List.of("best single type", "alone"),
                    "cost per hour of the cheapest fleet that uses only one GPU type", "Fleetwise allocator"),
            new Entry("TFLOPS", List.of("TFLOPS", "BF16 dense"),
                    "peak dense BF16 tensor throughput, 10^12 floating-point operations per second, summed over GPUs "
                            + "(spec sheet, no sparsity)", CATALOG),
            new Entry("GPU memory", List.of("GPU memory", "memory", "HBM"),
                    "on-board GPU memory (HBM/GDDR) in GB, summed over GPUs; holds weights, activations and the KV "
                            + "cache", CATALOG),
            new Entry("KV cache", List.of("KV cache", "KV-cache", "KV"),
                    "memory holding each in-flight request's attention keys and values, 2 x layers x KV heads x head "
                            + "dim x bytes per token; utilisation = used / reserved blocks", "vLLM PagedAttention"),
            new Entry("MFU", List.of("MFU", "utilisation", "utilization", "util"),
                    "model FLOPs utilisation: achieved FLOP/s / peak FLOP/s at the same precision (about 2 x active "
                            + "parameters FLOPs per token); the prefill metric", "PaLM appendix B; Databricks"),
            new Entry("MBU", List.of("MBU"),
                    "memory-bandwidth utilisation: (weight bytes + KV-cache bytes read per step) / TPOT / peak "
                            + "bandwidth; the decode metric, 60-85% is a realistic ceiling", "Databricks"),
            new Entry("GPUs", List.of("GPUs", "GPU count"),
                    "number of GPUs in the cluster, fleet or plan", ""),
            new Entry("Power (TDP)", List.of("power", "TDP", "kW"),
                    "sum of the GPUs' thermal design power, the most they draw under load", CATALOG),
            new Entry("Energy per token", List.of("J/tok", "joules"),
                    "GPU energy per output token: power x time / output tokens, at the workload's rate",
                    "Fleetwise planner (PlanMetrics)"),
            new Entry("Availability cap", List.of("cap", "GPU cap"),
                    "most GPUs of this type the allocator may use (0 or empty = no limit)", ""),
            new Entry("Parallel plan", List.of("plan", "replica"),
                    "how one replica of the model is split over GPUs: TP = tensor parallel, PP = pipeline parallel; "
                            + "a replica serves requests on its own", ""),
            new Entry("Burstiness", List.of("burstiness"),
                    "shape of the Gamma inter-arrival distribution, scale 1/(rate x shape): 1 = Poisson, below 1 "
                            + "burstier", "vLLM --burstiness"),
            new Entry("Measured vs predicted", List.of("measured", "predicted", "error"),
                    "measured = wall-clock time on the device; predicted = the planner's cost model for the same "
                            + "step; error = (predicted - measured) / measured", "Fleetwise executor and profiler"),
            new Entry("Batch", List.of("=batch", "batch size"),
                    "requests in one iteration of the engine (prefill and decode together under continuous batching)",
                    "vLLM scheduler; Fleetwise executor"),
            new Entry("Modelled collectives", List.of("modelled coll.", "modelled"),
                    "time of the step's collectives (all-reduce, all-gather) from the interconnect model, not measured, "
                            + "because the run had fewer devices than the plan", "Fleetwise executor"),
            new Entry("Slice statistics", List.of("=count", "=total", "=mean"),
                    "over the slices with this name in the visible window: how many, their summed duration, and "
                            + "their mean duration", "Fleetwise timeline"),
            new Entry("Delta vs base", List.of("Δ vs base", "delta"),
                    "difference of this variant's cost per hour from the base study's, percent", ""),
            new Entry("Mix", List.of("mix"),
                    "the fleet the allocator chose: replicas of each GPU type and parallel plan, the cheapest that meets "
                            + "the SLO for every request bucket", "Fleetwise allocator (Melange-style ILP)"),
            new Entry("Source of the figures", List.of("=source"),
                    "simulated: latencies and attainment from the discrete-event simulator over the trace; analytic: "
                            + "closed-form bounds on the mean request (attainment 0 or 100 %), for plans the time "
                            + "budget left unsimulated", "Fleetwise plan search"),
            new Entry("Pareto", List.of("Pareto"),
                    "on the Pareto front: no other plan is better in goodput, p90 E2E latency and $/Mtok at once", ""),
            new Entry("Fraction of requests", List.of("fraction of requests"),
                    "cumulative distribution: the share of requests at or below the x value", ""),
            new Entry("Tokens", List.of("tokens", "input length", "output length"),
                    "prompt (input) or generated (output) length in tokens of the model's tokenizer", ""));

    private static final List<Pattern> PATTERNS = ENTRIES.stream()
            .map(e -> Pattern.compile(e.aliases().stream().map(MetricGlossary::wordPattern)
                    .collect(Collectors.joining("|")), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
            .toList();

    private MetricGlossary() {
    }

    public static List<Entry> entries() {
        return ENTRIES;
    }

    /** The entry with this term or alias, exactly (ignoring case). */
    public static Optional<Entry> entry(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        return ENTRIES.stream().filter(e -> e.term().toLowerCase(Locale.ROOT).equals(key)
                || e.aliases().stream().anyMatch(a -> a.replaceFirst("^=", "").toLowerCase(Locale.ROOT).equals(key)))
                .findFirst();
    }

    /** The entries a label mentions ("TTFT p99 ms": TTFT and Percentile), in the order they appear in it. */
    public static List<Entry> explain(String label) {
        if (label == null || label.isBlank()) {
            return List.of();
        }
        record Hit(int at, Entry entry) {
        }
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < ENTRIES.size(); i++) {
            Matcher m = PATTERNS.get(i).matcher(label);
            if (m.find()) {
                hits.add(new Hit(m.start(), ENTRIES.get(i)));
            }
        }
        hits.sort(Comparator.comparingInt(Hit::at));
        return hits.stream().map(Hit::entry).toList();
    }

    /** Tooltip text for a label, or empty when it names no known metric. */
    public static Optional<String> tooltipText(String label) {
        List<Entry> found = explain(label);
        return found.isEmpty() ? Optional.empty()
                : Optional.of(found.stream().map(Entry::text).collect(Collectors.joining("\n\n")));
    }

    /** An alias as a regex that matches it as a whole word (symbols such as $ and / count as word edges). */
    private static String wordPattern(String alias) {
        if (alias.startsWith("=")) {
            return "^\\s*" + Pattern.quote(alias.substring(1)) + "\\s*$";
        }
        String start = Character.isLetterOrDigit(alias.charAt(0)) ? "(?<![\\p{L}\\p{N}])" : "";
        String end = Character.isLetterOrDigit(alias.charAt(alias.length() - 1)) ? "(?![\\p{L}\\p{N}])" : "";
        return start + Pattern.quote(alias) + end;
    }
}
