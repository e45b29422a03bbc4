package io.fleetwise.planner.alloc.schedule;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.SolveStatus;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.ResolvedPrice;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The schedule the allocator calls OPTIMAL is the optimum: on generated small days (three hours, one bucket, two GPU
 * types with a replica of one GPU each, reserved and on-demand prices) its cost equals the cheapest of every baseline
 * and every per-hour fleet, enumerated.
 */
class ScheduleOptimalityProperties {

    private static final List<WorkloadBucket> ONE_BUCKET = List.of(WorkloadBucket.ofRanges(0, 512, 0, 128, 1.0));
    private static final ScheduleAllocator ALLOCATOR = new ScheduleAllocator();

    private record Day(double[] rates, double[] capacity, double[] reserved, double[] onDemand) {
    }

    private static Day day(long seed) {
        Random rnd = new Random(seed);
        double[] rates = new double[3];
        for (int h = 0; h < rates.length; h++) {
            rates[h] = 1 + rnd.nextInt(40) + rnd.nextDouble();
        }
        double[] capacity = {6 + rnd.nextInt(8), 2 + rnd.nextInt(4)};
        double[] onDemand = {2 + 2 * rnd.nextDouble(), 0.5 + rnd.nextDouble()};
        // a term price between a third of the hourly price and all of it: sometimes worth reserving, sometimes not
        double[] reserved = {onDemand[0] * (0.3 + 0.7 * rnd.nextDouble()), onDemand[1] * (0.3 + 0.7 * rnd.nextDouble())};
        return new Day(rates, capacity, reserved, onDemand);
    }

    private static ResolvedPrice price(String gpu, PriceKind kind, double usd) {
        return new ResolvedPrice(gpu, kind, usd, List.of(), "generated", 0, 0, 0);
    }

    private static ScheduleProblem problem(Day d) {
        String[] types = {"H100-SXM", "L40S"};
        Map<String, GpuPrices> prices = new LinkedHashMap<>();
        List<AllocationCandidate> candidates = new java.util.ArrayList<>();
        for (int g = 0; g < 2; g++) {
            candidates.add(AllocationCandidate.replica(types[g], 1, 1, 0, List.of(d.capacity()[g]), ThroughputSource.SIMULATED));
            prices.put(types[g], new GpuPrices(types[g], Optional.of(price(types[g], PriceKind.RESERVED_1Y, d.reserved()[g])),
                    Optional.of(price(types[g], PriceKind.ON_DEMAND, d.onDemand()[g])), Optional.empty()));
        }
        return new ScheduleProblem(LoadProfile.hourly(d.rates(), "generated"), ONE_BUCKET, candidates, prices,
                ScheduleOptions.defaults());
    }

    /** Every baseline and every hour's replica counts that serve the hour's rate; one bucket routes in any split. */
    private static double enumerated(Day d) {
        int hours = d.rates().length;
        int[] most = new int[2];
        for (int g = 0; g < 2; g++) {
            for (double r : d.rates()) {
                most[g] = Math.max(most[g], (int) Math.ceil(r / d.capacity()[g]));
            }
        }
        double best = Double.POSITIVE_INFINITY;
        for (int b0 = 0; b0 <= most[0]; b0++) {
            for (int b1 = 0; b1 <= most[1]; b1++) {
                double cost = hours * (b0 * d.reserved()[0] + b1 * d.reserved()[1]);
                for (double rate : d.rates()) {
                    double hourBest = Double.POSITIVE_INFINITY;
                    for (int n0 = 0; n0 <= most[0]; n0++) {
                        int n1 = (int) Math.max(0, Math.ceil((rate - n0 * d.capacity()[0]) / d.capacity()[1] - 1e-9));
                        // more of the second type than the fewest that serve never costs less; both counts enumerated
                        for (int m1 = n1; m1 <= Math.max(n1, most[1]); m1++) {
                            double c = d.onDemand()[0] * Math.max(0, n0 - b0) + d.onDemand()[1] * Math.max(0, m1 - b1);
                            hourBest = Math.min(hourBest, c);
                        }
                    }
                    cost += hourBest;
                }
                best = Math.min(best, cost);
            }
        }
        return best;
    }

    @Test
    void anOptimalScheduleCostsWhatTheEnumeratedOptimumCosts() {
        qt().withExamples(40).withFixedSeed(18_018L).forAll(longs().all()).checkAssert(seed -> {
            Day d = day(seed);
            FleetSchedule s = ALLOCATOR.solve(problem(d));
            assertThat(s.status()).as("seed %d", seed).isEqualTo(SolveStatus.OPTIMAL);
            assertThat(s.totalCostUsd()).as("seed %d: %s", seed, ScheduleSummary.describe(s))
                    .isCloseTo(enumerated(d), within(1e-6 * Math.max(1, s.totalCostUsd())));
        });
    }
}
