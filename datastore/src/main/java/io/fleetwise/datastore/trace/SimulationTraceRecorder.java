package io.fleetwise.datastore.trace;

import io.fleetwise.planner.sim.SimulationTraceSink;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;

/**
 * Stores a simulation's timeline through a {@link TraceWriter}: per replica a process track with an
 * "iterations" thread (one slice per iteration, its batch in args), a "requests" async track (one slice per
 * request lifetime, overlapping freely), counters for queued/running requests and KV utilisation, preemptions
 * as instants, and a flow from each request to the iteration that produced its first token.
 * The caller commits the writer after the run (or closes it to discard the trace).
 */
public final class SimulationTraceRecorder implements SimulationTraceSink {
    private final TraceWriter writer;
    private final Map<Integer, Replica> replicas = new HashMap<>();

    public SimulationTraceRecorder(TraceWriter writer) {
        this.writer = writer;
    }

    @Override
    public void replica(int replicaId, String label, int gpuCount) {
        replicaTracks(replicaId, label + " (" + gpuCount + " GPU" + (gpuCount == 1 ? "" : "s") + ")");
    }

    @Override
    public void iteration(int replicaId, long startNs, long endNs, int prefillSeqs, int prefillTokens, int decodeSeqs,
                          long decodeContextTokens) {
        Replica r = replicaTracks(replicaId, null);
        String name = prefillSeqs > 0 && decodeSeqs > 0 ? "prefill+decode" : prefillSeqs > 0 ? "prefill" : "decode";
        String args = String.format(Locale.ROOT,
                "{\"prefill_seqs\":%d,\"prefill_tokens\":%d,\"decode_seqs\":%d,\"decode_context_tokens\":%d}",
                prefillSeqs, prefillTokens, decodeSeqs, decodeContextTokens);
        long id = writer.slice(r.iterations, startNs, Math.max(0, endNs - startNs), name, "iteration", args);
        r.addIteration(startNs, endNs, id);
    }

    @Override
    public void request(int requestId, int prefillReplicaId, int replicaId, long arrivalNs, long scheduledNs, long firstTokenNs,
                        long finishNs, int inputTokens, int outputTokens, int preemptions) {
        Replica r = replicaTracks(replicaId, null);
        String args = String.format(Locale.ROOT,
                "{\"input_tokens\":%d,\"output_tokens\":%d,\"queue_ns\":%d,\"ttft_ns\":%d,\"e2e_ns\":%d,\"preemptions\":%d,\"prefill_replica\":%d}",
                inputTokens, outputTokens, scheduledNs - arrivalNs, firstTokenNs - arrivalNs, finishNs - arrivalNs, preemptions,
                prefillReplicaId);
        long id = writer.slice(r.requests, arrivalNs, Math.max(0, finishNs - arrivalNs), "request " + requestId, "request", args);
        long firstTokenIteration = replicaTracks(prefillReplicaId, null).iterationEndingAt(firstTokenNs);
        if (firstTokenIteration >= 0) {
            writer.flow(id, firstTokenIteration, "first token", "request");
        }
    }

    @Override
    public void preemption(int replicaId, long timeNs, int requestId) {
        writer.instant(replicaTracks(replicaId, null).iterations, timeNs, "preempt request " + requestId, "scheduler", null);
    }

    @Override
    public void counters(int replicaId, long timeNs, int queuedRequests, int runningRequests, double kvUtilization) {
        Replica r = replicaTracks(replicaId, null);
        writer.counter(r.queued, timeNs, queuedRequests);
        writer.counter(r.running, timeNs, runningRequests);
        writer.counter(r.kv, timeNs, kvUtilization);
    }

    private Replica replicaTracks(int replicaId, String label) {
        Replica r = replicas.get(replicaId);
        if (r == null) {
            long process = writer.process(label != null ? "replica " + replicaId + ": " + label : "replica " + replicaId, replicaId);
            r = new Replica(writer.track(process, TrackKind.THREAD, "iterations", 1),
                    writer.track(process, TrackKind.ASYNC, "requests", 2),
                    writer.track(process, TrackKind.COUNTER, "queued requests", 0),
                    writer.track(process, TrackKind.COUNTER, "running requests", 0),
                    writer.track(process, TrackKind.COUNTER, "KV cache utilization", 0));
            replicas.put(replicaId, r);
        }
        return r;
    }

    /** Per replica tracks and the iterations so far (in time order, as the simulator emits them). */
    private static final class Replica {
        final long iterations;
        final long requests;
        final long queued;
        final long running;
        final long kv;
        long[] starts = new long[256];
        long[] ends = new long[256];
        long[] ids = new long[256];
        int size;

        Replica(long iterations, long requests, long queued, long running, long kv) {
            this.iterations = iterations;
            this.requests = requests;
            this.queued = queued;
            this.running = running;
            this.kv = kv;
        }

        void addIteration(long start, long end, long id) {
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
                ids = Arrays.copyOf(ids, size * 2);
            }
            starts[size] = start;
            ends[size] = end;
            ids[size] = id;
            size++;
        }

        /** The iteration with start &lt; t &lt;= end (the first token leaves at the end of an iteration), or -1. */
        long iterationEndingAt(long t) {
            int i = Arrays.binarySearch(starts, 0, size, t);
            int idx = i >= 0 ? i - 1 : -i - 2;
            for (int k = Math.max(0, idx); k >= 0 && k >= idx - 1; k--) {
                if (starts[k] < t && t <= ends[k]) {
                    return ids[k];
                }
            }
            return -1;
        }
    }
}
