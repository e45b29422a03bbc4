package io.fleetwise.planner.alloc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A command's time limit bounds the whole command: each solve gets the smaller of its own limit and what is left
 * before the deadline, and a solve that starts after the deadline ends at once without a plan, saying why.
 */
class SolveDeadlineTest {

    @Test
    void aSolveGetsWhatIsLeftBeforeTheDeadlineNotItsFullLimit() {
        long now = System.nanoTime();
        SolverOptions thirty = SolverOptions.defaults().withTimeLimitSeconds(30);
        assertThat(thirty.secondsAllowedAt(now)).isEqualTo(30.0);
        assertThat(thirty.withDeadline(now + 2_000_000_000L).secondsAllowedAt(now)).isCloseTo(2.0, within(1e-9));
        assertThat(thirty.withDeadline(now + 100_000_000_000L).secondsAllowedAt(now)).isEqualTo(30.0);
        assertThat(thirty.withDeadline(now - 1).secondsAllowedAt(now)).isZero();
    }

    @Test
    void aSolveThatStartsAfterTheDeadlineHasNoPlanAndSaysTheTimeRanOut() {
        AllocationProblem p = TestdataAllocation.random(5, 4, 12, 4, 60.0);
        FleetAllocator late = new FleetAllocator(SolverOptions.defaults().withDeadline(System.nanoTime() - 1));
        AllocationResult r = late.solve(p);
        assertThat(r.status()).isEqualTo(SolveStatus.NO_SOLUTION_FOUND);
        assertThat(r.hasPlan()).isFalse();
        assertThat(r.message()).contains("time limit ran out");
        // the same problem without the deadline has a plan: the deadline, not the problem, stopped it
        assertThat(new FleetAllocator().solve(p).hasPlan()).isTrue();
    }

    @Test
    void baselinesAfterTheDeadlineDoNotEachGetTheFullLimit() {
        AllocationProblem p = TestdataAllocation.random(5, 4, 12, 4, 60.0);
        FleetAllocator late = new FleetAllocator(SolverOptions.defaults().withTimeLimitSeconds(600)
                .withDeadline(System.nanoTime() - 1));
        BaselineComparison c = new Baselines(late).compare(p);
        assertThat(c.mix().status()).isEqualTo(SolveStatus.NO_SOLUTION_FOUND);
        assertThat(c.singleTypeFleets()).hasSize(p.candidates().size())
                .allSatisfy(single -> assertThat(single.status()).isEqualTo(SolveStatus.NO_SOLUTION_FOUND));
        assertThat(List.of(c.mix().solveTimeMs())).containsOnly(0.0);
    }

    @Test
    void aDeadlineAheadLeavesThePlanAsItWas() {
        AllocationProblem p = TestdataAllocation.random(5, 4, 12, 4, 60.0);
        AllocationResult unbounded = new FleetAllocator().solve(p);
        AllocationResult bounded = new FleetAllocator(SolverOptions.defaults().withDeadline(System.nanoTime() + 60_000_000_000L))
                .solve(p);
        assertThat(bounded.costPerHourUsd()).isEqualTo(unbounded.costPerHourUsd());
        assertThat(bounded.replicaCounts()).isEqualTo(unbounded.replicaCounts());
    }
}
