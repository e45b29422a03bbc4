package io.fleetwise.views.report;

import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.RateSweepPoint;
import io.fleetwise.planner.alloc.simulated.FleetValidation;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.Slo;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a study report shows, already computed: the generator only lays it out.
 *
 * @param gpuTypes           the GPU types the study compares, with their catalog prices and sources
 * @param cluster            the study's cluster layout, when it has one
 * @param allocationOrigin   where the fleet plan comes from ("saved allocation 'x' of ..." or "computed now ...")
 * @param allocationNotes    notes of the throughput table and solver (why a candidate cannot serve a bucket ...)
 * @param planMetrics        the chosen parallel plan's predicted metrics; empty when the study has no plan
 * @param predictedVsMeasured rows of runs measured on hardware; empty when there are none
 * @param timelineSnapshot   an image of the study's trace; empty when no trace is attached
 */
public record ReportInput(String studyName, String studyDescription, Instant generatedAt, String fleetwiseVersion,
                          ModelSpec model, List<GpuType> gpuTypes, Optional<Cluster> cluster,
                          String workloadDescription, double totalRatePerSecond,
                          List<LengthPercentile> lengthPercentiles, Slo slo, AllocationProblem problem,
                          BaselineComparison comparison, List<RateSweepPoint> rateSweep, String allocationOrigin,
                          List<String> allocationNotes, Optional<FleetValidation> validation,
                          List<PlanMetric> planMetrics, List<PredictedMeasured> predictedVsMeasured,
                          Optional<BufferedImage> timelineSnapshot, List<String> assumptions) {

    /** Input and output tokens at one percentile of the workload's length distribution. */
    public record LengthPercentile(double percentile, double inputTokens, double outputTokens) {
    }

    /** One predicted metric of the chosen parallel plan. */
    public record PlanMetric(String metric, String value, String unit) {
    }

    /** One metric predicted by the model and measured on hardware. */
    public record PredictedMeasured(String run, String metric, double predicted, double measured, String unit) {
        public double errorPercent() {
            return measured == 0 ? Double.NaN : 100.0 * (predicted - measured) / measured;
        }
    }

    public ReportInput {
        Objects.requireNonNull(studyName, "studyName");
        studyDescription = studyDescription == null ? "" : studyDescription;
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(fleetwiseVersion, "fleetwiseVersion");
        Objects.requireNonNull(model, "model");
        gpuTypes = List.copyOf(gpuTypes);
        Objects.requireNonNull(cluster, "cluster");
        workloadDescription = workloadDescription == null ? "" : workloadDescription;
        lengthPercentiles = List.copyOf(lengthPercentiles);
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(comparison, "comparison");
        rateSweep = List.copyOf(rateSweep);
        allocationOrigin = allocationOrigin == null ? "" : allocationOrigin;
        allocationNotes = List.copyOf(allocationNotes);
        Objects.requireNonNull(validation, "validation");
        planMetrics = List.copyOf(planMetrics);
        predictedVsMeasured = List.copyOf(predictedVsMeasured);
        Objects.requireNonNull(timelineSnapshot, "timelineSnapshot");
        assumptions = List.copyOf(assumptions);
    }
}
