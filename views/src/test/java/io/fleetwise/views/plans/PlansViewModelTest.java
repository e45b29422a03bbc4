package io.fleetwise.views.plans;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.search.GpuAssignment;
import io.fleetwise.planner.search.SearchObjective;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlansViewModelTest {
    private final CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
    private final PlansViewModel vm = new PlansViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor, Runnable::run);

    private void tinyInputs() {
        TinyPlanInputs.fill(vm);
    }

    @Test
    void searchFillsRankedPlansAndSelectsTheBest() {
        tinyInputs();
        assertThat(vm.search()).isTrue();
        assertThat(vm.plans()).isNotEmpty();
        assertThat(vm.selectedProperty().get()).isSameAs(vm.plans().get(0));
        assertThat(vm.plans().get(0).label()).startsWith("1x H100-SXM");
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.progressProperty().get()).isEqualTo(1.0);
        assertThat(vm.messageIsErrorProperty().get()).isFalse();
        assertThat(vm.selectedPlacement()).hasSize(2).noneMatch(GpuAssignment::idle);
    }

    @Test
    void badRateIsRefusedWithTheFieldNameAndNothingRuns() {
        tinyInputs();
        vm.rateProperty().set("fast");
        assertThat(vm.search()).isFalse();
        assertThat(vm.messageProperty().get()).isEqualTo("Rate (requests/s): 'fast' is not a number.");
        assertThat(vm.messageIsErrorProperty().get()).isTrue();
        assertThat(vm.plans()).isEmpty();
    }

    @Test
    void unknownGpuInClusterTextIsRefused() {
        tinyInputs();
        vm.clusterTextProperty().set("2xH900");
        assertThat(vm.search()).isFalse();
        assertThat(vm.messageProperty().get()).contains("H900");
    }

    @Test
    void objectiveChangesTheRanking() {
        tinyInputs();
        vm.clusterTextProperty().set("4xH100-SXM");
        vm.modelProperty().set("Llama-3.1-8B");
        vm.weightsProperty().set("bf16");
        vm.objectiveProperty().set(SearchObjective.COST);
        assertThat(vm.search()).isTrue();
        assertThat(vm.resultProperty().get().objective()).isEqualTo(SearchObjective.COST);
        assertThat(vm.plans().get(0).metrics().gpuCount()).isLessThan(4);
    }
}
