package io.fleetwise.planner.model;

/**
 * Latency targets: a request meets the SLO when its TTFT, TPOT and E2E are all within target
 * (a target of {@link Double#POSITIVE_INFINITY} is not checked); the SLO is attained when at least
 * {@code attainment} of requests meet it (DistServe uses 0.90).
 */
public record Slo(double ttftMs, double tpotMs, double e2eMs, double attainment) {

    public Slo {
        if (!(ttftMs > 0) || !(tpotMs > 0) || !(e2eMs > 0)) {
            throw new IllegalArgumentException("Slo targets must be > 0 (use Infinity for none): ttftMs=" + ttftMs
                    + ", tpotMs=" + tpotMs + ", e2eMs=" + e2eMs);
        }
        if (!(attainment > 0 && attainment <= 1)) {
            throw new IllegalArgumentException("Slo attainment must be in (0, 1], was " + attainment);
        }
    }

    public static Slo of(double ttftMs, double tpotMs, double attainment) {
        return new Slo(ttftMs, tpotMs, Double.POSITIVE_INFINITY, attainment);
    }

    /** Whether one request meets every target; TPOT of a one-token request counts as 0 (vLLM goodput convention). */
    public boolean isMetBy(double requestTtftMs, double requestTpotMs, double requestE2eMs) {
        return requestTtftMs <= ttftMs && requestTpotMs <= tpotMs && requestE2eMs <= e2eMs;
    }
}
