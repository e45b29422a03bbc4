package io.fleetwise.planner.plan;

import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where fleet plans live: as rows under their study, each with an id that Simulate, Execute, What-if and the report
 * start from, and the measured runs attached to it. The planner defines the store; the datastore implements it.
 */
public interface PlanStore {

    /**
     * A plan as stored.
     *
     * @param allocation the allocator's problem and mix behind a fleet-allocation plan (so a report can re-solve its
     *                   baselines exactly); empty for a searched plan
     */
    record StoredPlan(long id, long studyId, Instant createdAt, FleetPlan plan, Optional<Allocation> allocation) {
        public StoredPlan {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(allocation, "allocation");
        }
    }

    /**
     * The allocator's problem and the mix it solved.
     *
     * @param leftOut why the problem's rate is below the plan's requested rate ("0.05% of requests (...) meet the SLO
     *                on no candidate and are left out ..."), as the service said when it solved; empty when nothing
     *                was left out. Kept with the plan because the buckets it names are no longer in the problem.
     */
    record Allocation(AllocationProblem problem, AllocationResult result, String leftOut) {
        public Allocation {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(result, "result");
            leftOut = leftOut == null ? "" : leftOut.strip();
        }

        /** An allocation that left nothing out. */
        public Allocation(AllocationProblem problem, AllocationResult result) {
            this(problem, result, "");
        }
    }

    /**
     * A measured (or simulated) run of a plan.
     *
     * @param kind     {@link #SIMULATION} or {@link #EXECUTION}
     * @param label    what ran, e.g. "1 replica of H100-SXM TP4 on cuda:0, 40 iterations"
     * @param metrics  figures by name with units in the names (meanIterationMs, ttftP90Ms ...), in the order given
     * @param traceId  the run's timeline in the trace store, when it has one
     */
    record PlanRun(long id, long planId, Instant createdAt, String kind, String label, Map<String, Double> metrics,
                   Long traceId) {
        public static final String SIMULATION = "simulation";
        public static final String EXECUTION = "execution";

        public PlanRun {
            metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        }
    }

    /** No plans anywhere: for a report or a tool that has no study store. Saving is refused. */
    PlanStore NONE = new PlanStore() {
        @Override
        public StoredPlan save(long studyId, FleetPlan plan, Allocation allocation) {
            throw new IllegalStateException("No plan store: the plan cannot be saved");
        }

        @Override
        public List<StoredPlan> plansOf(long studyId) {
            return List.of();
        }

        @Override
        public Optional<StoredPlan> find(long planId) {
            return Optional.empty();
        }

        @Override
        public PlanRun attachRun(long planId, String kind, String label, Map<String, Double> metrics, Long traceId) {
            throw new IllegalStateException("No plan store: the run cannot be attached to plan " + planId);
        }

        @Override
        public List<PlanRun> runsOf(long planId) {
            return List.of();
        }
    };

    /** Stores a plan under a study; {@code allocation} may be null (a searched plan). */
    StoredPlan save(long studyId, FleetPlan plan, Allocation allocation);

    /** A study's plans, newest first. */
    List<StoredPlan> plansOf(long studyId);

    Optional<StoredPlan> find(long planId);

    /** Attaches a run to a plan; refused (with the id) when the plan does not exist. */
    PlanRun attachRun(long planId, String kind, String label, Map<String, Double> metrics, Long traceId);

    /** The runs of a plan, oldest first. */
    List<PlanRun> runsOf(long planId);
}
