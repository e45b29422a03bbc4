package io.fleetwise.planner.study;

import io.fleetwise.planner.workload.ArrivalProcess;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.TraceReaders;
import io.fleetwise.planner.workload.WorkloadGenerator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a study's requests are made: a length preset with Poisson arrivals, a generator (gamma gaps with
 * coefficient of variation {@code burstinessCv}, optionally a diurnal 24-hour rate curve), or a trace file.
 *
 * @param diurnalAmplitude 0 for a flat rate; a in (0, 1) makes the hourly rate {@code ratePerS * (1 + a sin(...))},
 *                         peaking at 14:00 (arrivals within the curve are Poisson, so {@code burstinessCv} is not used)
 * @param requests         how many requests a generated trace has
 * @param traceFile        the trace file when {@code source} is TRACE, else empty
 */
public record WorkloadSpec(Source source, String lengthPreset, double ratePerS, double burstinessCv,
                           double diurnalAmplitude, int requests, long seed, String traceFile) {

    public enum Source { PRESET, GENERATOR, TRACE }

    public WorkloadSpec {
        Objects.requireNonNull(source, "source");
        lengthPreset = lengthPreset == null ? "chat" : lengthPreset;
        traceFile = traceFile == null ? "" : traceFile;
        if (!(ratePerS > 0) || Double.isInfinite(ratePerS)) {
            throw new IllegalArgumentException("workload.ratePerS must be a number > 0, was " + ratePerS);
        }
        if (!(burstinessCv > 0) || burstinessCv > 20) {
            throw new IllegalArgumentException("workload.burstinessCv must be in (0, 20], was " + burstinessCv);
        }
        if (!(diurnalAmplitude >= 0 && diurnalAmplitude < 1)) {
            throw new IllegalArgumentException("workload.diurnalAmplitude must be in [0, 1), was " + diurnalAmplitude);
        }
        if (requests <= 0 || requests > io.fleetwise.planner.ingest.InputLimits.MAX_REQUESTS) {
            throw new IllegalArgumentException("workload.requests must be 1 to "
                    + io.fleetwise.planner.ingest.InputLimits.MAX_REQUESTS + ", was " + requests);
        }
        if (source == Source.TRACE && traceFile.isBlank()) {
            throw new IllegalArgumentException("workload.traceFile is empty but the source is a trace");
        }
        if (source != Source.TRACE && !LengthPresets.names().contains(lengthPreset)) {
            throw new IllegalArgumentException("workload.lengthPreset '" + lengthPreset + "' is unknown. Use one of "
                    + LengthPresets.names());
        }
    }

    public static WorkloadSpec preset(String lengthPreset, double ratePerS) {
        return new WorkloadSpec(Source.PRESET, lengthPreset, ratePerS, 1.0, 0, 2000, 1, "");
    }

    public WorkloadSpec withSource(Source newSource) {
        return new WorkloadSpec(newSource, lengthPreset, ratePerS, burstinessCv, diurnalAmplitude, requests, seed, traceFile);
    }

    public WorkloadSpec withLengthPreset(String preset) {
        return new WorkloadSpec(source, preset, ratePerS, burstinessCv, diurnalAmplitude, requests, seed, traceFile);
    }

    public WorkloadSpec withRatePerS(double rate) {
        return new WorkloadSpec(source, lengthPreset, rate, burstinessCv, diurnalAmplitude, requests, seed, traceFile);
    }

    public WorkloadSpec withBurstinessCv(double cv) {
        return new WorkloadSpec(source, lengthPreset, ratePerS, cv, diurnalAmplitude, requests, seed, traceFile);
    }

    public WorkloadSpec withDiurnalAmplitude(double amplitude) {
        return new WorkloadSpec(source, lengthPreset, ratePerS, burstinessCv, amplitude, requests, seed, traceFile);
    }

    public WorkloadSpec withRequests(int count) {
        return new WorkloadSpec(source, lengthPreset, ratePerS, burstinessCv, diurnalAmplitude, count, seed, traceFile);
    }

    /** A trace source keeps the generator settings, so switching back restores them. */
    public WorkloadSpec withTraceFile(String file) {
        return new WorkloadSpec(Source.TRACE, lengthPreset, ratePerS, burstinessCv, diurnalAmplitude, requests, seed, file);
    }

    /** The arrival process of a generated workload (not used for a trace). */
    public ArrivalProcess arrivals() {
        if (source == Source.PRESET) {
            return ArrivalProcess.poisson(ratePerS);
        }
        if (diurnalAmplitude > 0) {
            return ArrivalProcess.diurnal(hourlyRatesPerS());
        }
        return ArrivalProcess.gamma(ratePerS, burstinessCv);
    }

    /** The 24 hourly rates of the diurnal curve; their mean is {@code ratePerS}. */
    public double[] hourlyRatesPerS() {
        double[] hourly = new double[24];
        for (int h = 0; h < 24; h++) {
            hourly[h] = ratePerS * (1 + diurnalAmplitude * Math.sin(2 * Math.PI * (h - 8) / 24.0));
        }
        return hourly;
    }

    /** The requests: generated (same seed, same trace) or read from the trace file. */
    public RequestTrace trace() throws IOException {
        if (source == Source.TRACE) {
            return TraceReaders.read(Path.of(traceFile), 0, TraceReaders.ALL);
        }
        return WorkloadGenerator.generate(describe(), requests, arrivals(), LengthPresets.preset(lengthPreset), seed);
    }

    public String describe() {
        switch (source) {
            case TRACE:
                return "trace " + Path.of(traceFile).getFileName();
            case GENERATOR:
                return lengthPreset + " @" + ratePerS + "/s, CV " + burstinessCv
                        + (diurnalAmplitude > 0 ? ", diurnal ±" + Math.round(diurnalAmplitude * 100) + "%" : "");
            default:
                return lengthPreset + " @" + ratePerS + "/s Poisson";
        }
    }
}
