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
        check();
        return ttftMs == null && tpotMs == null && e2eMs == null ? null : orUnbounded();
    }

    /** The SLO; a target not given is unbounded. */
    Slo orUnbounded() {
        check();
        return new Slo(bound(ttftMs), bound(tpotMs), bound(e2eMs), attainment);
    }

    /** Checked even when no target is given, so a mistyped share is never silently ignored. */
    private void check() {
        if (!(attainment > 0 && attainment <= 1)) {
            throw new io.fleetwise.planner.ingest.InputException("--slo-attainment " + attainment
                    + " is out of range; allowed more than 0 up to 1 (a share of requests, e.g. 0.9)");
        }
        for (Double ms : new Double[] {ttftMs, tpotMs, e2eMs}) {
            if (ms != null && !(ms > 0 && ms < 1e9)) {
                throw new io.fleetwise.planner.ingest.InputException("SLO target " + ms
                        + " ms is out of range; allowed more than 0 and less than 1e9 ms");
            }
        }
    }

    private static double bound(Double ms) {
        return ms == null ? Double.POSITIVE_INFINITY : ms;
    }
}
