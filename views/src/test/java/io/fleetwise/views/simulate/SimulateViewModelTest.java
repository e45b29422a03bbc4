package io.fleetwise.views.simulate;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateViewModelTest {

    private static final Catalog CATALOG = Catalog.builtIn();
    private SimulateViewModel viewModel;

    @BeforeEach
    void setUp() {
        viewModel = new SimulateViewModel(() -> CATALOG, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(), Runnable::run);
        viewModel.requestsTextProperty().set("200");
        viewModel.rateTextProperty().set("3");
    }

    @Test
    void defaultInputsAreValid() {
        assertThat(viewModel.validationMessageProperty().get()).isEmpty();
        assertThat(viewModel.canRunProperty().get()).isTrue();
    }

    @Test
    void metricsAreNaNBeforeAnyRun() {
        assertThat(viewModel.ttftP50MsProperty().get()).isNaN();
    }

    @Test
    void runFillsLatencyPercentilesFromTheSimulation() {
        viewModel.run();
        double p50 = viewModel.ttftP50MsProperty().get();
        assertThat(p50).isPositive().isEqualTo(viewModel.summaryProperty().get().ttft().p50Ms());
        assertThat(viewModel.ttftP99MsProperty().get()).isGreaterThanOrEqualTo(p50);
        assertThat(viewModel.tpotP50MsProperty().get()).isPositive();
        assertThat(viewModel.tpotP99MsProperty().get()).isGreaterThanOrEqualTo(viewModel.tpotP50MsProperty().get());
    }

    @Test
    void runFillsThroughputAttainmentAndCost() {
        viewModel.run();
        assertThat(viewModel.outputTokensPerSProperty().get()).isPositive();
        assertThat(viewModel.sloAttainmentProperty().get()).isBetween(0.0, 1.0);
        assertThat(viewModel.costPerMillionTokensUsdProperty().get()).isPositive();
        assertThat(viewModel.summaryProperty().get().completed()).isEqualTo(200);
    }

    @Test
    void runFillsLatencyCdfsThatEndAtOne() {
        viewModel.run();
        LatencyCdf ttft = viewModel.ttftCdfProperty().get();
        assertThat(ttft.size()).isGreaterThan(10);
        assertThat(ttft.fraction()[ttft.size() - 1]).isEqualTo(1.0);
        assertThat(viewModel.tpotCdfProperty().get().isEmpty()).isFalse();
    }

    @Test
    void ttftCdfMedianMatchesTheSummaryMedian() {
        viewModel.run();
        assertThat(viewModel.ttftCdfProperty().get().quantileMs(0.5))
                .isCloseTo(viewModel.ttftP50MsProperty().get(), org.assertj.core.data.Percentage.withPercentage(10));
    }

    @Test
    void closedLoopRunsEveryRequestAndSweepsTheCap() {
        viewModel.loadKindProperty().set(io.fleetwise.planner.sim.LoadMode.Kind.CLOSED_LOOP);
        viewModel.rateTextProperty().set("inf");
        viewModel.maxConcurrencyTextProperty().set("8");
        assertThat(viewModel.validationMessageProperty().get()).isEmpty();
        assertThat(viewModel.concurrencyAppliesProperty().get()).isTrue();
        viewModel.run();
        assertThat(viewModel.summaryProperty().get().completed()).isEqualTo(200);
        assertThat(viewModel.sweepAxisLabelProperty().get()).isEqualTo(SimulateViewModel.CONCURRENCY_AXIS);
        assertThat(viewModel.ratePoints()).extracting(RatePoint::offeredRatePerS)
                .containsExactly(2.0, 4.0, 8.0, 12.0, 16.0, 24.0);
        // more in flight, more served per second, until the replica saturates
        assertThat(viewModel.ratePoints().get(2).completedPerS()).isGreaterThan(viewModel.ratePoints().get(0).completedPerS());
    }

    @Test
    void aCapThatIsNotAWholeNumberIsNamed() {
        viewModel.loadKindProperty().set(io.fleetwise.planner.sim.LoadMode.Kind.CLOSED_LOOP);
        viewModel.maxConcurrencyTextProperty().set("4.5");
        assertThat(viewModel.validationMessageProperty().get()).isEqualTo("Max in flight: '4.5' is not a whole number.");
        assertThat(viewModel.canRunProperty().get()).isFalse();
    }

    @Test
    void offlineIgnoresTheRateAndDoesNotSweep() {
        viewModel.loadKindProperty().set(io.fleetwise.planner.sim.LoadMode.Kind.OFFLINE);
        viewModel.rateTextProperty().set("not used");
        assertThat(viewModel.validationMessageProperty().get()).isEmpty();
        assertThat(viewModel.rateAppliesProperty().get()).isFalse();
        viewModel.run();
        assertThat(viewModel.summaryProperty().get().completed()).isEqualTo(200);
        assertThat(viewModel.ratePoints()).isEmpty();
        assertThat(viewModel.statusProperty().get()).startsWith("Simulated");
    }

    @Test
    void sweepSimulatesEveryRateFactorInIncreasingOrder() {
        viewModel.run();
        assertThat(viewModel.ratePoints()).hasSize(SimulateViewModel.SWEEP_RATE_FACTORS.length);
        assertThat(viewModel.ratePoints().get(0).offeredRatePerS()).isEqualTo(0.75);
        assertThat(viewModel.ratePoints()).allSatisfy(p -> assertThat(p.completedPerS()).isPositive());
    }

    @Test
    void runEndsNotRunningWithFullProgress() {
        viewModel.run();
        assertThat(viewModel.runningProperty().get()).isFalse();
        assertThat(viewModel.progressProperty().get()).isEqualTo(1.0);
        assertThat(viewModel.statusIsErrorProperty().get()).isFalse();
    }

    @Test
    void tensorParallelThatDoesNotDivideHeadsIsNamed() {
        viewModel.tensorParallelProperty().set(3);
        assertThat(viewModel.validationMessageProperty().get()).contains("TP 3").contains("32 attention heads");
        assertThat(viewModel.canRunProperty().get()).isFalse();
    }

    @Test
    void modelThatDoesNotFitSaysByHowMuch() {
        viewModel.modelNameProperty().set("Llama-3.1-405B");
        viewModel.gpuNameProperty().set("L4");
        assertThat(viewModel.validationMessageProperty().get()).contains("does not fit by").contains("GB per GPU");
    }

    @Test
    void quantizingWeightsCanMakeAModelFit() {
        viewModel.modelNameProperty().set("Llama-3.1-70B");
        viewModel.gpuNameProperty().set("H100-SXM");
        viewModel.tensorParallelProperty().set(1);
        viewModel.weightDtypeProperty().set(DType.INT4);
        assertThat(viewModel.validationMessageProperty().get()).isEmpty();
    }

    @Test
    void builtInAzureTraceRunsAtTheChosenMeanRate() throws java.io.IOException {
        viewModel.workloadProperty().set(SimulateViewModel.AZURE_CODE);
        viewModel.sweepAfterRunProperty().set(false);
        viewModel.run();
        assertThat(viewModel.summaryProperty().get().completed()).isEqualTo(200);
        assertThat(viewModel.workloadInfoProperty().get()).contains("CC-BY 4.0");
        assertThat(io.fleetwise.planner.service.WorkloadRequest.trace("azure-code").withRequests(200).withRate(3.0).load()
                .meanRatePerS()).isCloseTo(3.0, org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void invalidInputsDoNotRun() {
        viewModel.rateTextProperty().set("fast");
        viewModel.run();
        assertThat(viewModel.summaryProperty().get()).isNull();
        assertThat(viewModel.validationMessageProperty().get()).isEqualTo("Rate (req/s): 'fast' is not a number.");
    }

    @Test
    void cancelledRunKeepsNoResults() {
        TaskExecutor cancellingExecutor = new TaskExecutor() {
            @Override
            public <V> TaskHandle execute(BackgroundTask<V> task) {
                task.failed(new java.util.concurrent.CancellationException("cancelled"));
                return new CurrentThreadTaskExecutor().execute(BackgroundTask.wrap("noop", p -> null));
            }
        };
        SimulateViewModel vm = new SimulateViewModel(() -> CATALOG, CalibrationSet::builtIn, cancellingExecutor, Runnable::run);
        vm.run();
        assertThat(vm.summaryProperty().get()).isNull();
        assertThat(vm.statusProperty().get()).contains("cancelled");
        assertThat(vm.runningProperty().get()).isFalse();
    }
}
