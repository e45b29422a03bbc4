package io.fleetwise.planner.search;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.Objects;

/**
 * A plan search, validated here so the search itself never sees bad input.
 *
 * @param contenders     plans simulated over the trace after the analytic ranking (the rest keep analytic metrics)
 * @param shapesPerGroup best shapes per node group carried into fleet combinations
 * @param timeBudgetS    wall-clock budget; when it runs out the best plans found so far are returned
 * @param threads        worker threads (the machine's cores by default)
 */
public record SearchConfig(ModelSpec model, Cluster cluster, RequestTrace trace, Slo slo, SearchObjective objective,
                           SearchSpace space, CalibrationSet calibration, EnergyModel energy, int contenders,
                           int shapesPerGroup, double timeBudgetS, int threads) {

    public SearchConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(energy, "energy");
        if (trace.size() == 0) {
            throw new IllegalArgumentException("SearchConfig: trace '" + trace.name() + "' has no requests");
        }
        if (contenders < 1) {
            throw new IllegalArgumentException("SearchConfig: contenders must be >= 1, was " + contenders);
        }
        if (shapesPerGroup < 1) {
            throw new IllegalArgumentException("SearchConfig: shapesPerGroup must be >= 1, was " + shapesPerGroup);
        }
        if (!(timeBudgetS > 0)) {
            throw new IllegalArgumentException("SearchConfig: timeBudgetS must be > 0, was " + timeBudgetS);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("SearchConfig: threads must be >= 1, was " + threads);
        }
    }

    /** Full search space, 8 contenders, 12 shapes per group, 60 s, all cores. */
    public static SearchConfig of(ModelSpec model, Cluster cluster, RequestTrace trace, Slo slo, SearchObjective objective,
                                  CalibrationSet calibration) {
        return new SearchConfig(model, cluster, trace, slo, objective, SearchSpace.full(), calibration,
                EnergyModel.standard(), 8, 12, 60, Runtime.getRuntime().availableProcessors());
    }

    public SearchConfig withSpace(SearchSpace s) {
        return new SearchConfig(model, cluster, trace, slo, objective, s, calibration, energy, contenders, shapesPerGroup, timeBudgetS, threads);
    }

    public SearchConfig withContenders(int n) {
        return new SearchConfig(model, cluster, trace, slo, objective, space, calibration, energy, n, shapesPerGroup, timeBudgetS, threads);
    }

    public SearchConfig withTimeBudgetS(double s) {
        return new SearchConfig(model, cluster, trace, slo, objective, space, calibration, energy, contenders, shapesPerGroup, s, threads);
    }

    public SearchConfig withThreads(int n) {
        return new SearchConfig(model, cluster, trace, slo, objective, space, calibration, energy, contenders, shapesPerGroup, timeBudgetS, n);
    }

    public SearchConfig withObjective(SearchObjective o) {
        return new SearchConfig(model, cluster, trace, slo, o, space, calibration, energy, contenders, shapesPerGroup, timeBudgetS, threads);
    }
}
