package io.fleetwise.planner.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;

/**
 * Writes the simulator's timeline as JSON Lines, one event per line with a {@code "type"} field (replica, iteration,
 * request, preemption, counters, finish) and times in ns. Streams: nothing is kept in memory.
 */
public final class JsonlTraceWriter implements SimulationTraceSink, AutoCloseable {
    private final Writer out;

    public JsonlTraceWriter(Writer out) {
        this.out = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
    }

    private void line(String s) {
        try {
            out.write(s);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write trace: " + e.getMessage(), e);
        }
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void replica(int replicaId, String label, int gpuCount) {
        line("{\"type\":\"replica\",\"replica\":" + replicaId + ",\"label\":" + quote(label) + ",\"gpus\":" + gpuCount + "}");
    }

    @Override
    public void iteration(int replicaId, long startNs, long endNs, int prefillSeqs, int prefillTokens, int decodeSeqs,
                          long decodeContextTokens) {
        line("{\"type\":\"iteration\",\"replica\":" + replicaId + ",\"startNs\":" + startNs + ",\"endNs\":" + endNs
                + ",\"prefillSeqs\":" + prefillSeqs + ",\"prefillTokens\":" + prefillTokens + ",\"decodeSeqs\":" + decodeSeqs
                + ",\"decodeContextTokens\":" + decodeContextTokens + "}");
    }

    @Override
    public void request(int requestId, int prefillReplicaId, int replicaId, long arrivalNs, long scheduledNs,
                        long firstTokenNs, long finishNs, int inputTokens, int outputTokens, int preemptions) {
        line("{\"type\":\"request\",\"request\":" + requestId + ",\"prefillReplica\":" + prefillReplicaId + ",\"replica\":"
                + replicaId + ",\"arrivalNs\":" + arrivalNs + ",\"scheduledNs\":" + scheduledNs + ",\"firstTokenNs\":"
                + firstTokenNs + ",\"finishNs\":" + finishNs + ",\"inputTokens\":" + inputTokens + ",\"outputTokens\":"
                + outputTokens + ",\"preemptions\":" + preemptions + "}");
    }

    @Override
    public void preemption(int replicaId, long timeNs, int requestId) {
        line("{\"type\":\"preemption\",\"replica\":" + replicaId + ",\"timeNs\":" + timeNs + ",\"request\":" + requestId + "}");
    }

    @Override
    public void counters(int replicaId, long timeNs, int queuedRequests, int runningRequests, double kvUtilization) {
        line("{\"type\":\"counters\",\"replica\":" + replicaId + ",\"timeNs\":" + timeNs + ",\"queued\":" + queuedRequests
                + ",\"running\":" + runningRequests + ",\"kvUtilization\":" + String.format(Locale.ROOT, "%.5f", kvUtilization) + "}");
    }

    @Override
    public void finish(long endNs) {
        line("{\"type\":\"finish\",\"endNs\":" + endNs + "}");
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close trace: " + e.getMessage(), e);
        }
    }
}
