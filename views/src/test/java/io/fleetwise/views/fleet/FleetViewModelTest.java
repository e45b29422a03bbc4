package io.fleetwise.views.fleet;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.service.FleetAllocationService;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fleetwise.planner.service.FleetAllocationRequest;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FleetViewModelTest {

    private static final Catalog CATALOG = Catalog.builtIn();
    static final List<String> DEMO_GPUS = List.of("H100-SXM", "A100-80GB-SXM", "L40S");
    /**
     * Enough requests that a burst cannot hide inside one batch of 256 sequences: with 60 the search
     * doubled the rate to 8.4M req/s on short buckets (every request still met the SLO).
     */
    static final int REQUESTS_PER_SEARCH = 1000;
    private static FleetViewModel solved;

    /** One solve of the demo inputs shared by the result tests (capacity searches are the slow part). */
    @BeforeAll
    static void solveDemo() {
        solved = demo();
        solved.solve();
    }

    static FleetViewModel demo() {
        FleetViewModel vm = new FleetViewModel(() -> CATALOG, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(), Runnable::run, REQUESTS_PER_SEARCH);
        vm.setValidationRequests(300);
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
    void attainmentTileShowsTheSimulatedFleetAttainment() {
        var validation = solved.outcomeProperty().get().validation();
        assertThat(validation.routedRequests()).isPositive();
        assertThat(solved.fleetAttainmentProperty().get()).isEqualTo(validation.sloAttainment()).isBetween(0.0, 1.0);
        assertThat(solved.attainmentMessageProperty().get()).endsWith("the 90% target");
    }

    @Test
    void simulatedThroughputsArePlausibleForOneReplica() {
        assertThat(solved.outcomeProperty().get().problem().candidates())
                .allSatisfy(c -> assertThat(c.throughputRps()).allSatisfy(t -> assertThat(t).isBetween(0.0, 200.0)));
    }

    @Test
    void sweepCoversQuarterToDoubleTheRate() {
        var sweep = solved.outcomeProperty().get().sweep();
        assertThat(sweep).hasSize(io.fleetwise.planner.service.FleetAllocationRequest.defaults().sweepPoints());
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
    void demoStudySetsModelPaletteRateAndSlo() {
        FleetViewModel vm = new FleetViewModel(() -> CATALOG, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(), Runnable::run, 100);
        vm.applyStudy(io.fleetwise.planner.study.DemoStudy.create(CATALOG));
        assertThat(vm.modelNameProperty().get()).isEqualTo("Llama-3.1-70B");
        assertThat(vm.candidates().stream().filter(r -> r.selectedProperty().get()).map(CandidateRow::gpuName))
                .containsExactly("H100-SXM", "H200-SXM");
        assertThat(vm.ratePerSProperty().get()).isEqualTo(12.0);
        assertThat(vm.sloTpotMsProperty().get()).isEqualTo(50.0);
        // out of the box the demo's Fleet area can solve (an L4 node once made it refuse: 70B does not fit 4 L4s)
        assertThat(vm.validationMessageProperty().get()).isEmpty();
        assertThat(vm.canSolveProperty().get()).isTrue();
    }

    @Test
    void savingStoresTheMixAsAPlanRowThatAnotherViewModelShowsAgain() {
        io.fleetwise.views.common.InMemoryPlanStore store = new io.fleetwise.views.common.InMemoryPlanStore();
        FleetViewModel unsolved = new FleetViewModel(() -> CATALOG, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(),
                Runnable::run, REQUESTS_PER_SEARCH).keepPlansIn(store, () -> 7);
        unsolved.saveToStudy();
        assertThat(store.plansOf(7)).as("nothing to save before a solve").isEmpty();

        solved.keepPlansIn(store, () -> 7).saveToStudy();

        var rows = store.plansOf(7);
        assertThat(rows).hasSize(1);
        double cost = solved.outcomeProperty().get().comparison().mix().costPerHourUsd();
        assertThat(rows.get(0).plan().costPerHourUsd()).isEqualTo(cost);
        assertThat(rows.get(0).allocation().orElseThrow().problem().candidates())
                .hasSameSizeAs(solved.outcomeProperty().get().problem().candidates());
        assertThat(solved.savedPlanIdProperty().get()).isEqualTo(rows.get(0).id());

        FleetViewModel afterRestart = new FleetViewModel(() -> CATALOG, CalibrationSet::builtIn,
                new CurrentThreadTaskExecutor(), Runnable::run, REQUESTS_PER_SEARCH).keepPlansIn(store, () -> 7);

        assertThat(afterRestart.costPerHourUsdProperty().get()).isEqualTo(cost);
        assertThat(afterRestart.totalGpusProperty().get()).isEqualTo(solved.totalGpusProperty().get());
        assertThat(afterRestart.statusProperty().get()).startsWith("Saved plan #" + rows.get(0).id());
    }

    @Test
    void aStudyGpuTypeThatCannotHostTheModelIsLeftUnselectedWithTheReason() {
        // An L4 node beside the demo's, for Llama-3.1-405B: 810 GB of bf16 weights leave no KV pool that can serve on
        // up to 8 pipelined nodes of 8 x 24 GB (70B is fine there: two pipelined L4 nodes hold it)
        io.fleetwise.planner.study.StudyDocument demo = io.fleetwise.planner.study.DemoStudy.create(CATALOG);
        java.util.List<io.fleetwise.planner.model.NodeGroup> groups = new java.util.ArrayList<>(demo.nodeGroups());
        io.fleetwise.planner.model.GpuType l4 = CATALOG.gpu("L4");
        groups.add(new io.fleetwise.planner.model.NodeGroup("L4 node", new io.fleetwise.planner.model.Node(l4, 4,
                io.fleetwise.planner.model.Interconnect.intraNodeOf(l4), io.fleetwise.planner.model.Interconnect.INFINIBAND_NDR),
                1, 0));
        FleetViewModel vm = FleetViewModel.forStudy(demo.withCluster("demo cluster", groups)
                        .withModelName("Llama-3.1-405B"),
                () -> CATALOG, CalibrationSet::builtIn, FleetAllocationService.withDefaults(() -> CATALOG),
                new CurrentThreadTaskExecutor(), Runnable::run);
        assertThat(vm.candidates()).filteredOn(r -> r.selectedProperty().get()).extracting(CandidateRow::gpuName)
                .containsExactlyInAnyOrder("H100-SXM", "H200-SXM");
        assertThat(vm.statusProperty().get()).startsWith("Left unselected: L4 cannot host Llama-3.1-405B");
        assertThat(vm.validationMessageProperty().get()).isEmpty();
    }

    /** Puts the shared solved outcome into another view model without solving again. */
    private static void copyOutcome(FleetViewModel vm) {
        vm.publishForTest(solved.outcomeProperty().get());
    }

    @Test
    void capsTooLowGiveAnErrorAndEmptyTiles() {
        solved.candidates().forEach(r -> r.capTextProperty().set("0"));
        solved.solve();
        try {
            assertThat(solved.statusIsErrorProperty().get()).isTrue();
            assertThat(solved.statusProperty().get()).startsWith("No plan:");
            assertThat(solved.costPerHourUsdProperty().get()).isNaN();
        } finally {
            solved.candidates().forEach(r -> r.capTextProperty().set(""));
            solved.solve();
        }
    }

    @Test
    void cancelledSolveKeepsNoOutcome() {
        FleetViewModel vm = new FleetViewModel(() -> CATALOG, CalibrationSet::builtIn, new io.fleetwise.planner.task.TaskExecutor() {
            @Override
            public <V> io.fleetwise.planner.task.TaskHandle execute(io.fleetwise.planner.task.BackgroundTask<V> task) {
                task.failed(new java.util.concurrent.CancellationException("cancelled"));
                return new CurrentThreadTaskExecutor().execute(io.fleetwise.planner.task.BackgroundTask.wrap("noop", p -> null));
            }
        }, Runnable::run, 100);
        vm.modelNameProperty().set("Llama-3.1-8B");
        vm.selectGpuTypes(DEMO_GPUS);
        vm.solve();
        assertThat(vm.outcomeProperty().get()).isNull();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).contains("cancelled");
    }

    @Test
    void bucketSharesSumToOne() {
        List<WorkloadBucket> buckets = io.fleetwise.planner.service.BucketGrid.of(
                io.fleetwise.planner.service.WorkloadRequest.generated("chat", 1, 100));
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
    void reservedPricesComeFromThePriceBook() {
        FleetViewModel vm = demo();
        vm.priceKindProperty().set(PriceKind.RESERVED_1Y);
        double reserved = new io.fleetwise.planner.pricing.PriceResolver(io.fleetwise.planner.pricing.ShippedPriceBook.load(),
                io.fleetwise.planner.pricing.PriceChoice.all()).resolve(Catalog.builtIn().gpu("H100-SXM"),
                PriceKind.RESERVED_1Y).usdPerGpuHour();
        assertThat(Double.parseDouble(row(vm, "H100-SXM").priceTextProperty().get())).isCloseTo(reserved,
                org.assertj.core.data.Offset.offset(0.0005));
        assertThat(vm.validationMessageProperty().get()).doesNotContain("price");
    }

    @Test
    void spotIsMissingWhereTheBookHasNoSpotOffer() {
        FleetViewModel vm = demo();
        vm.priceKindProperty().set(PriceKind.SPOT);
        assertThat(vm.validationMessageProperty().get()).contains("No spot price for");
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
        assertThat(row(vm, "L40S").replicaProperty().get()).startsWith("TP4");
    }

    @Test
    void planColumnShowsEveryReplicaSizeTheServiceConsiders() {
        FleetViewModel vm = demo();
        vm.modelNameProperty().set("Llama-3.1-70B");
        vm.selectGpuTypes(List.of("H100-SXM", "H200"));
        // the service sizes two replicas per type by default, and the mix may use either: both are shown
        assertThat(FleetAllocationRequest.DEFAULT_REPLICA_SIZES_PER_TYPE).isEqualTo(2);
        assertThat(row(vm, "H100-SXM").replicaProperty().get()).isEqualTo("TP4, TP8");
    }

    @Test
    void noSelectionCannotSolve() {
        FleetViewModel vm = demo();
        vm.selectGpuTypes(List.of());
        assertThat(vm.validationMessageProperty().get()).isEqualTo("Select at least one GPU type.");
    }
}
