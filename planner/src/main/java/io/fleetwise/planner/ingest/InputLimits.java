package io.fleetwise.planner.ingest;

/**
 * The largest inputs Fleetwise plans for, checked where a request count, a rate or a size enters (options,
 * study files, generators) before anything is allocated from it: an absurd value gets a one-line message,
 * never an OutOfMemoryError or a run that does not end.
 */
public final class InputLimits {
    /** Requests one generated or simulated workload may have (a few hundred MB of simulator state). */
    public static final int MAX_REQUESTS = 5_000_000;
    /** Arrival rates in requests per second. */
    public static final double MIN_RATE_PER_S = 1e-3;
    public static final double MAX_RATE_PER_S = 1e6;
    /** Longest span a generated workload may cover: a year of arrivals. */
    public static final double MAX_SPAN_S = 365.0 * 24 * 3600;
    /** Tokens in one prompt or one answer. */
    public static final int MAX_TOKENS = 100_000_000;
    /** Bytes read from a JSON configuration file (study, cluster, allocator, model config). */
    public static final long MAX_CONFIG_BYTES = 64L << 20;

    private InputLimits() {
    }

    /** Checks a generated workload's request count and rate together: the span must fit too. */
    public static void checkGenerated(String place, long requests, double ratePerS) {
        InputBounds.longIn(place + " requests", requests, 1, MAX_REQUESTS);
        InputBounds.doubleIn(place + " rate (requests/s)", ratePerS, MIN_RATE_PER_S, MAX_RATE_PER_S);
        double spanS = requests / ratePerS;
        if (spanS > MAX_SPAN_S) {
            throw new InputException(place + ": " + requests + " requests at " + ratePerS + " requests/s span "
                    + String.format(java.util.Locale.ROOT, "%.3g", spanS) + " s; allowed at most " + (long) MAX_SPAN_S
                    + " s (a year). Maybe raise the rate or lower the request count");
        }
    }
}
