package io.fleetwise.app.cli;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.cluster.ClusterFiles;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.search.PlanPart;
import io.fleetwise.planner.service.PlanSearchRequest;
import io.fleetwise.planner.service.PlanSearchService;
import io.fleetwise.planner.search.PruneReason;
import io.fleetwise.planner.search.RankedPlan;
import io.fleetwise.planner.search.SearchConfig;
import io.fleetwise.planner.search.SearchObjective;
import io.fleetwise.planner.search.SearchResult;
import io.fleetwise.planner.workload.RequestTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fleetwise search ...}: the best parallel plans for a model on a cluster. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search parallel plans (replicas, TP/PP/EP, attention-DP + FFN-TP, dtypes, batching, prefill/decode pools) "
                + "for a model on a cluster; prints the ranked plans.",
                "Example: fleetwise search --model Llama-3.1-70B --gpus 8xH100-SXM,8xA100-80GB-SXM --rate 8 --preset chat "
                        + "--slo-ttft-ms 2000 --slo-tpot-ms 100"})
final class SearchCommand implements Callable<Integer> {
    private final CliContext context;
    @Option(names = "--model", paramLabel = "NAME", required = true, description = "model from the catalog (see `catalog models`)")
    String model;
    @Option(names = "--cluster", paramLabel = "FILE", description = "cluster file (format fleetwise-cluster/1, docs/cluster-format.md)")
    Path clusterFile;
    @Option(names = "--gpus", paramLabel = "8xH100-SXM,8xA100-80GB-SXM", description = "cluster shorthand instead of --cluster")
    String gpus;
    @Mixin
    WorkloadOptions workload;
    @Mixin
    SloOptions sloOptions;
    @Option(names = "--objective", paramLabel = "goodput|cost|energy|latency", description = "what to optimise (default goodput)")
    String objective = "goodput";
    @Option(names = "--weights", paramLabel = "bf16,fp8,int8,int4", split = ",",
            description = "weight formats to try (default: the model's own checkpoint format; quantized formats only when named)")
    List<String> weights;
    @Option(names = "--kv-dtype", paramLabel = "bf16,fp8", split = ",", description = "KV-cache formats to try (default bf16,fp8)")
    List<String> kvDtypes;
    @Option(names = "--pp", paramLabel = "1,2,4", split = ",", description = "pipeline depths to try (default 1,2,3,4)")
    List<Integer> pipelineDepths;
    @Option(names = "--gpu-memory-utilization", paramLabel = "SHARE",
            description = "share of each GPU's memory the engine uses (default 0.90)")
    Double gpuMemoryUtilization;
    @Option(names = "--no-disaggregation", description = "do not try prefill/decode pools")
    boolean noDisaggregation;
    @Option(names = "--contenders", description = "plans to simulate after the analytic ranking (default 8)")
    int contenders = 8;
    @Option(names = "--time-budget-s", description = "return the best found so far after this many seconds (default 60)")
    double timeBudgetS = 60;
    @Option(names = "--threads", description = "worker threads (default: all cores)")
    Integer threads;
    @Option(names = "--top", description = "rows of the ranked table (default 10)")
    int top = 10;
    @Option(names = "--json", description = "print the result as JSON")
    boolean json;
    @picocli.CommandLine.Mixin
    CalibrationOption calibration;

    private long commandStartNs;

    SearchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        commandStartNs = System.nanoTime();
        Catalog catalog = context.services().catalogStore().current();
        Cluster cluster = cluster(catalog);
        List<String> gpuTypes = cluster.groups().stream().map(g -> g.gpu().name()).distinct().toList();
        if (top < 1) {
            throw new IllegalArgumentException("--top must be >= 1, was " + top);
        }
        CalibrationSet calibrations = calibration.resolve(context, gpuTypes.size() == 1 ? gpuTypes.get(0) : null);
        PlanSearchRequest defaults = PlanSearchRequest.of(model, cluster, workload.request(false),
                sloOptions.orUnbounded(), calibrations);
        PlanSearchRequest request = defaults.withObjective(SearchObjective.parse(objective))
                .withFormats(weights == null ? defaults.weightDtypes() : weights.stream().map(DType::parse).toList(),
                        kvDtypes == null ? defaults.kvDtypes() : kvDtypes.stream().map(DType::parse).toList())
                .withShapes(pipelineDepths == null ? defaults.pipelineDepths() : pipelineDepths,
                        gpuMemoryUtilization == null ? defaults.gpuMemoryUtilization() : gpuMemoryUtilization,
                        !noDisaggregation)
                .withEffort(contenders, timeBudgetS, threads == null ? 0 : threads);
        PlanSearchService service = new PlanSearchService(() -> catalog);
        SearchConfig config = service.resolve(request);
        workload.reportTo(context.err(), config.trace());
        SearchResult result;
        try {
            // the budget bounds the whole command: the search itself stops simulating at it, and every other stage
            // (enumeration, analytic ranking) is cancelled shortly after
            result = service.search(config, StderrProgress.withDeadline(context.err(), "search", commandStartNs,
                    timeBudgetS * 1.05 + 1));
        } catch (java.util.concurrent.CancellationException e) {
            throw new io.fleetwise.planner.ingest.InputException("search: --time-budget-s " + timeBudgetS
                    + " s ran out before any plan was ranked; allowed more time with a larger --time-budget-s, or a smaller "
                    + "--contenders or workload");
        }
        ModelSpec spec = config.model();
        RequestTrace trace = config.trace();
        Slo slo = config.slo();
        if (result.ranked().isEmpty()) {
            String why = result.candidates().stream().filter(c -> c.pruned() == PruneReason.MEMORY).map(c -> c.detail())
                    .findFirst().orElse("no plan serves the rate");
            throw new IllegalArgumentException("No plan for " + spec.name() + " on " + cluster.name() + ": "
                    + result.shapesEnumerated() + " shapes, " + result.pruned(PruneReason.MEMORY)
                    + " do not fit memory (e.g. " + why + ")");
        }
        String calibrationUsed = calibrations.describe(gpuTypes);
        if (json) {
            Map<String, Object> doc = json(spec, cluster, trace, slo, result);
            doc.put("calibration", calibrationUsed);
            doc.put("calibrationFingerprint", calibrations.fingerprint());
            doc.put("engine", calibrations.engine().id());
            doc.put("engineProfile", calibrations.engine().describe());
            JsonOutput.print(context.out(), doc);
        } else {
            printTable(context.out(), spec, cluster, trace, result);
            context.out().println("calibration: " + calibrationUsed);
        }
        context.out().flush();
        return 0;
    }

    private Cluster cluster(Catalog catalog) throws IOException {
        if ((clusterFile == null) == (gpus == null)) {
            throw new IllegalArgumentException("Give exactly one of --cluster FILE and --gpus 8xH100-SXM,8xA100-80GB-SXM.");
        }
        return clusterFile != null ? ClusterFiles.read(clusterFile, catalog) : ClusterFiles.parseShorthand(gpus, catalog);
    }

    private void printTable(PrintWriter out, ModelSpec spec, Cluster cluster, RequestTrace trace, SearchResult r) {
        out.printf(Locale.ROOT, "%s on %s (%d GPUs), workload %s (%d requests), objective %s%n", spec.name(), cluster.name(),
                cluster.totalGpus(), trace.name(), trace.size(), r.objective().label());
        out.printf(Locale.ROOT, "%d shapes (%d do not fit memory, %d dominated, %d outranked), %d plans (%d symmetric, "
                        + "%d below the rate), %d simulated%s, %.2f s%n",
                r.shapesEnumerated(), r.pruned(PruneReason.MEMORY), r.pruned(PruneReason.DOMINATED), r.pruned(PruneReason.OUTRANKED),
                r.plansEnumerated(), r.pruned(PruneReason.SYMMETRIC), r.pruned(PruneReason.CAPACITY), r.simulated(),
                r.budgetExhausted() ? " (time budget ran out)" : "", r.wallTimeS());
        CliTable table = new CliTable("rank", "plan", "gpus", "goodput/s", "ttft p90 ms", "tpot p90 ms", "slo %", "$/h",
                "$/Mtok", "J/tok", "source", "pareto", "why");
        for (RankedPlan p : r.ranked().subList(0, Math.min(top, r.ranked().size()))) {
            var m = p.metrics();
            table.row(p.rank(), p.label(), m.gpuCount(), round(m.goodputPerS()), round(m.ttftP90Ms()), round(m.tpotP90Ms()),
                    round(100 * m.sloAttainment()), round(m.costPerHourUsd()), round(m.costPerMillionTokensUsd()),
                    round(m.joulesPerOutputToken()), m.simulated() ? "simulated" : "analytic", p.pareto() ? "*" : "", p.why());
        }
        table.print(out, OutputFormat.TEXT, null);
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : v;
    }

    private static Map<String, Object> json(ModelSpec spec, Cluster cluster, RequestTrace trace, Slo slo, SearchResult r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", spec.name());
        doc.put("cluster", cluster.name());
        doc.put("gpus", cluster.totalGpus());
        doc.put("workload", trace.name());
        doc.put("requests", trace.size());
        doc.put("slo", slo);
        doc.put("objective", r.objective().label());
        doc.put("shapesEnumerated", r.shapesEnumerated());
        doc.put("plansEnumerated", r.plansEnumerated());
        doc.put("prunedByReason", r.prunedByReason());
        doc.put("simulated", r.simulated());
        doc.put("budgetExhausted", r.budgetExhausted());
        doc.put("wallSeconds", r.wallTimeS());
        List<Object> ranked = new ArrayList<>();
        for (RankedPlan p : r.ranked()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", p.rank());
            row.put("label", p.label());
            row.put("pareto", p.pareto());
            row.put("why", p.why());
            List<Object> parts = new ArrayList<>();
            for (int i = 0; i < p.plan().parts().size(); i++) {
                PlanPart part = p.plan().parts().get(i);
                var c = part.shape().config();
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("nodeGroup", part.shape().nodeGroup());
                pm.put("replicas", part.count());
                pm.put("gpu", c.gpu().name());
                pm.put("tp", c.tp());
                pm.put("pp", c.pp());
                pm.put("ep", c.ep());
                pm.put("attentionDataParallel", part.shape().attentionDataParallel());
                pm.put("stageLayers", part.shape().stageLayers());
                pm.put("weightDtype", c.weightDtype().label());
                pm.put("kvDtype", c.kvDtype().label());
                pm.put("scheduler", c.batching().scheduler().name().toLowerCase(Locale.ROOT));
                pm.put("maxBatchedTokens", c.batching().maxBatchedTokens());
                pm.put("role", c.role().name().toLowerCase(Locale.ROOT));
                pm.put("routingWeight", p.plan().routingWeights().get(i));
                parts.add(pm);
            }
            row.put("parts", parts);
            row.put("metrics", p.metrics());
            ranked.add(row);
        }
        doc.put("ranked", ranked);
        List<Object> pruned = new ArrayList<>();
        for (var c : r.candidates()) {
            if (!c.kept()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("shape", c.shape().label());
                row.put("nodeGroup", c.shape().nodeGroup());
                row.put("reason", c.pruned().name().toLowerCase(Locale.ROOT));
                row.put("detail", c.detail());
                pruned.add(row);
            }
        }
        doc.put("pruned", pruned);
        return doc;
    }
}
