package io.fleetwise.views.fleet;

import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.PriceKind;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FleetViewModelTest {

    private static final Catalog CATALOG = Catalog.builtIn();
    static final List<String> DEMO_GPUS = List.of("H100-SXM", "A100-80GB-SXM", "L40S");
    private static FleetViewModel solved;

    /** One solve of the demo inputs shared by the result tests (capacity searches are the slow part). */
    @BeforeAll
    static void solveDemo() {
        solved = demo();
        solved.solve();
    }

    static FleetViewModel demo() {
        FleetViewModel vm = new FleetViewModel(() -> CATALOG, new CurrentThreadTaskExecutor(), Runnable::run, 60);
        vm.modelNameProperty().set("Llama-3.1-8B");
        vm.selectGpuTypes(DEMO_GPUS);
        return vm;
    }

    private static CandidateRow row(FleetViewModel vm, String gpu) {
        return vm.candidates().stream().filter(r -> r.gpuName().equals(gpu)).findFirst().orElseThrow();
    }

    @Test
    void demoInputsAreValid() {
        assertThat(demo().validationMessageProperty().get()).isEmpty();
    }

    @Test
    void tilesAreEmptyBeforeSolving() {
        assertThat(demo().costPerHourUsdProperty().get()).isNaN();
    }

    @Test
    void solvePublishesTheMixCost() {
        AllocationResult mix = solved.outcomeProperty().get().comparison().mix();
        assertThat(mix.hasPlan()).isTrue();
        assertThat(solved.costPerHourUsdProperty().get()).isPositive().isEqualTo(mix.costPerHourUsd());
    }

    @Test
    void mixIsNeverDearerThanTheBestSingleType() {
        assertThat(solved.costPerHourUsdProperty().get())
                .isLessThanOrEqualTo(solved.bestSingleCostPerHourUsdProperty().get() + 1e-9);
        assertThat(solved.savingPercentProperty().get()).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void gpuTileCountsTheMixGpus() {
        assertThat(solved.totalGpusProperty().get())
                .isEqualTo(solved.outcomeProperty().get().comparison().mix().totalGpus()).isPositive();
    }

    @Test
    void throughputTablesAreLabelledSimulated() {
        assertThat(solved.throughputSourceProperty().get()).startsWith("Throughputs: simulated");
        assertThat(solved.outcomeProperty().get().problem().candidates())
                .allSatisfy(c -> assertThat(c.throughputRps()).anySatisfy(t -> assertThat(t).isPositive()));
    }

    @Test
    void sweepCoversQuarterToDoubleTheRate() {
        var sweep = solved.outcomeProperty().get().sweep();
        assertThat(sweep).hasSize(FleetViewModel.SWEEP_POINTS);
        assertThat(sweep.get(0).totalRatePerSecond()).isCloseTo(5.0, within(1e-9));
        assertThat(sweep.get(sweep.size() - 1).totalRatePerSecond()).isCloseTo(40.0, within(1e-9));
    }

    @Test
    void secondSolveReusesCachedTables() {
        solved.ratePerSProperty().set(30);
        solved.solve();
        assertThat(solved.outcomeProperty().get().searches()).isZero();
        assertThat(solved.outcomeProperty().get().problem().totalRatePerSecond()).isEqualTo(30.0);
        solved.ratePerSProperty().set(20);
        solved.solve();
    }

    @Test
    void bucketSharesSumToOne() {
        List<WorkloadBucket> buckets = FleetViewModel.buckets("chat");
        assertThat(buckets.stream().mapToDouble(WorkloadBucket::rateShare).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void badPriceIsNamedWithItsGpu() {
        FleetViewModel vm = demo();
        row(vm, "L40S").priceTextProperty().set("cheap");
        assertThat(vm.validationMessageProperty().get()).isEqualTo("Price for L40S: 'cheap' is not a number.");
        assertThat(vm.canSolveProperty().get()).isFalse();
    }

    @Test
    void reservedPricesMustBeEntered() {
        FleetViewModel vm = demo();
        vm.priceKindProperty().set(PriceKind.RESERVED);
        assertThat(vm.validationMessageProperty().get()).contains("No reserved price for");
    }

    @Test
    void capMustBeAWholeNumber() {
        FleetViewModel vm = demo();
        row(vm, "H100-SXM").capTextProperty().set("2.5");
        assertThat(vm.validationMessageProperty().get()).contains("Cap for H100-SXM");
    }

    @Test
    void seventyBillionModelNeedsTensorParallelismOnL40S() {
        FleetViewModel vm = demo();
        vm.modelNameProperty().set("Llama-3.1-70B");
        assertThat(row(vm, "L40S").replicaProperty().get()).isEqualTo("TP4");
    }

    @Test
    void noSelectionCannotSolve() {
        FleetViewModel vm = demo();
        vm.selectGpuTypes(List.of());
        assertThat(vm.validationMessageProperty().get()).isEqualTo("Select at least one GPU type.");
    }
}
