package io.fleetwise.planner.alloc.schedule;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.SolveStatus;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.ResolvedPrice;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.RequestTrace;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScheduleAllocatorTest {

    private static final List<WorkloadBucket> ONE_BUCKET = List.of(WorkloadBucket.ofRanges(0, 512, 0, 128, 1.0));

    /** One H100 replica serves 10 req/s. */
    private static final AllocationCandidate H100 = AllocationCandidate.replica("H100-SXM", 1, 1, 0, List.of(10.0),
            ThroughputSource.SIMULATED);
    /** One L40S replica serves 4 req/s. */
    private static final AllocationCandidate L40S = AllocationCandidate.replica("L40S", 1, 1, 0, List.of(4.0),
            ThroughputSource.SIMULATED);

    private static ResolvedPrice price(String gpu, PriceKind kind, double usd) {
        return new ResolvedPrice(gpu, kind, usd, List.of(), "test", 0, 0, 0);
    }

    private static GpuPrices h100(boolean reserved, boolean onDemand) {
        return new GpuPrices("H100-SXM", reserved ? Optional.of(price("H100-SXM", PriceKind.RESERVED_1Y, 1.89)) : Optional.empty(),
                onDemand ? Optional.of(price("H100-SXM", PriceKind.ON_DEMAND, 3.0)) : Optional.empty(), Optional.empty());
    }

    /** 20 req/s, 50 req/s from 09:00 to 18:00. */
    private static LoadProfile workday() {
        double[] rates = new double[24];
        for (int h = 0; h < 24; h++) {
            rates[h] = h >= 9 && h < 18 ? 50 : 20;
        }
        return LoadProfile.hourly(rates, "test workday");
    }

    private static ScheduleProblem problem(LoadProfile load, List<AllocationCandidate> candidates,
                                           Map<String, GpuPrices> prices) {
        return new ScheduleProblem(load, ONE_BUCKET, candidates, prices, ScheduleOptions.defaults());
    }

    private static final ScheduleAllocator ALLOCATOR = new ScheduleAllocator();

    @Test
    void baselineCoversTheTroughAndOnDemandThePeak() {
        FleetSchedule s = ALLOCATOR.solve(problem(workday(), List.of(H100), Map.of("H100-SXM", h100(true, true))));

        assertThat(s.status()).isEqualTo(SolveStatus.OPTIMAL);
        // GPUs 1-2 are busy 24 h (3.0 x 24 > 1.89 x 24: reserve); GPUs 3-5 only 9 h (3.0 x 9 < 1.89 x 24: by the hour)
        assertThat(s.baselineGpusByType()).containsExactly(Map.entry("H100-SXM", 2));
        assertThat(s.periods().get(12).onDemandGpus()).containsExactly(Map.entry("H100-SXM", 3));
        assertThat(s.periods().get(3).onDemandGpus()).isEmpty();
        assertThat(s.totalCostUsd()).isCloseTo(2 * 1.89 * 24 + 3 * 3.0 * 9, within(1e-6));
    }

    @Test
    void theScheduleReadsLikeABuyerSaysIt() {
        FleetSchedule s = ALLOCATOR.solve(problem(workday(), List.of(H100), Map.of("H100-SXM", h100(true, true))));

        assertThat(ScheduleSummary.describe(s))
                .isEqualTo("2 reserved 1-year H100-SXM + up to 3 on-demand H100-SXM between 09:00 and 18:00");
    }

    @Test
    void aConstantFleetSizedForThePeakCostsMore() {
        ScheduleComparison c = ScheduleComparison.solve(ALLOCATOR,
                problem(workday(), List.of(H100), Map.of("H100-SXM", h100(true, true))), ProgressListener.NONE);

        assertThat(c.constantFleet().baselineGpusByType()).containsExactly(Map.entry("H100-SXM", 5));
        assertThat(c.constantFleet().totalCostUsd()).isCloseTo(5 * 1.89 * 24, within(1e-6));
        assertThat(c.savingPercent()).isCloseTo(100 * (1 - (2 * 1.89 * 24 + 81) / (5 * 1.89 * 24)), within(1e-6));
    }

    @Test
    void aFlatLoadIsBoughtAsBaselineOnly() {
        FleetSchedule s = ALLOCATOR.solve(problem(LoadProfile.hourly(new double[] {30, 30, 30, 30}, "flat"), List.of(H100),
                Map.of("H100-SXM", h100(true, true))));

        assertThat(s.baselineGpusByType()).containsExactly(Map.entry("H100-SXM", 3));
        assertThat(s.periods()).allSatisfy(p -> assertThat(p.onDemandGpus()).isEmpty());
    }

    @Test
    void withoutABaselineEveryPeriodIsBoughtByTheHour() {
        FleetSchedule s = ALLOCATOR.solve(problem(workday(), List.of(H100), Map.of("H100-SXM", h100(false, true))));

        assertThat(s.baselineGpusByType()).isEmpty();
        assertThat(s.totalCostUsd()).isCloseTo(3.0 * (2 * 15 + 5 * 9), within(1e-6));
        assertThat(ScheduleSummary.describe(s)).isEqualTo("up to 5 on-demand H100-SXM all the time");
    }

    @Test
    void cheaperSpotTakesThePeakAtItsExpectedPrice() {
        // spot 1.0/h plus 0.5 interruptions/h x 1 h x 3.0 fallback = 2.5 expected: cheaper than 3.0 on demand
        GpuPrices prices = new GpuPrices("H100-SXM", Optional.of(price("H100-SXM", PriceKind.RESERVED_1Y, 1.89)),
                Optional.of(price("H100-SXM", PriceKind.ON_DEMAND, 3.0)),
                Optional.of(new ResolvedPrice("H100-SXM", PriceKind.SPOT, 1.0, List.of(), "test", 0.5, 3.0, 1.0)));

        FleetSchedule s = ALLOCATOR.solve(problem(workday(), List.of(H100), Map.of("H100-SXM", prices)));

        assertThat(s.periods().get(12).spotGpus()).containsExactly(Map.entry("H100-SXM", 3));
        assertThat(s.periods().get(12).onDemandGpus()).isEmpty();
        assertThat(s.totalCostUsd()).isCloseTo(2 * 1.89 * 24 + 3 * 2.5 * 9, within(1e-6));
    }

    @Test
    void theSpotShareLimitLeavesTheRestOnDemand() {
        GpuPrices prices = new GpuPrices("H100-SXM", Optional.empty(), Optional.of(price("H100-SXM", PriceKind.ON_DEMAND, 3.0)),
                Optional.of(new ResolvedPrice("H100-SXM", PriceKind.SPOT, 1.0, List.of(), "test", 0, 3.0, 1.0)));
        ScheduleProblem p = new ScheduleProblem(LoadProfile.hourly(new double[] {40}, "one hour"), ONE_BUCKET, List.of(H100),
                Map.of("H100-SXM", prices), ScheduleOptions.defaults().withSpotMaxShare(0.5));

        FleetSchedule s = ALLOCATOR.solve(p);

        assertThat(s.periods().get(0).spotGpus()).containsExactly(Map.entry("H100-SXM", 2));
        assertThat(s.periods().get(0).onDemandGpus()).containsExactly(Map.entry("H100-SXM", 2));
    }

    @Test
    void twoGpuTypesSplitTheWork() {
        Map<String, GpuPrices> prices = new LinkedHashMap<>();
        prices.put("H100-SXM", h100(true, true));
        // an L40S serves 4 req/s at 1.0/h on demand: 0.25 $ per req/s-hour against H100's 0.30 on demand
        prices.put("L40S", new GpuPrices("L40S", Optional.empty(), Optional.of(price("L40S", PriceKind.ON_DEMAND, 1.0)),
                Optional.empty()));

        FleetSchedule s = ALLOCATOR.solve(problem(workday(), List.of(H100, L40S), prices));

        assertThat(s.status()).isEqualTo(SolveStatus.OPTIMAL);
        // 2 reserved H100 carry the 20 req/s all day; the peak's other 30 req/s cost 8.0/h either as 8 L40S or as
        // 5 L40S + 1 on-demand H100 (a tie: either is optimal), never as 3 on-demand H100 (9.0/h)
        assertThat(s.baselineGpusByType()).containsExactly(Map.entry("H100-SXM", 2));
        assertThat(s.periods().get(12).onDemandGpus()).containsKey("L40S");
        assertThat(s.totalCostUsd()).isCloseTo(2 * 1.89 * 24 + 8 * 1.0 * 9, within(1e-6));
        assertThat(ScheduleSummary.describe(s)).contains("on-demand L40S between 09:00 and 18:00");
    }

    @Test
    void capsThatCannotHoldThePeakMakeItInfeasible() {
        ScheduleProblem p = new ScheduleProblem(workday(), ONE_BUCKET, List.of(H100), Map.of("H100-SXM", h100(true, true)),
                ScheduleOptions.defaults().withCaps(Map.of("H100-SXM", 4)));

        FleetSchedule s = ALLOCATOR.solve(p);

        assertThat(s.status()).isEqualTo(SolveStatus.INFEASIBLE);
        assertThat(s.message()).contains("availability caps").contains("H100-SXM=4");
    }

    @Test
    void aBucketNothingCanServeIsNamedWithItsPeriod() {
        List<WorkloadBucket> buckets = List.of(WorkloadBucket.ofRanges(0, 512, 0, 128, 0.5),
                WorkloadBucket.ofRanges(512, 4096, 0, 128, 0.5));
        AllocationCandidate shortOnly = AllocationCandidate.replica("H100-SXM", 1, 1, 0, List.of(10.0, 0.0),
                ThroughputSource.SIMULATED);
        ScheduleProblem p = new ScheduleProblem(LoadProfile.hourly(new double[] {10}, "x"), buckets, List.of(shortOnly),
                Map.of("H100-SXM", h100(true, true)), ScheduleOptions.defaults());

        assertThat(ALLOCATOR.solve(p).message()).contains("'input 512-4096 x output 0-128' in 00:00");
    }

    @Test
    void cancellingBeforeTheStartStops() {
        ProgressListener cancelled = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> ALLOCATOR.solve(problem(workday(), List.of(H100), Map.of("H100-SXM", h100(true, true))),
                cancelled)).isInstanceOf(CancellationException.class);
    }

    @Test
    void cancellingWhileTheDecompositionRunsStopsWithinTwoSeconds() {
        // the benchmark's day: the decomposition needs seconds on it, so a cancel at the first bound lands mid-solve
        ScheduleProblem day = io.fleetwise.planner.alloc.bench.ScheduleBenchmark.instance(1, 24, 200);
        java.util.concurrent.atomic.AtomicLong firstBound = new java.util.concurrent.atomic.AtomicLong();
        ProgressListener cancelOnceBounded = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                if (message.startsWith("Best schedule")) {
                    firstBound.compareAndSet(0, System.nanoTime());
                }
            }

            @Override
            public boolean isCancelled() {
                return firstBound.get() != 0;
            }
        };
        ScheduleAllocator allocator = new ScheduleAllocator(ScheduleAllocator.defaultOptions().withTimeLimitSeconds(60));

        assertThatThrownBy(() -> allocator.solve(day, cancelOnceBounded)).isInstanceOf(CancellationException.class);
        assertThat((System.nanoTime() - firstBound.get()) / 1e9).isLessThan(2.0);
    }

    @Test
    void theIssuesDayOf24PeriodsByHundredBucketsByTenConfigsIsProvenOptimal() {
        // issue 18's size (docs/benchmarks-allocator.md times it); a generous limit: this checks the proof, not speed
        ScheduleProblem day = io.fleetwise.planner.alloc.bench.ScheduleBenchmark.instance(2, 24, 200);

        FleetSchedule s = new ScheduleAllocator(ScheduleAllocator.defaultOptions().withTimeLimitSeconds(120)).solve(day);

        assertThat(s.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(s.relativeGap()).isLessThanOrEqualTo(ScheduleAllocator.defaultOptions().relativeGap());
        assertThat(s.message()).contains("checked one by one");
    }

    @Test
    void aTraceIsCountedIntoPeriodsOfItsOwnLengths() {
        long hour = 3_600_000_000_000L;
        RequestTrace trace = new RequestTrace("t", new long[] {0, hour / 2, hour + 1, hour + 2, hour + 3},
                new int[] {100, 100, 100, 3000, 3000}, new int[] {10, 10, 10, 10, 10});

        LoadProfile load = LoadProfile.fromTrace(trace, 1.0, new int[] {0, 512, 8192}, new int[] {0, 1024});

        assertThat(load.periods()).hasSize(2);
        assertThat(load.periods().get(0).ratePerSecond()).isCloseTo(2 / 3600.0, within(1e-12));
        assertThat(load.periods().get(1).bucketShares()).containsExactly(1 / 3.0, 2 / 3.0);
    }
}
