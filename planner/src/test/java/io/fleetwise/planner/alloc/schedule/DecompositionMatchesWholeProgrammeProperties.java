package io.fleetwise.planner.alloc.schedule;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.SolveStatus;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.ResolvedPrice;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
 * The decomposition over the baseline (capacity cuts per period, Lagrangian bounds, branch and bound on the baseline)
 * and the whole programme in one MILP (routing included) agree on the optimum of generated small days: three or four
 * hours, two buckets, three GPU types with replicas of one or two GPUs, reserved, on-demand and (for some types) spot
 * prices, sometimes a spot share limit. Both must prove their answer optimal.
 */
class DecompositionMatchesWholeProgrammeProperties {

    private static final List<WorkloadBucket> TWO_BUCKETS = List.of(WorkloadBucket.ofRanges(0, 512, 0, 128, 0.6),
            WorkloadBucket.ofRanges(512, 4096, 128, 512, 0.4));
    private static final String[] TYPES = {"H100-SXM", "L40S", "A10G"};

    private static final ScheduleAllocator DECOMPOSITION = new ScheduleAllocator(
            ScheduleAllocator.defaultOptions().withTimeLimitSeconds(60), 0, ScheduleAllocator.Method.DECOMPOSITION);
    private static final ScheduleAllocator WHOLE = new ScheduleAllocator(
            ScheduleAllocator.defaultOptions().withTimeLimitSeconds(60), 0, ScheduleAllocator.Method.WHOLE_MILP);

    private static ResolvedPrice price(String gpu, PriceKind kind, double usd, double interruptions, double fallback) {
        return new ResolvedPrice(gpu, kind, usd, List.of(), "generated", interruptions, fallback,
                kind == PriceKind.SPOT ? 1.0 : 0.0);
    }

    static ScheduleProblem day(long seed) {
        Random rnd = new Random(seed);
        int hours = 3 + rnd.nextInt(2);
        double[] rates = new double[hours];
        for (int h = 0; h < hours; h++) {
            rates[h] = 5 + rnd.nextInt(60) + rnd.nextDouble();
        }
        List<AllocationCandidate> candidates = new ArrayList<>();
        Map<String, GpuPrices> prices = new LinkedHashMap<>();
        for (String type : TYPES) {
            double onDemand = 0.8 + 3 * rnd.nextDouble();
            double perGpu = 2 + 10 * rnd.nextDouble();
            // the long bucket runs only on some types, and a two-GPU replica is faster per GPU on some
            boolean servesLong = rnd.nextBoolean() || type.equals("H100-SXM");
            candidates.add(AllocationCandidate.replica(type, 1, 1, 0,
                    List.of(perGpu, servesLong ? perGpu * 0.4 : 0.0), ThroughputSource.SIMULATED));
            double twoGpus = 2 * perGpu * (0.8 + 0.5 * rnd.nextDouble());
            candidates.add(AllocationCandidate.replica(type, 2, 1, 0, List.of(twoGpus, twoGpus * 0.45),
                    ThroughputSource.SIMULATED));
            boolean spot = rnd.nextBoolean();
            prices.put(type, new GpuPrices(type,
                    Optional.of(price(type, PriceKind.RESERVED_1Y, onDemand * (0.4 + 0.6 * rnd.nextDouble()), 0, 0)),
                    Optional.of(price(type, PriceKind.ON_DEMAND, onDemand, 0, 0)),
                    spot ? Optional.of(price(type, PriceKind.SPOT, onDemand * 0.6, 0.05, onDemand)) : Optional.empty()));
        }
        ScheduleOptions options = ScheduleOptions.defaults();
        if (rnd.nextInt(3) == 0) {
            options = options.withSpotMaxShare(0.5);
        }
        return new ScheduleProblem(LoadProfile.hourly(rates, "generated"), TWO_BUCKETS, candidates, prices, options);
    }

    @Test
    void theDecompositionsOptimumIsTheWholeProgrammesOptimum() {
        qt().withExamples(25).withFixedSeed(18_024L).forAll(longs().all()).checkAssert(seed -> {
            ScheduleProblem p = day(seed);
            FleetSchedule whole = WHOLE.solve(p);
            FleetSchedule split = DECOMPOSITION.solve(p);
            assertThat(whole.status()).as("seed %d whole", seed).isEqualTo(SolveStatus.OPTIMAL);
            assertThat(split.status()).as("seed %d decomposition: %s", seed, split.message())
                    .isEqualTo(SolveStatus.OPTIMAL);
            assertThat(split.totalCostUsd()).as("seed %d: %s against %s", seed, ScheduleSummary.describe(split),
                    ScheduleSummary.describe(whole)).isCloseTo(whole.totalCostUsd(),
                    within(1e-5 * Math.max(1, whole.totalCostUsd())));
        });
    }
}
