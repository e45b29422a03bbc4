package io.fleetwise.planner.sim;

import io.fleetwise.planner.model.Slo;

/**
 * Whether one capacity-search run attains the SLO in its {@link SteadyStateWindow}, decided as soon as the answer
 * can no longer change, so the run can stop there. The full run's answer is: nothing dropped, and at least
 * {@code slo.attainment()} of the measured requests and of the later half of them met the SLO. While the run goes on,
 * a request of the window counts as met when it finishes within every target, and as missed when it finishes late,
 * or when it is still waiting for its first token (or still running) past its TTFT (or E2E) deadline: a later event
 * can only make it later. The run has lost once so many requests missed that the rest cannot reach the attainment,
 * and has won once enough met it in both windows and no remaining request can be dropped (every request fits the
 * KV pool, which the caller checks). Requests are judged with the same arithmetic as {@link SimulationResult} and
 * {@link SteadyStateWindow#attainment}, so a decided verdict is the full run's verdict.
 */
final class SteadyStateVerdict {
    private final Slo slo;
    private final int from;
    private final int laterFrom;
    private final int to;
    private final boolean dropsImpossible;
    private final boolean[] judged;
    private int met;
    private int missed;
    private int laterMet;
    private int laterMissed;
    private int dropped;
    /** Next request (arrival order) whose first-token or end deadline the scan has not passed yet. */
    private int deadlineCursor;
    private final double deadlineMs;
    private final double deadlineNs;
    private boolean decided;
    private boolean decidedEarly;
    private boolean attained;

    /**
     * @param from            first measured request (inclusive)
     * @param to              end of the measured requests (exclusive)
     * @param dropsImpossible no request of the run can ever be dropped (each fits the KV pool with its whole length)
     */
    SteadyStateVerdict(Slo slo, int from, int to, boolean dropsImpossible) {
        if (to <= from) {
            throw new IllegalArgumentException("Empty request window [" + from + ", " + to + ")");
        }
        this.slo = slo;
        this.from = from;
        this.to = to;
        this.laterFrom = from + (to - from) / 2;
        this.dropsImpossible = dropsImpossible;
        this.judged = new boolean[to - from];
        this.deadlineCursor = from;
        this.deadlineMs = Math.min(slo.ttftMs(), slo.e2eMs());
        this.deadlineNs = deadlineMs * 1e6;
    }

    /** Measured window for {@code measured} measured requests after {@code warmUp} unmeasured ones. */
    static SteadyStateVerdict of(Slo slo, int warmUp, int measured, boolean dropsImpossible) {
        return new SteadyStateVerdict(slo, warmUp, warmUp + measured, dropsImpossible);
    }

    boolean decided() {
        return decided;
    }

    /** Whether the verdict was certain before the run processed every request (so the run stopped there). */
    boolean decidedEarly() {
        return decidedEarly;
    }

    /** The verdict: decided early, or (after the whole run) from every measured request. */
    boolean attained() {
        return attained;
    }

    double attainment() {
        return (double) met / (to - from);
    }

    double laterHalfAttainment() {
        return (double) laterMet / (to - laterFrom);
    }

    int dropped() {
        return dropped;
    }

    void dropped(int r) {
        dropped++;
        decide(false);
    }

    /** Request {@code r} finished at {@code rq.finishNs[r]}. */
    void finished(int r, RequestTable rq) {
        if (r < from || r >= to || judged[r - from]) {
            return;
        }
        double ttftMs = (rq.firstTokenNs[r] - rq.arrivalNs[r]) / 1e6;
        double e2eMs = (rq.finishNs[r] - rq.arrivalNs[r]) / 1e6;
        double tpotMs = rq.output[r] > 1 ? (rq.finishNs[r] - rq.firstTokenNs[r]) / 1e6 / (rq.output[r] - 1) : 0.0;
        judge(r, slo.isMetBy(ttftMs, tpotMs, e2eMs));
    }

    /**
     * Time reached {@code nowNs}: requests of the window still without a first token past their TTFT deadline, or
     * unfinished past their E2E deadline, have missed.
     */
    void advance(double nowNs, RequestTable rq) {
        if (decided || Double.isInfinite(deadlineMs)) {
            return;
        }
        while (deadlineCursor < to && nowNs - rq.arrivalNs[deadlineCursor] > deadlineNs) {
            if (!((nowNs - rq.arrivalNs[deadlineCursor]) / 1e6 > deadlineMs)) {
                break; // the cheap test ran ahead of the exact one by a rounding: look again at the next event
            }
            int r = deadlineCursor++;
            if (judged[r - from] || !Double.isNaN(rq.finishNs[r])) {
                continue;
            }
            double sinceArrivalMs = (nowNs - rq.arrivalNs[r]) / 1e6;
            boolean lateFirstToken = Double.isNaN(rq.firstTokenNs[r]) && sinceArrivalMs > slo.ttftMs();
            boolean lateEnd = sinceArrivalMs > slo.e2eMs();
            if (lateFirstToken || lateEnd) {
                judge(r, false);
                if (decided) {
                    return;
                }
            }
        }
    }

    /** The run ended with every request processed: the verdict from all measured requests. */
    void finish() {
        if (!decided) {
            decide(dropped == 0 && attainment() >= slo.attainment() && laterHalfAttainment() >= slo.attainment());
            decidedEarly = false;
        }
    }

    private void judge(int r, boolean meets) {
        judged[r - from] = true;
        boolean later = r >= laterFrom;
        if (meets) {
            met++;
            if (later) {
                laterMet++;
            }
        } else {
            missed++;
            if (later) {
                laterMissed++;
            }
        }
        if (decided) {
            return;
        }
        int count = to - from;
        int laterCount = to - laterFrom;
        if ((double) (count - missed) / count < slo.attainment()
                || (double) (laterCount - laterMissed) / laterCount < slo.attainment()) {
            decide(false);
        } else if (dropsImpossible && (double) met / count >= slo.attainment()
                && (double) laterMet / laterCount >= slo.attainment()) {
            decide(true);
        }
    }

    private void decide(boolean verdict) {
        if (!decided) {
            decided = true;
            decidedEarly = true;
            attained = verdict;
        }
    }
}
