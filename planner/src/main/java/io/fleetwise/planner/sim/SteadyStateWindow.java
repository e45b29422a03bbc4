package io.fleetwise.planner.sim;

import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.workload.RequestTrace;

/**
 * Which requests of a finite run measure a replica's steady state. A run that starts from an empty replica and
 * stops arriving at the end flatters an overloaded rate: the first requests meet an idle replica and the last ones
 * finish while the batch drains. With host time per running sequence (docs/perf-model.md) TPOT rises with the
 * batch, so above the sustainable rate the batch, and TPOT, keep growing; a short run still attains the SLO
 * because most of its requests sit in the warm-up or the drain. Near that rate the batch takes tens of seconds to
 * settle, and attainment swings from one ten-second stretch to the next (an H100 with llama-3.1-8b at 28 req/s: a
 * 10 s run attains 100 %, a 70 s run 24 %). So the warm-up is at least {@link #WARM_UP_SECONDS} of arrivals and the
 * measured requests span at least {@link #MEASURED_SECONDS} of arrivals, whatever the request count asked for. Runs
 * add the unmeasured warm-up before the measured requests and {@link #TAIL_FRACTION} after them (keeping the load on
 * while the measured requests finish), and count only the measured ones. Capacity search, plan search's goodput and
 * fleet validation all use it, so a rate the search calls sustainable is judged the same way when the planned fleet
 * is simulated.
 */
public final class SteadyStateWindow {
    /** Least unmeasured requests before the measured ones, as a fraction of the measured count. */
    public static final double WARM_UP_FRACTION = 0.5;
    /** Least simulated time of unmeasured arrivals before the measured ones. */
    public static final double WARM_UP_SECONDS = 60.0;
    /** Least simulated time the measured arrivals span. */
    public static final double MEASURED_SECONDS = 60.0;
    /** Unmeasured requests after the measured ones, as a fraction of the measured count. */
    public static final double TAIL_FRACTION = 0.25;

    private SteadyStateWindow() {
    }

    /** Requests to measure when {@code requested} are asked for and requests arrive at {@code ratePerS}. */
    public static int measuredRequests(int requested, double ratePerS) {
        checkRate(ratePerS);
        return (int) Math.max(requested, Math.ceil(ratePerS * MEASURED_SECONDS));
    }

    /** Unmeasured requests to run first when requests arrive at {@code ratePerS} on average. */
    public static int warmUpRequests(int measured, double ratePerS) {
        checkRate(ratePerS);
        return (int) Math.max(Math.ceil(measured * WARM_UP_FRACTION), Math.ceil(ratePerS * WARM_UP_SECONDS));
    }

    private static void checkRate(double ratePerS) {
        if (!(ratePerS > 0) || Double.isInfinite(ratePerS)) {
            throw new IllegalArgumentException("Arrival rate must be > 0 and finite, was " + ratePerS);
        }
    }

    public static int tailRequests(int measured) {
        return (int) Math.ceil(measured * TAIL_FRACTION);
    }

    /** Measured plus unmeasured requests to simulate for {@code measured} measured ones (already widened by {@link #measuredRequests}) at {@code ratePerS}. */
    public static int totalRequests(int measured, double ratePerS) {
        return warmUpRequests(measured, ratePerS) + measured + tailRequests(measured);
    }

    /**
     * A finite run that measures steady state: the requests to simulate, and which of them count.
     *
     * @param warmUp   unmeasured requests first
     * @param measured measured requests after them (an unmeasured tail follows)
     */
    public record Stream(RequestTrace trace, int warmUp, int measured) {
        public int measuredEnd() {
            return warmUp + measured;
        }
    }

    /**
     * {@code trace}'s requests at mean rate {@code ratePerS}: its arrival gaps scaled, and the trace repeated as often
     * as the warm-up, at least {@code requested} measured requests and the tail need at that rate (one mean gap
     * between repetitions). A trace whose requests all arrive at once gets even gaps of 1/rate. Repetitions keep the
     * shared prefixes inside each copy but not across copies (their prefix ids are remapped), so a short trace
     * repeated does not turn into a cache hit on every request.
     */
    public static Stream repeated(RequestTrace trace, double ratePerS, int requested) {
        checkRate(ratePerS);
        int n = trace.size();
        if (n == 0) {
            throw new IllegalArgumentException("Trace '" + trace.name() + "' has no requests to repeat");
        }
        int measured = measuredRequests(requested, ratePerS);
        int warmUp = warmUpRequests(measured, ratePerS);
        int total = totalRequests(measured, ratePerS);
        long span = trace.arrivalNs(n - 1) - trace.arrivalNs(0);
        double meanGapNs = span > 0 ? (double) span / Math.max(1, n - 1) : 0;
        double scale = span > 0 ? 1e9 / ratePerS / meanGapNs : 0;
        double evenGapNs = span > 0 ? 0 : 1e9 / ratePerS;
        long[] t = new long[total];
        int[] in = new int[total];
        int[] out = new int[total];
        int[][] hashes = trace.hasPrefixHashes() ? new int[total][] : null;
        double now = 0;
        for (int i = 0; i < total; i++) {
            int k = i % n;
            if (i > 0) {
                double gap = k == 0 ? meanGapNs : trace.arrivalNs(k) - trace.arrivalNs(k - 1);
                now += span > 0 ? gap * scale : evenGapNs;
            }
            t[i] = (long) now;
            in[i] = trace.inputTokens(k);
            out[i] = trace.outputTokens(k);
            if (hashes != null) {
                int copy = i / n;
                int[] h = trace.prefixHashes(k);
                if (copy == 0) {
                    hashes[i] = h;
                } else {
                    hashes[i] = new int[h.length];
                    for (int j = 0; j < h.length; j++) {
                        hashes[i][j] = h[j] ^ (copy * 0x9E3779B9);
                    }
                }
            }
        }
        RequestTrace stream = new RequestTrace(trace.name() + " steady @" + ratePerS + "/s", t, in, out, hashes,
                trace.hashBlockTokens());
        return new Stream(stream, warmUp, measured);
    }

    /**
     * Whether a run of {@code stream} sustained its rate: nothing dropped, and the measured requests and the later
     * half of them (a growing backlog shows there first) each attain {@code slo.attainment()}.
     */
    public static boolean sustained(SimulationResult result, Slo slo, Stream stream) {
        int from = stream.warmUp();
        int to = stream.measuredEnd();
        return result.summary().dropped() == 0 && attainment(result, slo, from, to) >= slo.attainment()
                && attainment(result, slo, from + stream.measured() / 2, to) >= slo.attainment();
    }

    /** Whether request {@code i} of {@code result} finished and met every target of {@code slo}. */
    public static boolean meets(SimulationResult result, int i, Slo slo) {
        return result.completed(i) && slo.isMetBy(result.ttftMs(i), result.tpotMs(i), result.e2eMs(i));
    }

    /** Fraction of requests {@code from} (inclusive) to {@code to} (exclusive) that finished within the SLO. */
    public static double attainment(SimulationResult result, Slo slo, int from, int to) {
        if (to <= from) {
            throw new IllegalArgumentException("Empty request window [" + from + ", " + to + ")");
        }
        int met = 0;
        for (int i = from; i < to; i++) {
            if (meets(result, i, slo)) {
                met++;
            }
        }
        return (double) met / (to - from);
    }
}
