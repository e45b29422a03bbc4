package io.fleetwise.planner.alloc;

import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static io.fleetwise.planner.alloc.TestdataAllocation.bucket;
import static io.fleetwise.planner.alloc.TestdataAllocation.gpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FleetAllocatorTest {

    private final FleetAllocator allocator = new FleetAllocator();

    // --- capacity: sum of loads <= n ---

    @Test
    void loadOfExactlyOneFitsInOneReplica() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 10.0,
                List.of(gpu("A", 1.0, 10.0)), 1);
        assertThat(allocator.solve(p).count("A")).isEqualTo(1);
    }

    @Test
    void loadJustAboveOneNeedsASecondReplica() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 10.001,
                List.of(gpu("A", 1.0, 10.0)), 1);
        assertThat(allocator.solve(p).count("A")).isEqualTo(2);
    }

    @Test
    void aTinyLoadStillNeedsOneReplica() {
        // 1 req/s on a replica that serves a million: load 1e-6, inside the solver's feasibility tolerance.
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 1.0,
                List.of(gpu("A", 1.0, 1e8)), 1);
        AllocationResult r = allocator.solve(p);
        assertThat(r.count("A")).isEqualTo(1);
        assertThat(r.costPerHourUsd()).isEqualTo(1.0);
    }

    @Test
    void tinyLoadsAreNotSpreadOverManyTypesThatEachNeedAReplica() {
        // Every type serves a million req/s: one replica of the cheapest serves everything. A plan that gives
        // each type a few slices at "load 0" and then rounds each up to one replica would cost 1 + 2 + 3.
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("short", 0.5), bucket("long", 0.5)), 2.0,
                List.of(gpu("C", 3.0, 1e6, 1e6), gpu("B", 2.0, 1e6, 1e6), gpu("A", 1.0, 1e6, 1e6)), 8);
        AllocationResult mix = allocator.solve(p);
        assertThat(mix.costPerHourUsd()).isEqualTo(1.0);
        assertThat(mix.count("A")).isEqualTo(1);
        BaselineComparison comparison = new Baselines(allocator).compare(p);
        for (AllocationResult single : comparison.singleTypeFleets()) {
            assertThat(mix.costPerHourUsd()).isLessThanOrEqualTo(single.costPerHourUsd());
        }
    }

    // --- assignment: each slice to exactly one candidate ---

    @Test
    void wholeBucketGoesToOneCandidateWithoutSlicing() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 15.0,
                List.of(gpu("A", 1.0, 10.0), gpu("B", 1.0, 10.0)), 1);
        AllocationResult r = allocator.solve(p);
        assertThat(r.assignmentShares().get(0)).containsAnyOf(1.0).containsAnyOf(0.0);
        assertThat(r.costPerHourUsd()).isEqualTo(2.0);
    }

    @Test
    void slicesOfOneBucketMaySplitAcrossCandidates() {
        // 16 req/s on a 10 req/s GPU that costs 1 (load 1.6) and an 8 req/s GPU that costs 0.5:
        // unsliced the best is 2 x A = 2.0 or 2 x B = 1.0; halves give A 0.8 + B 1.0 -> 1 A + 1 B = 1.5;
        // with 8 slices B alone still costs 1.0, so the optimum stays 1.0, and shares are multiples of 1/8.
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 16.0,
                List.of(gpu("A", 1.0, 10.0), gpu("B", 0.5, 8.0)), 8);
        AllocationResult r = allocator.solve(p);
        assertThat(r.costPerHourUsd()).isCloseTo(1.0, within(1e-9));
        for (double share : r.assignmentShares().get(0)) {
            assertThat(share * 8).isCloseTo(Math.rint(share * 8), within(1e-9));
        }
        assertThat(r.assignmentShares().get(0).stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void slicingLetsTwoCheapTypesShareABucketWhenThatIsCheaper() {
        // 12 req/s: A (10 req/s, 1.0 $/h) and B (4 req/s, 0.3 $/h). Unsliced: 2 A = 2.0 or 3 B = 0.9.
        // Quarter slices of 3 req/s: A takes 10/10 ... one A serves 3 slices (0.9 load) and one B serves
        // one slice (0.75 load) = 1.3; three B serve all (0.9) which stays cheapest.
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 12.0,
                List.of(gpu("A", 1.0, 10.0), gpu("B", 0.3, 4.0)), 4);
        assertThat(allocator.solve(p).costPerHourUsd()).isCloseTo(0.9, within(1e-9));
    }

    // --- infeasible buckets and zero-rate buckets ---

    @Test
    void bucketNobodyCanServeMakesThePlanInfeasibleAndIsNamed() {
        WorkloadBucket hard = WorkloadBucket.ofRanges(256, 512, 64, 128, 0.5);
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("easy", 0.5), hard), 10.0,
                List.of(gpu("A", 1.0, 10.0, 0.0), gpu("B", 2.0, 20.0, 0.0)), 1);
        AllocationResult r = allocator.solve(p);
        assertThat(r.status()).isEqualTo(SolveStatus.INFEASIBLE);
        assertThat(r.message()).contains("input 256-512 x output 64-128");
        assertThat(r.hasPlan()).isFalse();
    }

    @Test
    void zeroRateBucketNobodyCanServeIsIgnored() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("easy", 1.0), bucket("unused", 0.0)), 10.0,
                List.of(gpu("A", 1.0, 10.0, 0.0)), 2);
        AllocationResult r = allocator.solve(p);
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(r.count("A")).isEqualTo(1);
        assertThat(r.assignmentShares().get(1)).containsOnly(0.0);
    }

    @Test
    void zeroTotalRateNeedsNoGpus() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 0.0, List.of(gpu("A", 1.0, 10.0)), 1);
        AllocationResult r = allocator.solve(p);
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(r.costPerHourUsd()).isZero();
    }

    @Test
    void candidateThatCannotServeABucketNeverGetsIt() {
        // B is cheaper per request but cannot serve bucket "long"; that bucket must go to A.
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("short", 0.5), bucket("long", 0.5)), 10.0,
                List.of(gpu("A", 1.0, 5.0, 5.0), gpu("B", 0.1, 50.0, 0.0)), 1);
        AllocationResult r = allocator.solve(p);
        assertThat(r.share(1, 0)).isEqualTo(1.0);
        assertThat(r.share(0, 1)).isEqualTo(1.0);
        assertThat(r.countsByCandidate()).isEqualTo(Map.of("A", 1, "B", 1));
    }

    // --- availability caps ---

    @Test
    void looseCapLeavesTheCheapestPlan() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 20.0,
                List.of(gpu("cheap", 1.0, 10.0), gpu("dear", 3.0, 20.0)), 1).withCaps(Map.of("cheap", 2));
        assertThat(allocator.solve(p).countsByCandidate()).isEqualTo(Map.of("cheap", 2, "dear", 0));
    }

    @Test
    void bindingCapForcesTheDearerType() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 20.0,
                List.of(gpu("cheap", 1.0, 10.0), gpu("dear", 3.0, 20.0)), 1).withCaps(Map.of("cheap", 1));
        assertThat(allocator.solve(p).countsByCandidate()).isEqualTo(Map.of("cheap", 0, "dear", 1));
    }

    @Test
    void capsThatCannotCoverTheLoadGiveInfeasibleNamingTheCaps() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 50.0,
                List.of(gpu("cheap", 1.0, 10.0)), 1).withCaps(Map.of("cheap", 3));
        AllocationResult r = allocator.solve(p);
        assertThat(r.status()).isEqualTo(SolveStatus.INFEASIBLE);
        assertThat(r.message()).contains("cheap <= 3 GPUs");
    }

    @Test
    void capCountsEveryGpuOfAMultiGpuReplica() {
        AllocationCandidate tp2 = AllocationCandidate.replica("H100", 2, 1, 2.0, List.of(10.0),
                ThroughputSource.SIMULATED);
        AllocationCandidate tp1 = AllocationCandidate.replica("H100", 1, 1, 2.0, List.of(4.0),
                ThroughputSource.SIMULATED);
        // 20 req/s: best is 2 x TP2 (4 GPUs, 8 $/h) vs 5 x TP1 (5 GPUs, 10 $/h). A 4-GPU cap allows it.
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 20.0, List.of(tp2, tp1), 1)
                .withCaps(Map.of("H100", 4));
        AllocationResult r = allocator.solve(p);
        assertThat(r.countsByCandidate()).isEqualTo(Map.of("H100 TP2", 2, "H100 TP1", 0));
        assertThat(r.gpusByType()).containsEntry("H100", 4);
        AllocationResult capped = allocator.solve(p.withCaps(Map.of("H100", 3)));
        assertThat(capped.status()).isEqualTo(SolveStatus.INFEASIBLE);
    }

    // --- headroom ---

    @Test
    void withoutHeadroomAnExactlyFullReplicaSuffices() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 10.0, List.of(gpu("A", 1.0, 10.0)), 1);
        assertThat(allocator.solve(p).count("A")).isEqualTo(1);
    }

    @Test
    void twentyPercentHeadroomNeedsASecondReplica() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 10.0, List.of(gpu("A", 1.0, 10.0)), 1)
                .withHeadroom(0.2);
        AllocationResult r = allocator.solve(p);
        assertThat(r.count("A")).isEqualTo(2);
        assertThat(r.demandRatePerSecond()).isCloseTo(12.0, within(1e-9));
    }

    // --- budget mode ---

    @Test
    void ampleBudgetServesEverythingAtMinimumCost() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 20.0,
                List.of(gpu("A", 1.0, 10.0)), 4).withBudget(100.0);
        AllocationResult r = allocator.solve(p);
        assertThat(r.servedRatePerSecond()).isCloseTo(20.0, within(1e-6));
        assertThat(r.costPerHourUsd()).isEqualTo(2.0);
    }

    @Test
    void tightBudgetServesWhatItCanAffordAndSaysSo() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 20.0,
                List.of(gpu("A", 1.0, 10.0)), 4).withBudget(1.5);
        AllocationResult r = allocator.solve(p);
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(r.costPerHourUsd()).isLessThanOrEqualTo(1.5);
        assertThat(r.servedRatePerSecond()).isCloseTo(10.0, within(1e-6));
        assertThat(r.message()).contains("serves 10.00 of 20.00 req/s");
    }

    @Test
    void budgetModeServesBucketsNobodyElseCanSkip() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("ok", 0.5), bucket("nobody", 0.5)), 20.0,
                List.of(gpu("A", 1.0, 10.0, 0.0)), 1).withBudget(10.0);
        AllocationResult r = allocator.solve(p);
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(r.servedRatePerSecond()).isCloseTo(10.0, within(1e-6));
        assertThat(r.count("A")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33})
    void budgetModeStaysWithinBudgetAndBothFormulationsServeTheSameRate(long seed) {
        AllocationProblem p = TestdataAllocation.random(seed, 3, 6, 2, 80.0).withBudget(9.0);
        AllocationResult perSlice = new FleetAllocator(SolverOptions.defaults().withFormulation(Formulation.PER_SLICE)).solve(p);
        AllocationResult aggregated = allocator.solve(p);
        assertThat(aggregated.costPerHourUsd()).isLessThanOrEqualTo(9.0 + 1e-9);
        assertThat(perSlice.costPerHourUsd()).isLessThanOrEqualTo(9.0 + 1e-9);
        assertThat(aggregated.servedRatePerSecond()).isCloseTo(perSlice.servedRatePerSecond(), within(1e-6));
        assertThat(aggregated.servedRatePerSecond()).isLessThan(p.demandRatePerSecond());
    }

    @Test
    void budgetModeBreaksTiesByCost() {
        // both candidates serve all 10 req/s within the budget; the cheaper must be chosen
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("b", 1.0)), 10.0,
                List.of(gpu("dear", 5.0, 10.0), gpu("cheap", 2.0, 10.0)), 1).withBudget(50.0);
        assertThat(allocator.solve(p).countsByCandidate()).isEqualTo(Map.of("dear", 0, "cheap", 1));
    }

    // --- formulations and backends ---

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void perSliceAndAggregatedFormulationsReachTheSameOptimum(long seed) {
        AllocationProblem p = TestdataAllocation.random(seed, 3, 5, 3, 40.0);
        AllocationResult perSlice = new FleetAllocator(SolverOptions.defaults().withFormulation(Formulation.PER_SLICE)).solve(p);
        AllocationResult aggregated = new FleetAllocator(SolverOptions.defaults().withFormulation(Formulation.AGGREGATED)).solve(p);
        assertThat(perSlice.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(aggregated.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(aggregated.costPerHourUsd()).isCloseTo(perSlice.costPerHourUsd(), within(1e-6));
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void scipCbcAndCpSatAgreeOnRandomInstances(long seed) {
        AllocationProblem p = TestdataAllocation.random(seed, 4, 12, 4, 60.0);
        double scip = new FleetAllocator(SolverOptions.defaults().withBackend(SolverBackend.SCIP)).solve(p).costPerHourUsd();
        double cbc = new FleetAllocator(SolverOptions.defaults().withBackend(SolverBackend.CBC)).solve(p).costPerHourUsd();
        double cpSat = new FleetAllocator(SolverOptions.defaults().withBackend(SolverBackend.CP_SAT)).solve(p).costPerHourUsd();
        assertThat(cbc).isCloseTo(scip, within(1e-6));
        assertThat(cpSat).isCloseTo(scip, within(1e-6));
    }

    @Test
    void everyPlanCarriesItsLoadOnEveryCandidate() {
        AllocationProblem p = TestdataAllocation.random(21, 5, 30, 4, 200.0);
        AllocationResult r = allocator.solve(p);
        for (int c = 0; c < p.candidates().size(); c++) {
            double load = 0;
            for (int b = 0; b < p.buckets().size(); b++) {
                load += r.share(b, c) * p.bucketRatePerSecond(b) / p.candidates().get(c).throughputRps().get(b);
            }
            assertThat(load).as(p.candidates().get(c).name()).isLessThanOrEqualTo(r.replicaCounts().get(c) + 1e-7);
        }
        assertThat(r.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(r.solveTimeMs()).isPositive();
    }

    @Test
    void cancelledListenerStopsTheSolve() {
        ProgressListener cancelled = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        AllocationProblem p = TestdataAllocation.random(3, 2, 2, 1, 5.0);
        assertThatThrownBy(() -> allocator.solve(p, cancelled)).isInstanceOf(CancellationException.class);
    }
}
