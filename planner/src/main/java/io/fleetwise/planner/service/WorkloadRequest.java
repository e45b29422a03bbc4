package io.fleetwise.planner.service;

import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.workload.ArrivalProcess;
import io.fleetwise.planner.workload.LengthDistribution;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.TraceReaders;
import io.fleetwise.planner.workload.WorkloadGenerator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a workflow's requests come from, the same way for every entry point: generated from a length preset
 * (gamma arrival gaps, {@code burstinessCv} 1 = Poisson, optionally a diurnal rate curve), a trace file, or a
 * built-in trace.
 *
 * @param ratePerS   generated: the mean rate (infinite: every request at t = 0, for closed-loop and offline runs);
 *                   a trace: NaN keeps the trace's own rate, a number rescales its gaps to that mean rate
 * @param requests   generated: how many; a trace: 0 keeps them all, N keeps the first N (after the window)
 * @param trace      a trace file path, or for {@link Kind#BUILTIN_TRACE} {@code azure-code} / {@code azure-conv}
 * @param fromS      a trace: keep requests from this many seconds after its start
 * @param toS        a trace: keep requests before this many seconds after its start (infinite: to its end)
 * @param rateScale  a trace: replay this many times faster (applied after rescaling to {@code ratePerS})
 */
public record WorkloadRequest(Kind kind, String lengthPreset, double ratePerS, int requests, double burstinessCv,
                              double diurnalAmplitude, long seed, String trace, double fromS, double toS,
                              double rateScale) {

    public enum Kind { GENERATED, TRACE_FILE, BUILTIN_TRACE }

    /** Requests a generated workload has unless told otherwise: enough for a steady-state window of a few seconds. */
    public static final int DEFAULT_REQUESTS = 2000;
    /** Seed of generated workloads unless told otherwise. */
    public static final long DEFAULT_SEED = 1L;

    public WorkloadRequest {
        Objects.requireNonNull(kind, "kind");
        lengthPreset = lengthPreset == null ? "chat" : lengthPreset.trim().toLowerCase(Locale.ROOT);
        trace = trace == null ? "" : trace.trim();
        if (kind == Kind.GENERATED) {
            if (!LengthPresets.names().contains(lengthPreset)) {
                throw new IllegalArgumentException("Workload '" + lengthPreset + "' is not one of "
                        + LengthPresets.names() + ".");
            }
            ServingRules.rate("Rate (requests/s)", ratePerS, true);
            ServingRules.requests("Requests", requests);
            if (!(burstinessCv > 0) || burstinessCv > 20) {
                throw new IllegalArgumentException("Burstiness (CV of arrival gaps) must be in (0, 20], was "
                        + burstinessCv + ".");
            }
            if (!(diurnalAmplitude >= 0 && diurnalAmplitude < 1)) {
                throw new IllegalArgumentException("Diurnal amplitude must be in [0, 1), was " + diurnalAmplitude + ".");
            }
        } else {
            if (trace.isEmpty()) {
                throw new IllegalArgumentException("Name the trace: a file, or azure-code / azure-conv.");
            }
            if (kind == Kind.BUILTIN_TRACE && !trace.equals("azure-code") && !trace.equals("azure-conv")) {
                throw new IllegalArgumentException("Built-in trace '" + trace + "' is not one of azure-code, azure-conv.");
            }
            if (!Double.isNaN(ratePerS)) {
                ServingRules.rate("Rate (requests/s)", ratePerS, false);
            }
            if (requests != 0) {
                ServingRules.requests("Requests", requests);
            }
            if (!(fromS >= 0) || !(toS > fromS)) {
                throw new IllegalArgumentException("Trace window: from " + fromS + " s to " + toS
                        + " s must satisfy 0 <= from < to.");
            }
            ServingRules.positive("Rate scale", rateScale, "times");
        }
    }

    /** The chat preset at 4 requests/s, Poisson, {@value #DEFAULT_REQUESTS} requests, seed 1. */
    public static WorkloadRequest defaults() {
        return generated("chat", 4.0, DEFAULT_REQUESTS);
    }

    /** Poisson arrivals of a length preset. */
    public static WorkloadRequest generated(String preset, double ratePerS, int requests) {
        return new WorkloadRequest(Kind.GENERATED, preset, ratePerS, requests, 1.0, 0, DEFAULT_SEED, "", 0,
                Double.POSITIVE_INFINITY, 1.0);
    }

    /** A trace file, or a built-in trace ({@code azure-code}, {@code azure-conv}), whole and at its own rate. */
    public static WorkloadRequest trace(String fileOrBuiltIn) {
        String t = fileOrBuiltIn == null ? "" : fileOrBuiltIn.trim();
        Kind kind = t.equals("azure-code") || t.equals("azure-conv") ? Kind.BUILTIN_TRACE : Kind.TRACE_FILE;
        return new WorkloadRequest(kind, "chat", Double.NaN, 0, 1.0, 0, DEFAULT_SEED, t, 0, Double.POSITIVE_INFINITY, 1.0);
    }

    /** A study's workload (preset, generator or trace file). */
    public static WorkloadRequest of(WorkloadSpec spec) {
        if (spec.source() == WorkloadSpec.Source.TRACE) {
            return trace(spec.traceFile());
        }
        double cv = spec.source() == WorkloadSpec.Source.PRESET ? 1.0 : spec.burstinessCv();
        double diurnal = spec.source() == WorkloadSpec.Source.PRESET ? 0 : spec.diurnalAmplitude();
        return new WorkloadRequest(Kind.GENERATED, spec.lengthPreset(), spec.ratePerS(), spec.requests(), cv, diurnal,
                spec.seed(), "", 0, Double.POSITIVE_INFINITY, 1.0);
    }

    public WorkloadRequest withRate(double newRatePerS) {
        return new WorkloadRequest(kind, lengthPreset, newRatePerS, requests, burstinessCv, diurnalAmplitude, seed, trace,
                fromS, toS, rateScale);
    }

    public WorkloadRequest withRequests(int count) {
        return new WorkloadRequest(kind, lengthPreset, ratePerS, count, burstinessCv, diurnalAmplitude, seed, trace,
                fromS, toS, rateScale);
    }

    public WorkloadRequest withArrivals(double cv, double diurnal, long newSeed) {
        return new WorkloadRequest(kind, lengthPreset, ratePerS, requests, cv, diurnal, newSeed, trace, fromS, toS,
                rateScale);
    }

    public WorkloadRequest withWindow(double newFromS, double newToS, double scale) {
        return new WorkloadRequest(kind, lengthPreset, ratePerS, requests, burstinessCv, diurnalAmplitude, seed, trace,
                newFromS, newToS, scale);
    }

    public boolean isGenerated() {
        return kind == Kind.GENERATED;
    }

    /** The requests: generated (same request, same trace) or read and cut from the trace. */
    public RequestTrace load() throws IOException {
        if (kind == Kind.GENERATED) {
            ArrivalProcess arrivals = diurnalAmplitude > 0 ? ArrivalProcess.diurnal(hourlyRatesPerS())
                    : ArrivalProcess.gamma(ratePerS, burstinessCv);
            return WorkloadGenerator.generate(describe(), requests, arrivals, LengthPresets.preset(lengthPreset), seed);
        }
        RequestTrace t;
        if (kind == Kind.BUILTIN_TRACE) {
            t = TraceReaders.builtInAzure2023(trace.substring("azure-".length()));
            if (fromS > 0 || Double.isFinite(toS)) {
                t = t.window((long) (fromS * 1e9), Double.isFinite(toS) ? (long) (toS * 1e9) : Long.MAX_VALUE);
            }
        } else {
            t = TraceReaders.read(Path.of(trace), fromS, Double.isFinite(toS) ? toS : TraceReaders.ALL);
        }
        if (t.size() == 0) {
            throw new IllegalArgumentException("Trace " + trace + " has no requests in the window " + fromS + " s to "
                    + (Double.isFinite(toS) ? toS + " s" : "its end") + ".");
        }
        if (requests > 0 && requests < t.size()) {
            t = t.head(requests);
        }
        if (!Double.isNaN(ratePerS)) {
            double own = t.meanRatePerS();
            t = own > 0 ? t.scaledRate(ratePerS / own) : t;
        }
        return rateScale == 1.0 ? t : t.scaledRate(rateScale);
    }

    /** The request lengths alone (for bucket shares): the preset's distribution, or none for a trace. */
    public LengthDistribution lengthsOrNull() {
        return kind == Kind.GENERATED ? LengthPresets.preset(lengthPreset) : null;
    }

    private double[] hourlyRatesPerS() {
        double[] hourly = new double[24];
        for (int h = 0; h < 24; h++) {
            hourly[h] = ratePerS * (1 + diurnalAmplitude * Math.sin(2 * Math.PI * (h - 8) / 24.0));
        }
        return hourly;
    }

    /** "chat @4.0/s Poisson", "trace run.csv". */
    public String describe() {
        if (kind == Kind.GENERATED) {
            String arrivals = diurnalAmplitude > 0 ? "diurnal ±" + Math.round(diurnalAmplitude * 100) + "%"
                    : burstinessCv == 1.0 ? "Poisson" : "CV " + burstinessCv;
            return lengthPreset + " @" + ratePerS + "/s " + arrivals;
        }
        return kind == Kind.BUILTIN_TRACE ? "Azure 2023 " + trace.substring("azure-".length()) + " trace"
                : "trace " + Path.of(trace).getFileName();
    }
}
