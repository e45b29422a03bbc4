package io.fleetwise.planner.sim;

import java.util.Locale;

/**
 * How the client sends a trace's requests to the servers, as the benchmark clients that engines ship do it, so a
 * benchmark run can be replayed the way it was made.
 * <ul>
 *   <li>{@link Kind#OPEN_LOOP}: each request is sent at its arrival time, however many are still being served
 *       ({@code vllm bench serve --request-rate R}, SGLang {@code bench_serving --request-rate R}).</li>
 *   <li>{@link Kind#CLOSED_LOOP}: at most {@code maxConcurrency} requests in flight; a request is sent at its arrival
 *       time or, when {@code maxConcurrency} are in flight then, the moment one of them finishes, in arrival order
 *       ({@code --max-concurrency C}: the client's semaphore). With every arrival at t = 0
 *       ({@code --request-rate inf}) the client keeps exactly C in flight: a closed loop. Latencies count from the
 *       moment a request is sent, as those clients measure them (the wait for a free slot is the client's, not the
 *       server's).</li>
 *   <li>{@link Kind#OFFLINE}: every request is handed to the engine at t = 0 whatever its arrival time, with no
 *       API server in between ({@code vllm bench throughput}, {@code LLM.generate}, SGLang
 *       {@code bench_offline_throughput}): the engine's own limits (max_num_seqs, batch tokens, KV blocks) are the
 *       only ones, and the per-request front-end delay of the calibration does not apply.</li>
 * </ul>
 *
 * @param maxConcurrency the client's cap on requests in flight for CLOSED_LOOP; {@link Integer#MAX_VALUE} otherwise
 */
public record LoadMode(Kind kind, int maxConcurrency) {

    public enum Kind { OPEN_LOOP, CLOSED_LOOP, OFFLINE }

    private static final LoadMode OPEN = new LoadMode(Kind.OPEN_LOOP, Integer.MAX_VALUE);
    private static final LoadMode OFFLINE_MODE = new LoadMode(Kind.OFFLINE, Integer.MAX_VALUE);

    public LoadMode {
        if (kind == null) {
            throw new IllegalArgumentException("LoadMode needs a kind (OPEN_LOOP, CLOSED_LOOP or OFFLINE)");
        }
        if (kind == Kind.CLOSED_LOOP && maxConcurrency < 1) {
            throw new IllegalArgumentException("Closed loop needs a max concurrency >= 1, was " + maxConcurrency);
        }
        if (kind != Kind.CLOSED_LOOP && maxConcurrency != Integer.MAX_VALUE) {
            throw new IllegalArgumentException(kind + " has no concurrency cap; got " + maxConcurrency
                    + ". Maybe use LoadMode.closedLoop(" + maxConcurrency + ").");
        }
    }

    /** Requests sent at their arrival times (the default). */
    public static LoadMode openLoop() {
        return OPEN;
    }

    /** At most {@code maxConcurrency} requests in flight. */
    public static LoadMode closedLoop(int maxConcurrency) {
        return new LoadMode(Kind.CLOSED_LOOP, maxConcurrency);
    }

    /** Every request at t = 0, straight into the engine. */
    public static LoadMode offline() {
        return OFFLINE_MODE;
    }

    /**
     * The mode a benchmark command line describes: {@code offline} wins; else a {@code maxConcurrency} (null when
     * not given) makes it a closed loop; else open loop.
     */
    public static LoadMode of(boolean offline, Integer maxConcurrency) {
        if (offline && maxConcurrency != null) {
            throw new IllegalArgumentException("Offline sends every request at once; it takes no max concurrency (got "
                    + maxConcurrency + "). Maybe drop --offline to run a closed loop.");
        }
        if (offline) {
            return offline();
        }
        return maxConcurrency == null ? openLoop() : closedLoop(maxConcurrency);
    }

    public boolean isOpenLoop() {
        return kind == Kind.OPEN_LOOP;
    }

    public boolean isOffline() {
        return kind == Kind.OFFLINE;
    }

    public boolean capsConcurrency() {
        return kind == Kind.CLOSED_LOOP;
    }

    /** Short label for results: "open loop", "closed loop, max 64 in flight", "offline". */
    public String label() {
        switch (kind) {
            case CLOSED_LOOP: return "closed loop, max " + maxConcurrency + " in flight";
            case OFFLINE: return "offline (all at t=0)";
            default: return "open loop";
        }
    }

    /** Stable identifier for JSON: open-loop, closed-loop, offline. */
    public String id() {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
