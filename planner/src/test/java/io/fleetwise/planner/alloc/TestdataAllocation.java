package io.fleetwise.planner.alloc;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Tiny hand-built and seeded random allocation instances shared by the allocator tests. */
final class TestdataAllocation {

    private TestdataAllocation() {
    }

    static WorkloadBucket bucket(String name, double share) {
        return new WorkloadBucket(name, 0, 0, 0, 0, share);
    }

    static AllocationCandidate gpu(String name, double cost, Double... tputs) {
        return AllocationCandidate.singleGpu(name, cost, List.of(tputs), ThroughputSource.MEASURED_IMPORTED);
    }

    /** A seeded instance: every candidate serves every bucket, with throughputs and prices spread 10x. */
    static AllocationProblem random(long seed, int candidates, int buckets, int sliceFactor, double totalRate) {
        Random rnd = new Random(seed);
        List<WorkloadBucket> bs = new ArrayList<>();
        double[] weights = new double[buckets];
        double sum = 0;
        for (int b = 0; b < buckets; b++) {
            weights[b] = rnd.nextDouble();
            sum += weights[b];
        }
        for (int b = 0; b < buckets; b++) {
            bs.add(new WorkloadBucket("b" + b, 0, 0, 0, 0, weights[b] / sum));
        }
        List<AllocationCandidate> cs = new ArrayList<>();
        for (int c = 0; c < candidates; c++) {
            double speed = 1 + 9 * rnd.nextDouble();
            List<Double> tputs = new ArrayList<>();
            for (int b = 0; b < buckets; b++) {
                tputs.add(speed * (0.3 + rnd.nextDouble()));
            }
            cs.add(AllocationCandidate.singleGpu("g" + c, 0.5 + speed * (0.6 + 0.6 * rnd.nextDouble()), tputs,
                    ThroughputSource.SIMULATED));
        }
        return AllocationProblem.minCost(bs, totalRate, cs, sliceFactor);
    }
}
