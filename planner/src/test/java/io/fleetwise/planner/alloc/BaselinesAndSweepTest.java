package io.fleetwise.planner.alloc;

import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.pricing.ShippedPriceBook;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static io.fleetwise.planner.alloc.TestdataAllocation.bucket;
import static io.fleetwise.planner.alloc.TestdataAllocation.gpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BaselinesAndSweepTest {

    /** Mélange's example: the mix 6.70 $/h, A10G alone 12 x 1.01, A100 alone 2 x 3.67. */
    private static AllocationProblem melangeExample() {
        return AllocationProblem.minCost(
                List.of(bucket("00", 0.2), bucket("01", 0.1), bucket("10", 0.5), bucket("11", 0.2)), 30.0,
                List.of(gpu("A10G", 1.01, 2.0, 1.0, 5.0, 2.0), gpu("A100-80GB", 3.67, 20.0, 20.0, 40.0, 20.0)), 1);
    }

    @Test
    void savingIsMeasuredAgainstTheCheapestSingleType() {
        BaselineComparison cmp = new Baselines(new FleetAllocator()).compare(melangeExample());
        assertThat(cmp.singleTypeFleets()).extracting(AllocationResult::costPerHourUsd)
                .containsExactly(12 * 1.01, 2 * 3.67);
        assertThat(BaselineComparison.candidateOf(cmp.bestSingleType().orElseThrow())).isEqualTo("A100-80GB");
        assertThat(cmp.savingPercent()).isCloseTo(100 * (7.34 - 6.70) / 7.34, within(1e-9));
    }

    @Test
    void singleTypeThatCannotServeEveryBucketIsNoBaseline() {
        AllocationProblem p = AllocationProblem.minCost(List.of(bucket("a", 0.5), bucket("b", 0.5)), 10.0,
                List.of(gpu("small", 0.5, 10.0, 0.0), gpu("big", 3.0, 20.0, 20.0)), 1);
        BaselineComparison cmp = new Baselines(new FleetAllocator()).compare(p);
        assertThat(cmp.singleTypeFleets().get(0).status()).isEqualTo(SolveStatus.INFEASIBLE);
        assertThat(BaselineComparison.candidateOf(cmp.bestSingleType().orElseThrow())).isEqualTo("big");
        // one big GPU carries both buckets (load 0.5), so the mix is that fleet and saves nothing
        assertThat(cmp.savingPercent()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void sweepCostNeverFallsAsTheRateGrowsAndTheMixNeverCostsMoreThanASingleType() {
        double[] rates = RateSweep.evenlySpaced(5, 60, 6);
        List<RateSweepPoint> points = new RateSweep(new FleetAllocator()).run(melangeExample(), rates, ProgressListener.NONE);
        assertThat(points).hasSize(6);
        for (int i = 0; i < points.size(); i++) {
            RateSweepPoint p = points.get(i);
            for (double single : p.singleTypeCostPerHourUsd().values()) {
                assertThat(p.mixCostPerHourUsd()).isLessThanOrEqualTo(single + 1e-9);
            }
            if (i > 0) {
                assertThat(p.mixCostPerHourUsd()).isGreaterThanOrEqualTo(points.get(i - 1).mixCostPerHourUsd() - 1e-9);
            }
        }
        assertThat(points.get(0).totalRatePerSecond()).isEqualTo(5.0);
        assertThat(points.get(5).totalRatePerSecond()).isEqualTo(60.0);
    }

    @Test
    void sweepReportsProgressAndStopsWhenCancelled() {
        List<Double> fractions = new ArrayList<>();
        ProgressListener cancelAfterThree = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                fractions.add(fraction);
            }

            @Override
            public boolean isCancelled() {
                return fractions.size() >= 3;
            }
        };
        assertThatThrownBy(() -> new RateSweep(new FleetAllocator())
                .run(melangeExample(), RateSweep.evenlySpaced(1, 10, 5), cancelAfterThree))
                .isInstanceOf(CancellationException.class);
        assertThat(fractions).hasSize(3).isSorted();
    }

    @Test
    void pricesComeFromTheShippedBookAndEnteredPricesWin() {
        GpuType h100 = Catalog.builtIn().gpu("h100-sxm");
        PriceResolver book = new PriceResolver(ShippedPriceBook.load(), PriceChoice.all());
        assertThat(PriceSelection.onDemand().pricePerGpuHourUsd(h100))
                .isEqualTo(book.resolve(h100, PriceKind.ON_DEMAND).usdPerGpuHour());
        assertThat(PriceSelection.of(PriceKind.SPOT).pricePerGpuHourUsd(h100))
                .isEqualTo(book.resolve(h100, PriceKind.SPOT).expectedUsdPerGpuHour());
        assertThat(PriceSelection.of(PriceKind.RESERVED_1Y).withPrice(h100.name(), 2.1).pricePerGpuHourUsd(h100))
                .isEqualTo(2.1);
    }

    @Test
    void reservedPriceWithoutAnOfferIsDerivedAndSaysSo() {
        GpuType h100 = Catalog.builtIn().gpu("h100-sxm");
        assertThat(PriceSelection.of(PriceKind.RESERVED_1Y).resolved(h100).rule())
                .contains("no reserved 1-year offer listed");
    }

    @Test
    void replicaCandidateCostsGpusTimesPrice() {
        AllocationCandidate c = AllocationCandidate.replica("H100-SXM", 4, 2, 3.0, List.of(1.0), ThroughputSource.SIMULATED);
        assertThat(c.name()).isEqualTo("H100-SXM TP4 PP2");
        assertThat(c.gpuCount()).isEqualTo(8);
        assertThat(c.costPerHourUsd()).isEqualTo(24.0);
    }
}
