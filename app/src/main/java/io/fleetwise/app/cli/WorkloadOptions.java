package io.fleetwise.app.cli;

import io.fleetwise.planner.workload.ArrivalProcess;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.TraceReaders;
import io.fleetwise.planner.workload.WorkloadGenerator;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Where requests come from: a trace file, a built-in trace, or a generator. */
final class WorkloadOptions {
    @Option(names = "--trace", paramLabel = "FILE", description = "Azure/BurstGPT CSV, Mooncake or StartTimeOffset JSONL")
    Path trace;
    @Option(names = "--builtin-trace", paramLabel = "azure-code|azure-conv",
            description = "the Azure LLM inference trace 2023 shipped with Fleetwise (CC-BY 4.0, Splitwise ISCA'24)")
    String builtinTrace;
    @Option(names = "--from-s", description = "keep trace requests from this many seconds after its start")
    double fromS = 0;
    @Option(names = "--to-s", description = "keep trace requests before this many seconds after its start")
    Double toS;
    @Option(names = "--rate-scale", description = "replay the trace this many times faster (default 1)")
    double rateScale = 1.0;
    @Option(names = "--rate", paramLabel = "R", description = "generate arrivals at R requests/s")
    Double rate;
    @Option(names = "--preset", paramLabel = "chat|code|long-context|summarization", description = "length preset (default chat)")
    String preset = "chat";
    @Option(names = "--burstiness", paramLabel = "CV", description = "gamma inter-arrival coefficient of variation (1 = Poisson)")
    double burstinessCv = 1.0;
    @Option(names = "--requests", description = "requests to generate (default 2000)")
    int requests = 2000;
    @Option(names = "--seed", description = "random seed (default 1)")
    long seed = 1;

    RequestTrace load() throws IOException {
        int sources = (trace != null ? 1 : 0) + (builtinTrace != null ? 1 : 0) + (rate != null ? 1 : 0);
        if (sources != 1) {
            throw new IllegalArgumentException("Give exactly one of --trace FILE, --builtin-trace NAME and --rate R.");
        }
        double to = toS == null ? TraceReaders.ALL : toS;
        RequestTrace t;
        if (trace != null) {
            t = TraceReaders.read(trace, fromS, to);
        } else if (builtinTrace != null) {
            String which = builtinTrace.replace("azure-", "");
            t = TraceReaders.builtInAzure2023(which);
            if (fromS > 0 || toS != null) {
                t = t.window((long) (fromS * 1e9), toS == null ? Long.MAX_VALUE : (long) (toS * 1e9));
            }
        } else {
            t = WorkloadGenerator.generate(preset + " @" + rate + "/s", requests, ArrivalProcess.gamma(rate, burstinessCv),
                    LengthPresets.preset(preset), seed);
        }
        return rateScale == 1.0 ? t : t.scaledRate(rateScale);
    }
}
