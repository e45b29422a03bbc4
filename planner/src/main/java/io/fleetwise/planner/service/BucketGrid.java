package io.fleetwise.planner.service;

import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.WorkloadBuckets;
import io.fleetwise.planner.workload.LengthDistribution;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.List;

/**
 * The one grid of request-length buckets every fleet allocation uses (the Fleet area, {@code fleetwise allocate},
 * the what-if and the report), so they solve the same problem. Each bucket's throughput is measured at its
 * representative lengths; lengths past the last edge count in the last bucket.
 *
 * <p>Why these edges: 512 / 2048 / 8192 input tokens separate chat, code and document prompts, and the last bucket
 * (8192 to 32768) keeps long-context prompts from being simulated at a short prompt's length; outputs split at
 * 128 / 512 / 2048. A bucket no request of the workload falls in costs nothing (it is never simulated).
 */
public final class BucketGrid {

    /** Input (prompt) token edges. */
    private static final int[] INPUT_EDGES = {0, 512, 2048, 8192, 32768};
    /** Output token edges. */
    private static final int[] OUTPUT_EDGES = {0, 128, 512, 2048};
    /** Draws of a length distribution that estimate its bucket shares (seeded: the same shares every time). */
    private static final int SHARE_SAMPLES = 20_000;
    private static final long SHARE_SEED = 42L;

    private BucketGrid() {
    }

    public static int[] inputEdges() {
        return INPUT_EDGES.clone();
    }

    public static int[] outputEdges() {
        return OUTPUT_EDGES.clone();
    }

    /** The buckets a length distribution's requests fall in, with their shares; empty buckets left out. */
    public static List<WorkloadBucket> of(LengthDistribution lengths) {
        return WorkloadBuckets.fromLengths(lengths, INPUT_EDGES, OUTPUT_EDGES, SHARE_SAMPLES, SHARE_SEED).stream()
                .filter(b -> b.rateShare() > 0).toList();
    }

    /** The buckets a trace's requests fall in, with their exact shares; empty buckets left out. */
    public static List<WorkloadBucket> of(RequestTrace trace) {
        return WorkloadBuckets.fromTrace(trace, INPUT_EDGES, OUTPUT_EDGES).stream().filter(b -> b.rateShare() > 0).toList();
    }

    /** The buckets of a workload: its preset's distribution, or its trace's requests. */
    public static List<WorkloadBucket> of(WorkloadRequest workload) {
        LengthDistribution lengths = workload.lengthsOrNull();
        return lengths != null ? of(lengths) : of(SimulationService.load(workload));
    }
}
