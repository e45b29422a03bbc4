package io.fleetwise.planner.service;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.search.SearchObjective;

import java.util.List;
import java.util.Objects;

/**
 * One parallel-plan search as the Plans area and {@code fleetwise search} ask for it.
 *
 * @param weightDtypes         weight formats to try; empty: the model's own checkpoint format only (a quantized format
 *                             is something a user opts into, and every plan that uses one says so)
 * @param kvDtypes             KV-cache formats to try
 * @param pipelineDepths       PP degrees to try
 * @param gpuMemoryUtilization share of each GPU's memory the engine may use
 * @param contenders           plans simulated over the workload after the analytic ranking
 * @param timeBudgetS          the best plans found so far are returned when this runs out
 * @param threads              worker threads; 0: one per core
 */
public record PlanSearchRequest(String model, Cluster cluster, WorkloadRequest workload, Slo slo,
                                SearchObjective objective, List<DType> weightDtypes, List<DType> kvDtypes,
                                List<Integer> pipelineDepths, double gpuMemoryUtilization, boolean disaggregation,
                                int contenders, double timeBudgetS, int threads, CalibrationSet calibration) {

    public PlanSearchRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("Choose a model.");
        }
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(slo, "slo");
        if (!(slo.attainment() > 0 && slo.attainment() <= 1)) {
            throw new IllegalArgumentException("SLO attainment target must be in (0, 1], was " + slo.attainment() + ".");
        }
        Objects.requireNonNull(objective, "objective");
        weightDtypes = List.copyOf(weightDtypes);
        kvDtypes = List.copyOf(kvDtypes);
        pipelineDepths = List.copyOf(pipelineDepths);
        if (kvDtypes.isEmpty()) {
            throw new IllegalArgumentException("Name at least one KV-cache format (bf16, fp8).");
        }
        if (pipelineDepths.isEmpty() || pipelineDepths.stream().anyMatch(pp -> pp < 1)) {
            throw new IllegalArgumentException("Pipeline depths must be whole numbers >= 1, were " + pipelineDepths + ".");
        }
        ServingRules.gpuMemoryUtilization(gpuMemoryUtilization);
        if (contenders < 1) {
            throw new IllegalArgumentException("Contenders must be at least 1, was " + contenders + ".");
        }
        ServingRules.positive("Time budget", timeBudgetS, "seconds");
        if (threads < 0) {
            throw new IllegalArgumentException("Threads must be >= 0 (0: one per core), was " + threads + ".");
        }
        Objects.requireNonNull(calibration, "calibration");
    }

    /** The search space's defaults for a workload and cluster: the model's own format, bf16 and fp8 KV, PP 1-4. */
    public static PlanSearchRequest of(String model, Cluster cluster, WorkloadRequest workload, Slo slo,
                                       CalibrationSet calibration) {
        return new PlanSearchRequest(model, cluster, workload, slo, SearchObjective.GOODPUT, List.of(),
                List.of(DType.BF16, DType.FP8), List.of(1, 2, 3, 4), 0.90, true, 8, 60, 0, calibration);
    }

    public PlanSearchRequest withObjective(SearchObjective o) {
        return new PlanSearchRequest(model, cluster, workload, slo, o, weightDtypes, kvDtypes, pipelineDepths,
                gpuMemoryUtilization, disaggregation, contenders, timeBudgetS, threads, calibration);
    }

    public PlanSearchRequest withFormats(List<DType> weights, List<DType> kv) {
        return new PlanSearchRequest(model, cluster, workload, slo, objective, weights, kv, pipelineDepths,
                gpuMemoryUtilization, disaggregation, contenders, timeBudgetS, threads, calibration);
    }

    public PlanSearchRequest withShapes(List<Integer> ppDepths, double memoryShare, boolean disaggregate) {
        return new PlanSearchRequest(model, cluster, workload, slo, objective, weightDtypes, kvDtypes, ppDepths,
                memoryShare, disaggregate, contenders, timeBudgetS, threads, calibration);
    }

    public PlanSearchRequest withEffort(int contenderCount, double budgetS, int threadCount) {
        return new PlanSearchRequest(model, cluster, workload, slo, objective, weightDtypes, kvDtypes, pipelineDepths,
                gpuMemoryUtilization, disaggregation, contenderCount, budgetS, threadCount, calibration);
    }
}
