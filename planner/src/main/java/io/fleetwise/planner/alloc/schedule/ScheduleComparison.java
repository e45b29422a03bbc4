package io.fleetwise.planner.alloc.schedule;

import io.fleetwise.planner.progress.ProgressListener;

import java.util.Objects;

/**
 * A schedule against the fleet that never changes and so must be sized for the busiest period (bought as each GPU
 * type's baseline kind, or on demand around the clock where a type has none).
 */
public record ScheduleComparison(FleetSchedule schedule, FleetSchedule constantFleet) {

    public ScheduleComparison {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(constantFleet, "constantFleet");
    }

    /** Solves both, the schedule first. */
    public static ScheduleComparison solve(ScheduleAllocator allocator, ScheduleProblem problem, ProgressListener listener) {
        ProgressListener p = listener == null ? ProgressListener.NONE : listener;
        FleetSchedule schedule = allocator.solve(problem, p.part(0.0, 0.7));
        FleetSchedule constant = allocator.solve(problem.constantFleet(), p.part(0.7, 1.0));
        return new ScheduleComparison(schedule, constant);
    }

    /** How much cheaper the schedule is than the constant fleet, in percent of the constant fleet's cost; NaN if either is missing. */
    public double savingPercent() {
        if (!schedule.hasPlan() || !constantFleet.hasPlan() || !(constantFleet.totalCostUsd() > 0)) {
            return Double.NaN;
        }
        return 100.0 * (constantFleet.totalCostUsd() - schedule.totalCostUsd()) / constantFleet.totalCostUsd();
    }

}
