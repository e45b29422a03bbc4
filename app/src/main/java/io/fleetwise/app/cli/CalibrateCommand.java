package io.fleetwise.app.cli;

import io.fleetwise.planner.perf.EfficiencyCurve;
import io.fleetwise.profiler.Profiler;
import io.fleetwise.datastore.calibration.StoredCalibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fleetwise calibrate}: a short sweep on a device, fitted efficiency curves stored as its next calibration
 * version; or, with {@code --from-runs}, the engine profile fitted to measured serving runs.
 */
@Command(name = "calibrate", description = {
        "Time a short sweep of GEMM, attention and elementwise shapes on a device, fit the performance model's efficiency curves",
        "to it, and store them as the device's next calibration version (used for predictions from then on).",
        "On the CPU device this calibrates the CPU device only; it says nothing about a GPU.",
        "With --from-runs: fit the engine profile's host costs (and, where the runs span enough prompt lengths, the GPU",
        "efficiency curves) to measured serving runs by least squares, report each run's leave-one-out error, and store it.",
        "Example: fleetwise calibrate --from-runs run1.json run2.json metrics.prom=requests.jsonl --engine vllm-0.6 \\",
        "  --model Llama-3.1-70B --gpu H100-SXM --tp 8 --gpu-memory-utilization 0.97"}, mixinStandardHelpOptions = true)
final class CalibrateCommand implements Runnable {
    private final CliContext context;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda:N (default ${DEFAULT-VALUE})")
    private String device;
    @Option(names = "--from-runs", arity = "1..*", paramLabel = "FILE",
            description = "measured serving runs: vllm bench serve --save-result JSON, sglang bench_serving JSONL, "
                    + "or METRICS.prom=REQUESTS.jsonl (a vLLM /metrics snapshot and the requests it served)")
    private java.util.List<String> fromRuns;
    @Option(names = "--engine", paramLabel = "ID", defaultValue = io.fleetwise.planner.engine.EngineProfiles.DEFAULT_ID,
            description = "the engine the runs were served by (vllm-v1, vllm-0.6 or sglang): its published host costs are where the fit starts, and the fit is stored as its next version (default ${DEFAULT-VALUE})")
    private String engine;
    @Option(names = "--label", description = "a name for the stored fit (default: the runs and the deployment)")
    private String label;
    @Option(names = "--no-store", description = "report the fit without storing it")
    private boolean noStore;
    @picocli.CommandLine.Mixin
    private RunDeploymentOptions deployment;
    @Mixin
    private OutputOptions output;

    CalibrateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        if (fromRuns != null) {
            new RunCalibrationOutput(context, output.format()).fitAndPrint(fromRuns, deployment, engine, label, !noStore);
            return;
        }
        OutputFormat format = output.format();
        Profiler profiler = ProfilerCommands.profiler(context.services());
        StoredCalibration c = profiler.calibrate(device, ProfilerCommands.progressTo(context.err()));
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("gemm_compute", c.profile().gemmComputeEff().fractions());
        curves.put("gemm_memory", c.profile().gemmMemoryEff().fractions());
        curves.put("attention_compute", c.profile().prefillAttnComputeEff().fractions());
        curves.put("attention_memory", c.profile().decodeAttnMemoryEff().fractions());
        curves.put("elementwise_memory", c.profile().elementwiseMemoryEff().fractions());
        if (format == OutputFormat.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("calibrationId", c.id());
            json.put("deviceKey", c.deviceKey());
            json.put("device", c.deviceName());
            json.put("deviceKind", c.deviceKind());
            json.put("version", c.version());
            json.put("createdAt", c.createdAt());
            json.put("sweepPoints", c.sweepPoints());
            json.put("fitRmsLogError", c.fitRmsLogError());
            json.put("source", c.profile().source());
            Map<String, Object> curveJson = new LinkedHashMap<>();
            curveJson.put("gemm_compute", curve(c.profile().gemmComputeEff()));
            curveJson.put("gemm_memory", curve(c.profile().gemmMemoryEff()));
            curveJson.put("attention_compute", curve(c.profile().prefillAttnComputeEff()));
            curveJson.put("attention_memory", curve(c.profile().decodeAttnMemoryEff()));
            curveJson.put("elementwise_memory", curve(c.profile().elementwiseMemoryEff()));
            json.put("curves", curveJson);
            JsonOutput.print(context.out(), json);
            return;
        }
        context.out().printf(Locale.ROOT, "Calibration %d: %s version %d, %d sweep cases, fit RMS error %.1f%% (log time)%n", c.id(),
                c.deviceKey(), c.version(), c.sweepPoints(), c.fitRmsLogError() * 100);
        if (c.deviceKind().equals("CPU")) {
            context.out().println("Calibrated the CPU device (plain Java): efficiencies are fractions of its reference peaks, not of a GPU's.");
        }
        CliTable t = new CliTable("curve", "fractions_at_knots");
        curves.forEach((k, v) -> t.row(k, java.util.Arrays.toString(java.util.Arrays.stream(v).map(x -> Math.round(x * 1e5) / 1e5).toArray())));
        t.print(context.out(), format, null);
    }

    private static Map<String, Object> curve(EfficiencyCurve c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sizes", c.sizes());
        m.put("fractions", c.fractions());
        return m;
    }
}
