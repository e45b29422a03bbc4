package io.fleetwise.views.workbench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The short guide Help shows for an area: the question it answers, what to do first, and the docs/ pages that go
 * further. One entry per area of the workbench (AreaGuideTest checks that none is missing).
 *
 * @param answers    the question the area answers, in a user's words
 * @param firstSteps what to do first, in order
 * @param docs       pages under docs/ (file names) that explain the area in depth
 */
public record AreaGuide(String area, String answers, List<String> firstSteps, List<String> docs) {

    public AreaGuide {
        firstSteps = List.copyOf(firstSteps);
        docs = List.copyOf(docs);
    }

    private static final Map<String, AreaGuide> GUIDES = Map.ofEntries(
            guide("Catalog", "Which GPU types and models can I plan with, what does each cost per hour, and where does "
                            + "every figure come from?",
                    List.of("Type in the filter (e.g. H100 or HBM3) to narrow the tables.",
                            "Double-click a USD/h cell to enter your negotiated price; right-click > Use catalog price undoes it.",
                            "Import config.json… adds your model from its Hugging Face config.json."),
                    List.of("perf-model.md")),
            guide("Cluster", "Which GPUs does this study have, how are they grouped into servers, and what does the "
                            + "cluster cost and offer (GPUs, $/h, TFLOPS, memory, power)?",
                    List.of("Drag a GPU type from the list onto the drawing to add a node group.",
                            "Select a group in the drawing and set its GPUs per node, nodes and links on the right.",
                            "Open or save the cluster as a JSON file to share it."),
                    List.of("cluster-format.md")),
            guide("Workload", "What traffic must the fleet serve (arrivals, prompt and output lengths) and which "
                            + "latency targets (SLO) must it meet?",
                    List.of("Choose the model and a length preset, or drop a recorded trace file on the area.",
                            "Set the request rate; choose Source: Generator for bursty or diurnal arrivals.",
                            "Set the TTFT and TPOT targets and the share of requests that must meet them."),
                    List.of("study-format.md")),
            guide("Fleet", "Which mix of GPU types serves this workload within the SLO at the lowest cost per hour, "
                            + "and how much does it save against buying one type?",
                    List.of("Tick the GPU types you may buy; edit a price or cap to try another.",
                            "Set the request rate and SLO (type a number beside a slider).",
                            "Press Solve; then Save to study so the report shows this fleet."),
                    List.of("allocator-api.md", "allocator-format.md", "benchmarks-allocator.md")),
            guide("What-if", "How do cost and fleet change if traffic grows, the SLO tightens or a GPU price moves?",
                    List.of("Press Run what-if once to build the study's throughput table.",
                            "Add variants (traffic %, TPOT, a GPU's price); each re-plans in milliseconds.",
                            "On the Sweep tab, sweep one parameter and export the table as CSV."),
                    List.of("whatif.md")),
            guide("Plans", "How should one replica be parallelised (TP/PP/EP, batching, weight format) on this cluster, "
                            + "ranked by goodput, latency, cost or energy?",
                    List.of("Check the model, cluster, rate and SLO in the top row; keep the budget short at first.",
                            "Press Search; the table ranks the plans and the lower pane shows the chosen one's placement.",
                            "Select a plan and press Simulate this plan or Execute this plan to check it."),
                    List.of("plan-search.md", "benchmarks-search.md")),
            guide("Simulate", "What TTFT, TPOT, throughput and SLO attainment will one plan reach on this workload, "
                            + "iteration by iteration?",
                    List.of("Choose the model, GPU type and TP/PP (the form opens on the smallest that fits).",
                            "Set the workload, rate and SLO; press Run.",
                            "Read the tiles and latency distributions; the sweep shows where throughput saturates."),
                    List.of("simulator-api.md", "perf-model.md", "validation.md")),
            guide("Execute", "How long do a replica's iterations really take on a device I have, against the model's "
                            + "prediction?",
                    List.of("Without a GPU the CPU device runs the same operations in plain Java; the form opens on "
                                    + "a model small enough for it.",
                            "Press Run with the defaults; measured and predicted appear per operator class.",
                            "Calibrate this device to fit the model to it; Open in Timeline shows the run."),
                    List.of("executor.md", "profiler.md")),
            guide("Timeline", "What happened when, iteration by iteration and request by request, in a simulation, an "
                            + "execution or an imported profile?",
                    List.of("Choose a trace (the study's newest opens first) or Import a Chrome JSON / Nsight export.",
                            "Scroll to zoom, drag to pan, click a slice for its details.",
                            "Shift-drag to select a range and read its statistics."),
                    List.of("timeline-store.md", "benchmarks-timeline.md")),
            guide("Reports", "What do I hand a manager: the recommended fleet, its cost and saving, and the evidence "
                            + "behind it, as PDF or CSV?",
                    List.of("Choose the study and the sections to include.",
                            "Choose the output files (PDF, CSV folder, chart PNGs) and press Export.",
                            "Open the PDF: sections the study has no results for are left out unless ticked."),
                    List.of("reports.md")));

    private static Map.Entry<String, AreaGuide> guide(String area, String answers, List<String> steps, List<String> docs) {
        return Map.entry(area, new AreaGuide(area, answers, steps, docs));
    }

    public static Optional<AreaGuide> of(String area) {
        return Optional.ofNullable(GUIDES.get(area));
    }

    /** Areas with a guide, for the overview and the completeness test. */
    public static java.util.Set<String> areas() {
        return GUIDES.keySet();
    }
}
