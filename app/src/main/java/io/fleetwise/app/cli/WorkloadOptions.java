package io.fleetwise.app.cli;

import io.fleetwise.planner.ingest.InputBounds;
import io.fleetwise.planner.ingest.InputFiles;
import io.fleetwise.planner.ingest.InputLimits;
import io.fleetwise.planner.service.WorkloadRequest;
import io.fleetwise.planner.workload.RequestTrace;
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
    @Option(names = "--requests", description = "requests to generate (default 2000); with a trace, its first N")
    Integer requests;
    @Option(names = "--seed", description = "random seed (default 1)")
    long seed = WorkloadRequest.DEFAULT_SEED;

    /**
     * The workload these options name; with {@code rateOptional} (a closed loop or offline run, where the engines'
     * benchmark clients default to --request-rate inf) a missing source means generated requests all at t = 0.
     */
    WorkloadRequest request(boolean rateOptional) {
        int sources = (trace != null ? 1 : 0) + (builtinTrace != null ? 1 : 0) + (rate != null ? 1 : 0);
        if (sources == 0 && rateOptional) {
            rate = "inf";
            sources = 1;
        }
        if (sources != 1) {
            throw new IllegalArgumentException("Give exactly one of --trace FILE, --builtin-trace NAME and --rate R.");
        }
        InputBounds.doubleIn("--rate-scale", rateScale, 1e-3, 1e6);
        InputBounds.doubleIn("--from-s", fromS, 0, InputLimits.MAX_SPAN_S * 100);
        if (toS != null) {
            InputBounds.doubleIn("--to-s", toS, 0, InputLimits.MAX_SPAN_S * 100);
        }
        if (rate != null) {
            double r = ratePerS();
            int n = requests == null ? WorkloadRequest.DEFAULT_REQUESTS : requests;
            if (Double.isInfinite(r)) {
                // every request at t = 0 (a closed loop or offline run): only the count needs a bound
                InputBounds.longIn("--requests", n, 1, InputLimits.MAX_REQUESTS);
            } else {
                InputLimits.checkGenerated("--requests/--rate", n, r);
            }
            InputBounds.doubleIn("--burstiness", burstinessCv, 0.01, 20);
        }
        if (trace != null) {
            InputFiles.requireRegularFile(trace, "--trace", Long.MAX_VALUE);
        }
        if (rate != null) {
            WorkloadRequest generated = WorkloadRequest.generated(preset, ratePerS(),
                    requests == null ? WorkloadRequest.DEFAULT_REQUESTS : requests);
            return generated.withArrivals(burstinessCv, 0, seed);
        }
        WorkloadRequest t = WorkloadRequest.trace(trace != null ? trace.toString() : builtinTrace.trim());
        if (trace != null && t.kind() == WorkloadRequest.Kind.BUILTIN_TRACE) {
            throw new IllegalArgumentException("--trace " + trace + ": that is a built-in trace's name; use --builtin-trace.");
        }
        if (builtinTrace != null && t.kind() != WorkloadRequest.Kind.BUILTIN_TRACE) {
            throw new IllegalArgumentException("--builtin-trace '" + builtinTrace + "' is not one of azure-code, azure-conv.");
        }
        t = t.withWindow(fromS, toS == null ? Double.POSITIVE_INFINITY : toS, rateScale);
        return requests == null ? t : t.withRequests(requests);
    }

    /** The requests of {@link #request}. */
    RequestTrace load(boolean rateOptional) throws IOException {
        return request(rateOptional).load();
    }

    /** Says on stderr what a trace file's reader repaired or left out (stdout stays the command's result). */
    void reportTo(java.io.PrintWriter err, RequestTrace t) {
        if (trace != null && (t.importReport().repairedCount() > 0 || t.importReport().skippedCount() > 0)) {
            err.println("fleetwise: " + trace.getFileName() + ": " + t.importReport().summary());
            err.flush();
        }
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
