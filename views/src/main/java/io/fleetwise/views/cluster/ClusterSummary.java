package io.fleetwise.views.cluster;

import io.fleetwise.planner.model.NodeGroup;

import java.util.List;

/**
 * The figures the summary tiles show. GPUs without a catalog price count 0 toward {@code costPerHourUsd} and are
 * counted in {@code unpricedGpus}, so the tile can say the cost is a lower bound.
 */
public record ClusterSummary(int gpus, double costPerHourUsd, int unpricedGpus, double bf16Tflops, double memoryGb,
                             double powerKw) {

    public static ClusterSummary of(List<NodeGroup> groups) {
        int gpus = 0;
        int unpriced = 0;
        double cost = 0;
        double tflops = 0;
        double memory = 0;
        double watts = 0;
        for (NodeGroup g : groups) {
            int n = g.totalGpus();
            gpus += n;
            double price = g.gpu().price().onDemandUsdPerHour();
            if (Double.isNaN(price)) {
                unpriced += n;
            } else {
                cost += n * price;
            }
            tflops += n * g.gpu().bf16Tflops();
            memory += n * g.gpu().memoryGb();
            watts += n * g.gpu().tdpW();
        }
        return new ClusterSummary(gpus, cost, unpriced, tflops, memory, watts / 1000.0);
    }
}
