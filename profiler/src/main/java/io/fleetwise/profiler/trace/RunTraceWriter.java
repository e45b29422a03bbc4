package io.fleetwise.profiler.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TraceWriter;
import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.executor.run.RunResult;
import io.fleetwise.executor.run.TimingRecord;
import io.fleetwise.planner.progress.ProgressListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

/**
 * Lays a run's timing records out as a trace: one process track for the device with a stream track
 * holding iteration slices, layer slices nested in them and operation slices nested in those, back to
 * back in execution order. Collectives the single device could not run keep their modelled duration on
 * the stream (a real replica would wait for them) and are also shown on their own track; every slice of
 * one says {@code "modelled": true} in its args. Times are the device's; the trace starts at 0 ns.
 */
public final class RunTraceWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunTraceWriter() {
    }

    public static TraceInfo write(TraceStore store, String traceName, RunResult run, ProgressListener listener) {
        ProgressListener l = listener == null ? ProgressListener.NONE : listener;
        try (TraceWriter w = store.beginTrace(traceName, null, "execution", l)) {
            long process = w.process(run.device() + " - " + run.shard().name(), 1);
            long stream = w.track(process, TrackKind.THREAD, "stream 0 (measured)", 1);
            long collectives = w.track(process, TrackKind.THREAD, "collectives (modelled, not run)", 2);
            Map<Integer, List<TimingRecord>> byIteration = new TreeMap<>();
            for (TimingRecord r : run.records()) {
                byIteration.computeIfAbsent(r.iteration(), k -> new ArrayList<>()).add(r);
            }
            long clock = 0;
            int done = 0;
            for (Map.Entry<Integer, List<TimingRecord>> e : byIteration.entrySet()) {
                if (l.isCancelled()) {
                    throw new CancellationException("Writing the trace was cancelled");
                }
                List<TimingRecord> ordered = executionOrder(e.getValue());
                long iterationNs = ordered.stream().mapToLong(TimingRecord::timeNs).sum();
                ObjectNode iterArgs = JSON.createObjectNode();
                iterArgs.put("iteration", e.getKey());
                iterArgs.put("measured_ns", run.measuredNs(e.getKey()));
                iterArgs.put("modelled_ns", run.modelledNs(e.getKey()));
                iterArgs.put("device", run.device());
                w.slice(stream, clock, iterationNs, "iteration " + e.getKey(), "iteration", iterArgs.toString());
                long t = clock;
                int i = 0;
                while (i < ordered.size()) {
                    int layer = ordered.get(i).layer();
                    int j = i;
                    long layerNs = 0;
                    while (j < ordered.size() && ordered.get(j).layer() == layer) {
                        layerNs += ordered.get(j).timeNs();
                        j++;
                    }
                    if (layer >= 0) {
                        w.slice(stream, t, layerNs, "layer " + layer, "layer", "{\"layer\":" + layer + "}");
                    }
                    for (int k = i; k < j; k++) {
                        TimingRecord r = ordered.get(k);
                        String args = opArgs(r);
                        // A collective that ran between local devices (a TP group) is measured, like a kernel
                        w.slice(stream, t, r.timeNs(), r.op(), r.modelled() ? "modelled"
                                : r.op().startsWith("allreduce") ? "collective (measured)" : "kernel", args);
                        if (r.modelled()) {
                            w.slice(collectives, t, r.timeNs(), r.op(), "modelled", args);
                        }
                        t += r.timeNs();
                    }
                    i = j;
                }
                clock += iterationNs;
                l.progress(++done / (double) byIteration.size(), "Trace: iteration " + done + " of " + byIteration.size());
            }
            return w.commit();
        }
    }

    private static String opArgs(TimingRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("shape", r.shape());
        n.put("dtype", r.dtype());
        n.put("device", r.device());
        n.put("layer", r.layer());
        n.put("modelled", r.modelled());
        return n.toString();
    }

    /**
     * The executor reports a layer's measured operations first and its modelled collectives after them;
     * this puts each collective back where it runs: after the op it follows (all-reduce after the
     * attention output GEMM, the FFN collectives before the layer's second residual add), per-iteration
     * records (layer -1) last, with the pipeline send at the very end.
     */
    static List<TimingRecord> executionOrder(List<TimingRecord> records) {
        Map<Integer, List<TimingRecord>> measured = new TreeMap<>();
        Map<Integer, List<TimingRecord>> modelled = new TreeMap<>();
        for (TimingRecord r : records) {
            (r.modelled() ? modelled : measured).computeIfAbsent(r.layer(), k -> new ArrayList<>()).add(r);
        }
        java.util.TreeSet<Integer> layerSet = new java.util.TreeSet<>(measured.keySet());
        layerSet.addAll(modelled.keySet());
        List<Integer> layers = new ArrayList<>(layerSet);
        layers.sort((a, b) -> a < 0 && b >= 0 ? 1 : b < 0 && a >= 0 ? -1 : Integer.compare(a, b));
        List<TimingRecord> out = new ArrayList<>();
        for (int layer : layers) {
            List<TimingRecord> ops = new ArrayList<>(measured.getOrDefault(layer, List.of()));
            List<TimingRecord> coll = modelled.getOrDefault(layer, List.of());
            List<TimingRecord> tail = new ArrayList<>();
            for (TimingRecord c : coll) {
                int at = -1;
                if (c.op().equals("allreduce_attn")) {
                    at = indexAfter(ops, "gemm_o");
                } else if (c.op().startsWith("allreduce_ffn") || c.op().startsWith("alltoall_combine")) {
                    at = lastIndexOf(ops, "residual_add");
                } else if (c.op().startsWith("alltoall_dispatch")) {
                    at = indexAfter(ops, "moe_align_host");
                }
                if (at < 0) {
                    tail.add(c);
                } else {
                    ops.add(at, c);
                }
            }
            ops.addAll(tail);
            out.addAll(ops);
        }
        return out;
    }

    private static int indexAfter(List<TimingRecord> ops, String op) {
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).op().equals(op)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<TimingRecord> ops, String op) {
        for (int i = ops.size() - 1; i >= 0; i--) {
            if (ops.get(i).op().equals(op)) {
                return i;
            }
        }
        return -1;
    }
}
