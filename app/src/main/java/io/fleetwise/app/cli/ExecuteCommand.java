package io.fleetwise.app.cli;

import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.executor.run.IterationSchedule;
import io.fleetwise.executor.run.IterationScheduleJson;
import io.fleetwise.executor.run.TimingMode;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.profiler.ExecuteRequest;
import io.fleetwise.profiler.ExecutionReport;
import io.fleetwise.profiler.Profiler;
import io.fleetwise.profiler.compare.Comparison;
import io.fleetwise.profiler.compare.IterationComparison;
import io.fleetwise.profiler.compare.OperatorComparison;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code fleetwise execute}: run one GPU's share of a replica on a local device, store trace and profile, compare with the model. */
@Command(name = "execute", description = {
        "Run what one GPU of a replica executes, for a schedule of iterations, on a local device (a CUDA GPU or the CPU device).",
        "Stores the trace (open it in the Timeline) and the profile, and prints measured against predicted per operator class.",
        "On the CPU device the times are the CPU device's own, never a GPU's."}, mixinStandardHelpOptions = true)
final class ExecuteCommand implements Runnable {
    private final CliContext context;

    @Option(names = "--model", required = true, description = "model name as `catalog models` lists it")
    private String model;
    @Option(names = "--tp", required = true, description = "tensor parallelism of the replica")
    private int tp;
    @Option(names = "--pp", defaultValue = "1", description = "pipeline parallelism (default ${DEFAULT-VALUE})")
    private int pp;
    @Option(names = "--ep", defaultValue = "1", description = "expert parallelism (default ${DEFAULT-VALUE})")
    private int ep;
    @Option(names = "--stage", defaultValue = "0", description = "which pipeline stage this device runs (default ${DEFAULT-VALUE})")
    private int stage;
    @ArgGroup(exclusive = true, multiplicity = "1")
    private ScheduleSource source;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda:N (default ${DEFAULT-VALUE})")
    private String device;
    @Option(names = "--devices", paramLabel = "LIST", description = "a tensor-parallel group of local devices, one per TP rank: "
            + "GPU indices (0,1) or cuda:0,cuda:1, or cpu,cpu; the all-reduces then run for real between them (peer copies)")
    private String devices;
    @Option(names = "--per-iteration", description = "time whole iterations only (low overhead; no per-operator figures)")
    private boolean perIteration;
    @Option(names = "--trace-name", description = "name of the stored trace")
    private String traceName;
    @Mixin
    private OutputOptions output;

    static final class ScheduleSource {
        @Option(names = "--schedule", required = true, paramLabel = "FILE", description = "iteration schedule JSON")
        Path schedule;
        @ArgGroup(exclusive = false)
        Simulated simulated;
    }

    static final class Simulated {
        @Option(names = "--rate", required = true, description = "requests per second of the simulated Poisson workload")
        double rate;
        @Option(names = "--preset", required = true, description = "length preset: chat, code, long-context, summarization")
        String preset;
        @Option(names = "--iterations", required = true, description = "how many of the replica's first iterations to run")
        int iterations;
        @Option(names = "--max-batch-tokens", defaultValue = "0",
                description = "token budget per iteration (chunked prefill); 0 = vLLM's default batching")
        int maxBatchTokens;
    }

    ExecuteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        OutputFormat format = output.format();
        Profiler profiler = ProfilerCommands.profiler(context.services());
        if (devices != null) {
            device = devices;
        }
        ModelSpec spec = context.services().catalogStore().current().model(model);
        DeviceInfo dev = profiler.devices(device).get(0);
        IterationSchedule schedule;
        if (source.schedule != null) {
            schedule = IterationScheduleJson.read(source.schedule);
        } else {
            Simulated s = source.simulated;
            schedule = profiler.simulatedSchedule(dev, spec, tp, pp, s.maxBatchTokens, s.preset, s.rate, s.iterations,
                    ProfilerCommands.progressTo(context.err()));
        }
        ExecutionReport report = profiler.execute(new ExecuteRequest(spec, tp, pp, ep, stage, schedule, device,
                perIteration ? TimingMode.PER_ITERATION : TimingMode.PER_KERNEL, traceName), ProfilerCommands.progressTo(context.err()));
        print(report, format);
    }

    private void print(ExecutionReport r, OutputFormat format) {
        PrintWriter out = context.out();
        Comparison c = r.comparison();
        if (format == OutputFormat.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("device", r.device().name());
            json.put("deviceKind", r.device().kind().name());
            json.put("measuredOn", r.cpuDevice() ? "the CPU device (plain Java); not a GPU measurement" : r.device().name());
            json.put("devices", device);
            json.put("tpAllReduce", r.allReduceSource());
            json.put("shard", r.run().shard().name());
            json.put("timingMode", r.run().mode().name());
            json.put("traceId", r.trace().id());
            json.put("profileId", r.profileId());
            json.put("calibrationId", r.calibrationId());
            json.put("predictedWith", c.profileName());
            json.put("measuredTotalMs", c.measuredTotalMs());
            json.put("predictedTotalMs", c.predictedTotalMs());
            json.put("totalErrorPct", c.totalErrorPct());
            json.put("byOperator", c.byOperator().stream().map(o -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("operatorClass", o.operatorClass().name());
                m.put("measuredMs", o.measuredMs());
                m.put("predictedMs", o.predictedMs());
                m.put("errorPct", o.errorPct());
                m.put("measuredIsModelled", o.modelled());
                return m;
            }).toList());
            json.put("byIteration", c.byIteration().stream().map(i -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("iteration", i.iteration());
                m.put("batch", i.batch());
                m.put("measuredMs", i.measuredMs());
                m.put("modelledCollectivesMs", i.modelledMs());
                m.put("predictedMs", i.predictedMs());
                m.put("errorPct", i.errorPct());
                return m;
            }).toList());
            JsonOutput.print(out, json);
            return;
        }
        if (format == OutputFormat.TEXT) {
            out.printf(Locale.ROOT, "Ran %s on %s (%s timing)%n", r.run().shard().name(), r.device().name(), r.run().mode());
            if (r.cpuDevice()) {
                out.println("Measured on the CPU device: these are the plain-Java CPU device's times, not a GPU's.");
            }
            out.println("TP all-reduce: " + r.allReduceSource());
            out.printf(Locale.ROOT, "Stored trace %d \"%s\" (open it in the Timeline) and profile %d%n", r.trace().id(), r.trace().name(),
                    r.profileId());
            out.printf(Locale.ROOT, "Predicted with: %s%s%n", c.profileName(),
                    r.calibrationId() == null ? " (run `fleetwise calibrate --device " + device + "` to calibrate)" : "");
        }
        CliTable ops = new CliTable("operator_class", "measured_ms", "predicted_ms", "error_pct", "measured_is_modelled");
        for (OperatorComparison o : c.byOperator()) {
            ops.row(o.operatorClass().name(), round(o.measuredMs()), round(o.predictedMs()), round1(o.errorPct()), o.modelled() ? "yes" : "");
        }
        ops.print(out, format, null);
        if (format == OutputFormat.TEXT) {
            out.println();
            CliTable its = new CliTable("iteration", "batch", "measured_ms", "modelled_collectives_ms", "predicted_ms", "error_pct");
            for (IterationComparison i : c.byIteration()) {
                its.row(i.iteration(), i.batch(), round(i.measuredMs()), round(i.modelledMs()), round(i.predictedMs()), round1(i.errorPct()));
            }
            its.print(out, format, null);
            out.printf(Locale.ROOT, "Total: measured %.3f ms (device + modelled collectives), predicted %.3f ms, error %+.1f%%%n",
                    c.measuredTotalMs(), c.predictedTotalMs(), c.totalErrorPct());
            out.flush();
        }
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static double round1(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
    }
}
