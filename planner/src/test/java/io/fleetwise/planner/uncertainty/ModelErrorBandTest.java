package io.fleetwise.planner.uncertainty;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.schedule.GpuPrices;
import io.fleetwise.planner.alloc.schedule.LoadProfile;
import io.fleetwise.planner.alloc.schedule.ScheduleAllocator;
import io.fleetwise.planner.alloc.schedule.ScheduleOptions;
import io.fleetwise.planner.alloc.schedule.ScheduleProblem;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.ResolvedPrice;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ModelErrorBandTest {

    private static final List<WorkloadBucket> BUCKET = List.of(WorkloadBucket.ofRanges(0, 512, 0, 128, 1.0));

    @Test
    void theShippedBandIsReadFromItsResource() {
        ModelErrorBand band = ModelErrorBand.validated();

        assertThat(band.ttftRelativeError()).isPositive();
        assertThat(band.tpotRelativeError()).isPositive();
        assertThat(band.source()).contains("docs/validation.md");
    }

    @Test
    void aCapacityErrorInTheResourceMakesACapacityBand() {
        ModelErrorBand band = ModelErrorBand.read(new ByteArrayInputStream(
                "ttft.relative_error=0.1\ntpot.relative_error=0.05\ncapacity.relative_error=0.3\nsource=x\n"
                        .getBytes(StandardCharsets.UTF_8)), "test");

        assertThat(band.byCapacity()).isTrue();
        assertThat(band.describe()).startsWith("capacity +-30.0 %");
    }

    @Test
    void thePessimisticEndMeasuresAgainstATighterSlo() {
        ModelErrorBand band = new ModelErrorBand(0.1, 0.05, 0, "t");
        Slo slo = Slo.of(1000, 100, 0.9);

        assertThat(band.pessimistic(slo).ttftMs()).isCloseTo(1000 / 1.1, within(1e-9));
        assertThat(band.pessimistic(slo).tpotMs()).isCloseTo(100 / 1.05, within(1e-9));
        assertThat(band.optimistic(slo).tpotMs()).isCloseTo(100 / 0.95, within(1e-9));
        assertThat(band.pessimistic(slo).attainment()).isEqualTo(0.9);
    }

    @Test
    void aBandThatMovesTheCountsSaysSoAndHowFarTheCostMoves() {
        // 25 req/s on replicas of 10 req/s: 3 nominal; 10 x 0.8 = 8 req/s needs 4; 10 x 1.2 = 12 req/s needs 3
        AllocationCandidate h100 = AllocationCandidate.replica("H100-SXM", 1, 1, 3.0, List.of(10.0), ThroughputSource.SIMULATED);
        AllocationProblem problem = AllocationProblem.minCost(BUCKET, 25, List.of(h100), 4);
        BandedCandidates cands = BandedCandidates.byCapacity(List.of(h100), new ModelErrorBand(0, 0, 0.2, "t"));

        AllocationBand band = AllocationBand.solve(new FleetAllocator(), problem, cands, ProgressListener.NONE);

        assertThat(band.nominal().count("H100-SXM TP1")).isEqualTo(3);
        assertThat(band.pessimistic().count("H100-SXM TP1")).isEqualTo(4);
        assertThat(band.mixChanges()).isFalse();
        assertThat(band.countsChange()).isTrue();
        assertThat(band.costHighUsdPerHour()).isEqualTo(12.0);
        assertThat(band.describe()).contains("the mix keeps its replica configs but the counts move")
                .contains("+33.3 %");
    }

    @Test
    void aBandThatSwapsTheGpuTypeSaysTheMixChanges() {
        // 7.5 req/s. Nominal: one L40S (8 req/s for 7.5 $/h) beats one H100 (10 req/s for 9 $/h). With 20 % less
        // capacity an L40S serves 6.4 req/s, so it takes two (15 $/h), and one H100 (8 req/s, 9 $/h) wins.
        AllocationCandidate h100 = AllocationCandidate.replica("H100-SXM", 1, 1, 9.0, List.of(10.0), ThroughputSource.SIMULATED);
        AllocationCandidate l40s = AllocationCandidate.replica("L40S", 1, 1, 7.5, List.of(8.0), ThroughputSource.SIMULATED);
        AllocationProblem problem = AllocationProblem.minCost(BUCKET, 7.5, List.of(h100, l40s), 4);
        BandedCandidates cands = BandedCandidates.byCapacity(List.of(h100, l40s), new ModelErrorBand(0, 0, 0.2, "t"));

        AllocationBand band = AllocationBand.solve(new FleetAllocator(), problem, cands, ProgressListener.NONE);

        assertThat(band.nominal().count("L40S TP1")).isEqualTo(1);
        assertThat(band.pessimistic().count("H100-SXM TP1")).isEqualTo(1);
        assertThat(band.mixChanges()).isTrue();
        assertThat(band.describe()).contains("the mix changes");
    }

    @Test
    void aScheduleBandSaysWhetherTheBaselineMoves() {
        AllocationCandidate h100 = AllocationCandidate.replica("H100-SXM", 1, 1, 0, List.of(10.0), ThroughputSource.SIMULATED);
        GpuPrices prices = new GpuPrices("H100-SXM",
                Optional.of(new ResolvedPrice("H100-SXM", PriceKind.RESERVED_1Y, 1.89, List.of(), "t", 0, 0, 0)),
                Optional.of(new ResolvedPrice("H100-SXM", PriceKind.ON_DEMAND, 3.0, List.of(), "t", 0, 0, 0)),
                Optional.empty());
        ScheduleProblem problem = new ScheduleProblem(LoadProfile.hourly(new double[] {25, 25, 25, 25}, "flat"), BUCKET,
                List.of(h100), Map.of("H100-SXM", prices), ScheduleOptions.defaults());

        ScheduleBand band = ScheduleBand.solve(new ScheduleAllocator(), problem,
                BandedCandidates.byCapacity(List.of(h100), new ModelErrorBand(0, 0, 0.2, "t")), ProgressListener.NONE);

        assertThat(band.schedule().baselineGpusByType()).containsExactly(Map.entry("H100-SXM", 3));
        assertThat(band.pessimistic().baselineGpusByType()).containsExactly(Map.entry("H100-SXM", 4));
        assertThat(band.baselineChanges()).isTrue();
        assertThat(band.describe()).contains("the baseline changes");
    }
}
