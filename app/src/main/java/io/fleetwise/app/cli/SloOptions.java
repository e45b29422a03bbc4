package io.fleetwise.app.cli;

import io.fleetwise.planner.model.Slo;
import picocli.CommandLine.Option;

/** The SLO options of every command that judges serving against targets ({@code simulate}, {@code capacity}, {@code search}). */
final class SloOptions {
    @Option(names = "--slo-ttft-ms", description = "TTFT target in ms (default none)")
    Double ttftMs;
    @Option(names = "--slo-tpot-ms", description = "TPOT target in ms (default none)")
    Double tpotMs;
    @Option(names = "--slo-e2e-ms", description = "end-to-end target in ms (default none)")
    Double e2eMs;
    @Option(names = "--slo-attainment", description = "share of requests that must meet the SLO (default 0.9)")
    double attainment = 0.9;

    /** The SLO, or null when no target is given. */
    Slo orNull() {
        return ttftMs == null && tpotMs == null && e2eMs == null ? null : orUnbounded();
    }

    /** The SLO; a target not given is unbounded. */
    Slo orUnbounded() {
        return new Slo(bound(ttftMs), bound(tpotMs), bound(e2eMs), attainment);
    }

    private static double bound(Double ms) {
        return ms == null ? Double.POSITIVE_INFINITY : ms;
    }
}
