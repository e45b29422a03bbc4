package io.fleetwise.planner.perf;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Predicted time of one iteration of a replica, with where it goes.
 *
 * @param totalNs       end-to-end time of the iteration (all pipeline stages in sequence)
 * @param stageNs       time of the slowest pipeline stage (what bounds throughput with pipelining)
 * @param byOperatorNs  time per operator class, summing to {@code totalNs}
 * @param byResourceNs  the same time by limiting resource, summing to {@code totalNs}
 * @param flopsPerGpu   floating-point operations one GPU performs
 * @param bytesPerGpu   HBM bytes one GPU moves (weights, KV, activations)
 * @param graphMode     whether kernels were modelled as replayed from CUDA graphs
 */
public record IterationPrediction(double totalNs, double stageNs, Map<OperatorClass, Double> byOperatorNs,
                                  Map<Resource, Double> byResourceNs, double flopsPerGpu, double bytesPerGpu,
                                  boolean graphMode) {

    public IterationPrediction {
        byOperatorNs = Collections.unmodifiableMap(new EnumMap<>(byOperatorNs));
        byResourceNs = Collections.unmodifiableMap(new EnumMap<>(byResourceNs));
    }

    public double totalMs() {
        return totalNs / 1e6;
    }

    public double operatorNs(OperatorClass op) {
        return byOperatorNs.getOrDefault(op, 0.0);
    }

    public double resourceNs(Resource r) {
        return byResourceNs.getOrDefault(r, 0.0);
    }
}
