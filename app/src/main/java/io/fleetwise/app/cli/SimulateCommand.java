package io.fleetwise.app.cli;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.service.SimulationRequest;
import io.fleetwise.planner.service.SimulationService;
import io.fleetwise.planner.sim.JsonlTraceWriter;
import io.fleetwise.planner.sim.LoadMode;
import io.fleetwise.planner.sim.RouterPolicy;
import io.fleetwise.planner.sim.SimulationSummary;
import io.fleetwise.planner.workload.RequestTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fleetwise simulate ...}: serve a workload on N replicas in the discrete-event simulator. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate serving a workload on replicas of one configuration (iteration-level, vLLM/Sarathi/Orca).",
                "Example: fleetwise simulate --model Llama-3.1-8B --gpu H100-SXM --replicas 2 --rate 10 --preset chat"})
final class SimulateCommand implements Callable<Integer> {
    private final CliContext context;
    @Mixin
    ServingOptions serving;
    @Mixin
    WorkloadOptions workload;
    @Mixin
    LoadOptions loadOptions;
    @Mixin
    CalibrationOption calibration;
    @Option(names = "--replicas", description = "replicas of the configuration (default 1)")
    int replicas = 1;
    @Option(names = "--router", paramLabel = "round_robin|least_outstanding|weighted|prefix_affinity", description = "default least_outstanding")
    String router = "least_outstanding";
    @Option(names = "--json", description = "print the result as JSON")
    boolean json;
    @Option(names = "--trace-out", paramLabel = "FILE", description = "write the timeline (iterations, requests, counters) as JSON Lines")
    Path traceOut;
    @Option(names = "--store-trace", paramLabel = "NAME",
            description = "store the timeline in the trace store under NAME (see 'fleetwise trace list')")
    String storeTrace;

    SimulateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        serving.checkBounds();
        Catalog catalog = serving.catalog(context.services().catalogStore().current());
        String gpuType = catalog.gpu(serving.gpu).name();
        LoadMode load = loadOptions.mode();
        SimulationRequest request = SimulationRequest.defaults().withModel(serving.modelName())
                .withReplica(serving.spec()).withReplicas(replicas).withRouter(RouterPolicy.parse(router))
                .withLoad(load).withWorkload(workload.request(!load.isOpenLoop()))
                .withSlo(serving.sloOr(SimulationRequest.DEFAULT_SLO))
                .withCalibration(calibration.resolve(context, gpuType));
        if (traceOut != null && storeTrace != null) {
            throw new IllegalArgumentException("Choose one of --trace-out and --store-trace, not both.");
        }
        SimulationService service = new SimulationService(() -> catalog);
        SimulationService.Resolved resolved = service.resolve(request);
        StderrProgress progress = new StderrProgress(context.err(), "simulate");
        SimulationService.Outcome outcome;
        io.fleetwise.datastore.trace.TraceInfo stored = null;
        if (storeTrace != null) {
            io.fleetwise.datastore.trace.TraceStore store = TraceCommand.store(context);
            try (io.fleetwise.datastore.trace.TraceWriter w = store.beginTrace(storeTrace, null, "simulator",
                    io.fleetwise.planner.progress.ProgressListener.NONE)) {
                outcome = service.simulate(request, progress, new io.fleetwise.datastore.trace.SimulationTraceRecorder(w));
                stored = w.commit();
            }
        } else if (traceOut != null) {
            Writer w = Files.newBufferedWriter(traceOut, StandardCharsets.UTF_8);
            try (JsonlTraceWriter sink = new JsonlTraceWriter(w)) {
                outcome = service.simulate(request, progress, sink);
            }
        } else {
            outcome = service.simulate(request, progress, null);
        }
        workload.reportTo(context.err(), outcome.trace());
        print(resolved, outcome, stored);
        return 0;
    }

    private void print(SimulationService.Resolved resolved, SimulationService.Outcome outcome,
                       io.fleetwise.datastore.trace.TraceInfo stored) {
        SimulationRequest request = resolved.request();
        CalibrationSet calibrations = request.calibration();
        ModelSpec model = resolved.model();
        ReplicaConfig replica = resolved.replica();
        MemoryPlan memory = resolved.memory();
        LoadMode load = request.load();
        Slo slo = request.slo();
        RequestTrace trace = outcome.trace();
        SimulationSummary s = outcome.result().summary();
        double wallS = outcome.wallSeconds();
        String calibrationUsed = calibrations.describe(List.of(replica.gpu().name()));
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", model.name());
            doc.put("replica", replica.label());
            doc.put("replicas", replicas);
            doc.put("workload", trace.name());
            doc.put("load", loadJson(load));
            doc.put("memory", memory);
            doc.put("slo", slo);
            doc.put("calibration", calibrationUsed);
            doc.put("calibrationFingerprint", calibrations.fingerprint());
            doc.put("engine", calibrations.engine().id());
            doc.put("engineProfile", calibrations.engine().describe());
            doc.put("summary", s);
            doc.put("wallSeconds", wallS);
            if (stored != null) {
                doc.put("traceId", stored.id());
            }
            JsonOutput.print(context.out(), doc);
        } else {
            PrintWriter out = context.out();
            out.printf(Locale.ROOT, "%s on %d x %s, workload %s (%d requests), %s%n", model.name(), replicas,
                    replica.label(), trace.name(), trace.size(), load.label());
            out.println(memory.message());
            out.println("calibration: " + calibrationUsed);
            out.println("engine: " + calibrations.engine().describe());
            out.printf(Locale.ROOT, "completed %d, dropped %d, preemptions %d, simulated %.1f s in %.2f s wall%n",
                    s.completed(), s.dropped(), s.preemptions(), s.durationS(), wallS);
            out.printf(Locale.ROOT, "TTFT ms  mean %.1f  p50 %.1f  p90 %.1f  p99 %.1f%n", s.ttft().meanMs(), s.ttft().p50Ms(),
                    s.ttft().p90Ms(), s.ttft().p99Ms());
            out.printf(Locale.ROOT, "TPOT ms  mean %.2f  p50 %.2f  p90 %.2f  p99 %.2f  (token-weighted %.2f)%n",
                    s.tpot().meanMs(), s.tpot().p50Ms(), s.tpot().p90Ms(), s.tpot().p99Ms(), s.tpotTokenWeightedMs());
            out.printf(Locale.ROOT, "E2E ms   mean %.0f  p50 %.0f  p90 %.0f  p99 %.0f%n", s.e2e().meanMs(), s.e2e().p50Ms(),
                    s.e2e().p90Ms(), s.e2e().p99Ms());
            out.printf(Locale.ROOT, "throughput %.2f req/s, %.0f output tok/s; mean batch %.1f, KV use %.0f%%, MFU %.1f%%, MBU %.1f%%%n",
                    s.requestThroughputPerS(), s.outputTokensPerS(), s.meanBatchSize(), 100 * s.meanKvUtilization(),
                    100 * s.mfu(), 100 * s.mbu());
            out.printf(Locale.ROOT, "SLO TTFT %s ms, TPOT %s ms: attainment %.1f%% (target %.0f%%), goodput %.2f req/s%n",
                    target(slo.ttftMs()), target(slo.tpotMs()), 100 * s.sloAttainment(), 100 * slo.attainment(),
                    s.goodputPerS());
            out.printf(Locale.ROOT, "cost $%.2f/h, $%.3f per million output tokens; energy %.0f J per request, %.2f J per output token%n",
                    s.costPerHourUsd(), s.costPerMillionOutputTokensUsd(), s.joulesPerRequest(), s.joulesPerOutputToken());
            if (traceOut != null) {
                out.println("timeline written to " + traceOut);
            }
            if (stored != null) {
                out.println("timeline stored as trace " + stored.id() + " (" + stored.eventCount() + " events)");
            }
            out.flush();
        }
    }

    private static String target(double ms) {
        return Double.isInfinite(ms) ? "none" : String.format(Locale.ROOT, "%.0f", ms);
    }

    static Map<String, Object> loadJson(LoadMode load) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("mode", load.id());
        if (load.capsConcurrency()) {
            doc.put("maxConcurrency", load.maxConcurrency());
        }
        return doc;
    }
}
