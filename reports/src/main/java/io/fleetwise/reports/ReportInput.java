package io.fleetwise.reports;

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
 * @param saved              what the study holds of the other areas' results (plans, simulation, what-if) and
 *                           where the measured runs and the trace come from
 */
public record ReportInput(String studyName, String studyDescription, Instant generatedAt, String fleetwiseVersion,
                          ModelSpec model, List<GpuType> gpuTypes, Optional<Cluster> cluster,
                          String workloadDescription, double totalRatePerSecond,
                          List<LengthPercentile> lengthPercentiles, Slo slo, AllocationProblem problem,
                          BaselineComparison comparison, List<RateSweepPoint> rateSweep, String allocationOrigin,
                          List<String> allocationNotes, Optional<FleetValidation> validation,
                          List<PlanMetric> planMetrics, List<PredictedMeasured> predictedVsMeasured,
                          Optional<BufferedImage> timelineSnapshot, List<String> assumptions, SavedResults saved) {

    /**
     * Results the study holds besides the fleet allocation.
     *
     * @param plans             the Plans area's saved search (ranked plans, chosen plan)
     * @param simulation        the Simulate area's last run
     * @param whatIf            the What-if area's rows, base first; empty when none
     * @param whatIfSweep       the What-if area's last sweep
     * @param predictedOrigin   which runs the predicted-vs-measured rows come from (or why there are none)
     * @param timelineCaption   which trace the snapshot shows (or why there is none)
     */
    public record SavedResults(Optional<io.fleetwise.planner.study.PlansResultJson.SavedPlans> plans,
                               Optional<io.fleetwise.planner.study.SimulationResultJson.SavedSimulation> simulation,
                               List<io.fleetwise.planner.study.WhatIfRow> whatIf,
                               Optional<io.fleetwise.planner.study.WhatIfSweepResult> whatIfSweep,
                               String predictedOrigin, String timelineCaption, Optional<ProcurementReport> procurement) {
        public static final SavedResults NONE = new SavedResults(Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), "", "", Optional.empty());

        public SavedResults(Optional<io.fleetwise.planner.study.PlansResultJson.SavedPlans> plans,
                            Optional<io.fleetwise.planner.study.SimulationResultJson.SavedSimulation> simulation,
                            List<io.fleetwise.planner.study.WhatIfRow> whatIf,
                            Optional<io.fleetwise.planner.study.WhatIfSweepResult> whatIfSweep,
                            String predictedOrigin, String timelineCaption) {
            this(plans, simulation, whatIf, whatIfSweep, predictedOrigin, timelineCaption, Optional.empty());
        }

        public SavedResults {
            Objects.requireNonNull(procurement, "procurement");
            Objects.requireNonNull(plans, "plans");
            Objects.requireNonNull(simulation, "simulation");
            whatIf = List.copyOf(whatIf);
            Objects.requireNonNull(whatIfSweep, "whatIfSweep");
            predictedOrigin = predictedOrigin == null ? "" : predictedOrigin;
            timelineCaption = timelineCaption == null ? "" : timelineCaption;
        }
    }

    /** This input with the study's other results; the chosen plan's metrics become {@link #planMetrics()}. */
    public ReportInput withSaved(SavedResults results, List<PredictedMeasured> measured, Optional<BufferedImage> snapshot) {
        List<PlanMetric> metrics = results.plans().flatMap(p -> p.chosen()).map(ReportInput::metricsOf).orElse(planMetrics);
        return new ReportInput(studyName, studyDescription, generatedAt, fleetwiseVersion, model, gpuTypes, cluster,
                workloadDescription, totalRatePerSecond, lengthPercentiles, slo, problem, comparison, rateSweep,
                allocationOrigin, allocationNotes, validation, metrics, measured, snapshot, assumptions, results);
    }

    static List<PlanMetric> metricsOf(io.fleetwise.planner.study.PlansResultJson.SavedPlan p) {
        java.util.List<PlanMetric> m = new java.util.ArrayList<>();
        m.add(new PlanMetric("Plan", "#" + p.rank() + " " + p.label(), ""));
        m.add(new PlanMetric("GPUs", Integer.toString(p.gpus()), "GPUs"));
        m.add(new PlanMetric("Replicas", Integer.toString(p.replicas()), ""));
        m.add(new PlanMetric("Cost", ReportTables.num(p.costPerHourUsd(), 2), "$/h"));
        m.add(new PlanMetric("Goodput (SLO met)", ReportTables.num(p.goodputPerS(), 2), "req/s"));
        m.add(new PlanMetric("Capacity (saturated)", ReportTables.num(p.capacityPerS(), 2), "req/s"));
        m.add(new PlanMetric("Output tokens", ReportTables.num(p.outputTokensPerS(), 0), "tok/s"));
        m.add(new PlanMetric("TTFT p90", ReportTables.num(p.ttftP90Ms(), 1), "ms"));
        m.add(new PlanMetric("TPOT p90", ReportTables.num(p.tpotP90Ms(), 1), "ms"));
        m.add(new PlanMetric("E2E p90", ReportTables.num(p.e2eP90Ms(), 0), "ms"));
        m.add(new PlanMetric("SLO attainment", ReportTables.num(100 * p.sloAttainment(), 1), "%"));
        m.add(new PlanMetric("Cost per million output tokens", ReportTables.num(p.costPerMillionTokensUsd(), 2), "$"));
        m.add(new PlanMetric("Energy per output token", ReportTables.num(p.joulesPerOutputToken(), 2), "J"));
        m.add(new PlanMetric("Decode iteration", ReportTables.num(p.decodeIterationMs(), 2), "ms"));
        m.add(new PlanMetric("Latencies from", p.simulated() ? "discrete-event simulation" : "closed-form bounds", ""));
        return m;
    }

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
        saved = saved == null ? SavedResults.NONE : saved;
    }
}
