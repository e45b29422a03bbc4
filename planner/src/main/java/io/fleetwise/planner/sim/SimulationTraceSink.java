package io.fleetwise.planner.sim;

/**
 * Receives the simulator's timeline as it happens (times in ns from the start of the trace). A datastore trace
 * store or a JSONL writer implements it; every method has a no-op default so a sink takes only what it needs.
 * Calls come from the simulating thread, in non-decreasing time per replica.
 */
public interface SimulationTraceSink {

    /** Once per replica before any event. */
    default void replica(int replicaId, String label, int gpuCount) {
    }

    /** One iteration of one replica and its batch composition. */
    default void iteration(int replicaId, long startNs, long endNs, int prefillSeqs, int prefillTokens, int decodeSeqs,
                           long decodeContextTokens) {
    }

    /** A request's lifetime, when it finishes. {@code prefillReplicaId} differs from {@code replicaId} when disaggregated. */
    default void request(int requestId, int prefillReplicaId, int replicaId, long arrivalNs, long scheduledNs,
                         long firstTokenNs, long finishNs, int inputTokens, int outputTokens, int preemptions) {
    }

    /** A request was preempted (its KV freed, to be recomputed). */
    default void preemption(int replicaId, long timeNs, int requestId) {
    }

    /** Queue and KV counters of a replica after an iteration. */
    default void counters(int replicaId, long timeNs, int queuedRequests, int runningRequests, double kvUtilization) {
    }

    /** The run is over. */
    default void finish(long endNs) {
    }

    SimulationTraceSink NONE = new SimulationTraceSink() { };
}
