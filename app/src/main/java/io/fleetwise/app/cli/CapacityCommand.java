package io.fleetwise.app.cli;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.service.CapacitySettings;
import io.fleetwise.planner.service.SimulationRequest;
import io.fleetwise.planner.service.SimulationService;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.sim.ConcurrencySearch;
import io.fleetwise.planner.sim.LoadMode;
import io.fleetwise.planner.workload.EmpiricalLengths;
import io.fleetwise.planner.workload.LengthDistribution;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.workload.TraceReaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fleetwise capacity ...}: the highest Poisson rate one replica sustains under an SLO. */
@Command(name = "capacity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find the highest request rate one replica sustains while meeting the SLO (binary search over simulations).",
                "Example: fleetwise capacity --model Llama-3.1-8B --gpu H100-SXM --preset chat --slo-ttft-ms 2000 --slo-tpot-ms 50"})
final class CapacityCommand implements Callable<Integer> {
    private final CliContext context;
    @Mixin
    ServingOptions serving;
    @Option(names = "--preset", paramLabel = "chat|code|long-context|summarization", description = "request lengths (default chat)")
    String preset = "chat";
    @Option(names = "--lengths-from", paramLabel = "TRACE_FILE", description = "take request lengths from a trace instead")
    Path lengthsFrom;
    @Option(names = "--requests", description = "requests per simulation (default 800, as the fleet allocator's tables)")
    int requests = CapacitySettings.defaults().requestsPerSearch();
    @Option(names = "--seed", description = "random seed (default 42)")
    long seed = CapacitySettings.defaults().seed();
    @Option(names = "--tolerance", description = "relative width of the final bracket (default 0.05)")
    double tolerance = CapacitySettings.defaults().relTolerance();
    @Option(names = "--closed-loop", description = "find the most requests in flight (vllm bench serve --max-concurrency C, "
            + "--request-rate inf) that still meet the SLO, and the throughput there, instead of the highest open-loop rate")
    boolean closedLoop;
    @Option(names = "--json", description = "print the result as JSON")
    boolean json;
    @Mixin
    CalibrationOption calibration;

    CapacityCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        serving.checkBounds();
        Catalog catalog = serving.catalog(context.services().catalogStore().current());
        String gpuType = catalog.gpu(serving.gpu).name();
        Slo slo = serving.sloOr(null);
        if (slo == null) {
            throw new IllegalArgumentException("capacity needs an SLO: give --slo-ttft-ms and/or --slo-tpot-ms (and --slo-attainment).");
        }
        SimulationRequest request = SimulationRequest.defaults().withModel(serving.modelName())
                .withReplica(serving.spec()).withSlo(slo).withCalibration(calibration.resolve(context, gpuType));
        SimulationService service = new SimulationService(() -> catalog);
        SimulationService.Resolved resolved = service.resolve(request);
        LengthDistribution lengths = lengthsFrom != null
                ? new EmpiricalLengths(TraceReaders.read(lengthsFrom, 0, TraceReaders.ALL)) : LengthPresets.preset(preset);
        if (closedLoop) {
            return closedLoop(service, resolved, lengths);
        }
        CapacitySearch.Result r = service.maxRate(request, lengths,
                new CapacitySettings(requests, tolerance, 40, seed).options(), new StderrProgress(context.err(), "capacity"));
        ModelSpec model = resolved.model();
        ReplicaConfig replica = resolved.replica();
        CalibrationSet calibrations = request.calibration();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", model.name());
            doc.put("replica", replica.label());
            doc.put("lengths", lengths.name());
            doc.put("load", SimulateCommand.loadJson(LoadMode.openLoop()));
            doc.put("slo", slo);
            doc.put("calibration", calibrations.describe(java.util.List.of(replica.gpu().name())));
            doc.put("calibrationFingerprint", calibrations.fingerprint());
            doc.put("engine", calibrations.engine().id());
            doc.put("engineProfile", calibrations.engine().describe());
            doc.put("maxRatePerS", r.maxRatePerS());
            doc.put("perGpuRatePerS", r.perGpuRatePerS());
            doc.put("simulations", r.simulations());
            doc.put("wallSeconds", r.wallSeconds());
            doc.put("atMaxRate", r.atMaxRate());
            JsonOutput.print(context.out(), doc);
        } else {
            context.out().printf(Locale.ROOT, "%s on %s, lengths %s: %.3f req/s per replica (%.3f per GPU) at %.0f%% SLO attainment; "
                            + "%d simulations in %.2f s%n", model.name(), replica.label(), lengths.name(), r.maxRatePerS(),
                    r.perGpuRatePerS(), 100 * slo.attainment(), r.simulations(), r.wallSeconds());
            context.out().println("calibration: " + calibrations.describe(java.util.List.of(replica.gpu().name())));
            context.out().flush();
        }
        return 0;
    }

    private Integer closedLoop(SimulationService service, SimulationService.Resolved resolved, LengthDistribution lengths) {
        SimulationRequest request = resolved.request();
        ConcurrencySearch.Result r = service.maxConcurrency(request, lengths,
                new ConcurrencySearch.Options(requests, seed, 30), new StderrProgress(context.err(), "capacity"));
        ModelSpec model = resolved.model();
        ReplicaConfig replica = resolved.replica();
        Slo slo = request.slo();
        CalibrationSet calibrations = request.calibration();
        String calibrationUsed = calibrations.describe(java.util.List.of(replica.gpu().name()));
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", model.name());
            doc.put("replica", replica.label());
            doc.put("lengths", lengths.name());
            doc.put("load", Map.of("mode", "closed-loop"));
            doc.put("slo", slo);
            doc.put("calibration", calibrationUsed);
            doc.put("calibrationFingerprint", calibrations.fingerprint());
            doc.put("engine", calibrations.engine().id());
            doc.put("maxConcurrency", r.maxConcurrency());
            doc.put("atSearchBound", r.atBound());
            doc.put("throughputPerS", r.throughputPerS());
            doc.put("perGpuThroughputPerS", r.perGpuThroughputPerS());
            doc.put("measuredAttainment", r.measuredAttainment());
            doc.put("simulations", r.simulations());
            doc.put("wallSeconds", r.wallSeconds());
            doc.put("atMaxConcurrency", r.atMaxConcurrency());
            JsonOutput.print(context.out(), doc);
        } else if (r.maxConcurrency() == 0) {
            context.out().printf(Locale.ROOT, "%s on %s, lengths %s: even one request at a time misses the SLO "
                    + "(%.0f%% attained); %d simulations in %.2f s%n", model.name(), replica.label(), lengths.name(),
                    100 * r.measuredAttainment(), r.simulations(), r.wallSeconds());
            context.out().println("calibration: " + calibrationUsed);
        } else {
            context.out().printf(Locale.ROOT, "%s on %s, lengths %s, closed loop: %s%d requests in flight meet the SLO; "
                            + "%.3f req/s per replica (%.3f per GPU) at %.0f%% SLO attainment; %d simulations in %.2f s%n",
                    model.name(), replica.label(), lengths.name(), r.atBound() ? ">= " : "", r.maxConcurrency(),
                    r.throughputPerS(), r.perGpuThroughputPerS(), 100 * r.measuredAttainment(), r.simulations(),
                    r.wallSeconds());
            context.out().println("calibration: " + calibrationUsed);
        }
        context.out().flush();
        return 0;
    }
}
