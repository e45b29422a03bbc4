package io.fleetwise.planner.uncertainty;

import io.fleetwise.planner.alloc.schedule.FleetSchedule;
import io.fleetwise.planner.alloc.schedule.ScheduleAllocator;
import io.fleetwise.planner.alloc.schedule.ScheduleComparison;
import io.fleetwise.planner.alloc.schedule.ScheduleProblem;
import io.fleetwise.planner.alloc.schedule.ScheduleSummary;
import io.fleetwise.planner.progress.ProgressListener;

import java.util.Locale;
import java.util.Objects;

/**
 * A schedule (with its constant-fleet comparison) at the nominal capacities, and the schedule at both ends of the
 * model's error band: does the plan change within the band, and how far does the cost move.
 */
public record ScheduleBand(FleetSchedule pessimistic, ScheduleComparison nominal, FleetSchedule optimistic,
                           ModelErrorBand band) {

    public ScheduleBand {
        Objects.requireNonNull(pessimistic, "pessimistic");
        Objects.requireNonNull(nominal, "nominal");
        Objects.requireNonNull(optimistic, "optimistic");
        Objects.requireNonNull(band, "band");
    }

    public static ScheduleBand solve(ScheduleAllocator allocator, ScheduleProblem problem, BandedCandidates candidates,
                                     ProgressListener listener) {
        ProgressListener p = listener == null ? ProgressListener.NONE : listener;
        ScheduleComparison nominal = ScheduleComparison.solve(allocator, problem.withCandidates(candidates.nominal()),
                BandedThroughputTable.scaled(p, 0, candidates.band().isNone() ? 1.0 : 0.5));
        if (candidates.band().isNone()) {
            return new ScheduleBand(nominal.schedule(), nominal, nominal.schedule(), candidates.band());
        }
        FleetSchedule pessimistic = allocator.solve(problem.withCandidates(candidates.pessimistic()),
                BandedThroughputTable.scaled(p, 0.5, 0.75));
        FleetSchedule optimistic = allocator.solve(problem.withCandidates(candidates.optimistic()),
                BandedThroughputTable.scaled(p, 0.75, 1.0));
        return new ScheduleBand(pessimistic, nominal, optimistic, candidates.band());
    }

    public FleetSchedule schedule() {
        return nominal.schedule();
    }

    /** Whether the plan in words (baseline and peaks per GPU type and hours) differs anywhere in the band. */
    public boolean planChanges() {
        String n = ScheduleSummary.describe(nominal.schedule());
        return !n.equals(ScheduleSummary.describe(pessimistic)) || !n.equals(ScheduleSummary.describe(optimistic));
    }

    /** Whether the baseline to buy (GPUs per type) differs anywhere in the band: the decision a reservation locks in. */
    public boolean baselineChanges() {
        return !pessimistic.baselineGpusByType().equals(nominal.schedule().baselineGpusByType())
                || !optimistic.baselineGpusByType().equals(nominal.schedule().baselineGpusByType());
    }

    public String describe() {
        if (band.isNone()) {
            return "no error band applied";
        }
        FleetSchedule n = nominal.schedule();
        if (!n.hasPlan() || !pessimistic.hasPlan() || !optimistic.hasPlan()) {
            return "within the model's error band (" + band.describe() + "): "
                    + (n.hasPlan() ? "an end of the band has no schedule: " + (pessimistic.hasPlan() ? optimistic.message()
                    : pessimistic.message()) : "there is no schedule at the nominal capacities");
        }
        String plan = !planChanges() ? "the schedule does not change"
                : !baselineChanges() ? "the baseline stays " + n.baselineGpusByType() + " and only the peaks move ("
                + ScheduleSummary.describe(optimistic) + " to " + ScheduleSummary.describe(pessimistic) + ")"
                : "the baseline changes: " + optimistic.baselineGpusByType() + " at the optimistic end, "
                + n.baselineGpusByType() + " nominal, " + pessimistic.baselineGpusByType() + " at the pessimistic end";
        double hours = n.problem().load().totalHours();
        return String.format(Locale.ROOT, "Within the model's error band (%s): %s; cost %.2f to %.2f $ per %.0f h "
                        + "(%+.1f %% to %+.1f %%)", band.describe(), plan, optimistic.totalCostUsd(), pessimistic.totalCostUsd(),
                hours, 100 * (optimistic.totalCostUsd() / n.totalCostUsd() - 1),
                100 * (pessimistic.totalCostUsd() / n.totalCostUsd() - 1));
    }
}
