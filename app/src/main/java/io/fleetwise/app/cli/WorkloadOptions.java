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
    @Option(names = "--rate", paramLabel = "R|inf",
            description = "generate arrivals at R requests/s; inf sends every request at t=0 (vllm bench serve --request-rate inf)")
    String rate;
    @Option(names = "--preset", paramLabel = "chat|code|long-context|summarization", description = "length preset (default chat)")
    String preset = "chat";
    @Option(names = "--burstiness", paramLabel = "CV", description = "gamma inter-arrival coefficient of variation (1 = Poisson)")
    double burstinessCv = 1.0;
    @Option(names = "--requests", description = "requests to generate (default 2000)")
    int requests = 2000;
    @Option(names = "--seed", description = "random seed (default 1)")
    long seed = 1;

    RequestTrace load() throws IOException {
        return load(false);
    }

    /**
     * The requests; with {@code rateOptional} (a closed loop or offline run, where the engines' benchmark clients
     * default to --request-rate inf) a missing source means generated requests all at t = 0.
     */
    RequestTrace load(boolean rateOptional) throws IOException {
        int sources = (trace != null ? 1 : 0) + (builtinTrace != null ? 1 : 0) + (rate != null ? 1 : 0);
        if (sources == 0 && rateOptional) {
            rate = "inf";
            sources = 1;
        }
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
            double r = ratePerS();
            t = WorkloadGenerator.generate(preset + " @" + rate + "/s", requests, ArrivalProcess.gamma(r, burstinessCv),
                    LengthPresets.preset(preset), seed);
        }
        return rateScale == 1.0 ? t : t.scaledRate(rateScale);
    }

    private double ratePerS() {
        String text = rate.trim();
        if (text.equalsIgnoreCase("inf") || text.equalsIgnoreCase("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        double r;
        try {
            r = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rate: '" + rate + "' is not a number of requests/s or 'inf'.");
        }
        if (!(r > 0) || Double.isNaN(r)) {
            throw new IllegalArgumentException("--rate must be > 0 requests/s or 'inf', was " + rate + ".");
        }
        return r;
    }
}
