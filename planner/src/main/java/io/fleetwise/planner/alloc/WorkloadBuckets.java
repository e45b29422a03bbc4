package io.fleetwise.planner.alloc;

import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.workload.LengthDistribution;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns the workload and cluster descriptions the rest of Fleetwise uses into allocator inputs: a 2D
 * length histogram on chosen bucket edges (from a trace, exactly, or from a length distribution such as
 * a preset, by sampling) and availability caps from a cluster's node groups.
 */
public final class WorkloadBuckets {

    private WorkloadBuckets() {
    }

    /**
     * Buckets {@code [edges[i], edges[i+1])}; lengths at or beyond the last edge are counted in the last
     * bucket (its range stays as given), lengths below the first edge in the first.
     */
    public static List<WorkloadBucket> fromTrace(RequestTrace trace, int[] inputEdges, int[] outputEdges) {
        checkEdges(inputEdges, "input");
        checkEdges(outputEdges, "output");
        if (trace.size() == 0) {
            throw new IllegalArgumentException("Trace '" + trace.name() + "' has no requests to build buckets from");
        }
        double[][] counts = new double[inputEdges.length - 1][outputEdges.length - 1];
        for (int r = 0; r < trace.size(); r++) {
            counts[index(inputEdges, trace.inputTokens(r))][index(outputEdges, trace.outputTokens(r))]++;
        }
        return buckets(counts, trace.size(), inputEdges, outputEdges);
    }

    /** Shares estimated from {@code samples} draws of the distribution (seeded, so repeatable). */
    public static List<WorkloadBucket> fromLengths(LengthDistribution lengths, int[] inputEdges, int[] outputEdges,
                                                   int samples, long seed) {
        checkEdges(inputEdges, "input");
        checkEdges(outputEdges, "output");
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, was " + samples);
        }
        double[][] counts = new double[inputEdges.length - 1][outputEdges.length - 1];
        SplittableRandom random = new SplittableRandom(seed);
        int[] pair = new int[2];
        for (int s = 0; s < samples; s++) {
            lengths.sample(random, pair);
            counts[index(inputEdges, pair[0])][index(outputEdges, pair[1])]++;
        }
        return buckets(counts, samples, inputEdges, outputEdges);
    }

    /** GPU type name to the GPUs a plan may use (summed over the cluster's node groups of that type). */
    public static Map<String, Integer> capsFrom(Cluster cluster) {
        Map<String, Integer> caps = new LinkedHashMap<>();
        for (NodeGroup g : cluster.groups()) {
            caps.merge(g.gpu().name(), g.usableGpus(), Integer::sum);
        }
        return caps;
    }

    /** Parses "1,256,1024,4096" into increasing edges. */
    public static int[] parseEdges(String text, String what) {
        String[] parts = text.split(",");
        int[] edges = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                edges[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " edges: '" + parts[i].trim() + "' is not a whole number of "
                        + "tokens (write them like 1,256,1024,4096)", e);
            }
        }
        checkEdges(edges, what);
        return edges;
    }

    private static List<WorkloadBucket> buckets(double[][] counts, double total, int[] inputEdges, int[] outputEdges) {
        List<WorkloadBucket> out = new ArrayList<>();
        for (int i = 0; i < inputEdges.length - 1; i++) {
            for (int j = 0; j < outputEdges.length - 1; j++) {
                out.add(WorkloadBucket.ofRanges(inputEdges[i], inputEdges[i + 1], outputEdges[j], outputEdges[j + 1],
                        counts[i][j] / total));
            }
        }
        return out;
    }

    private static int index(int[] edges, int v) {
        for (int i = edges.length - 2; i >= 0; i--) {
            if (v >= edges[i]) {
                return i;
            }
        }
        return 0;
    }

    private static void checkEdges(int[] edges, String what) {
        if (edges.length < 2) {
            throw new IllegalArgumentException(what + " edges need at least two values (one bucket), got " + edges.length);
        }
        for (int i = 0; i < edges.length; i++) {
            if (edges[i] < 0 || (i > 0 && edges[i] <= edges[i - 1])) {
                throw new IllegalArgumentException(what + " edges must be increasing token counts >= 0, got "
                        + java.util.Arrays.toString(edges));
            }
        }
    }
}
