package io.fleetwise.views.fleet;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Fleet area's mix with the model's error band: solved at both ends, and says what that changes. */
class FleetBandTest {

    @Test
    void aSolveWithTheBandSaysWhetherTheMixChangesAndHowFarTheCostMoves() {
        var study = new java.util.concurrent.atomic.AtomicReference<>(
                io.fleetwise.planner.study.StudyDocument.empty("t"));
        FleetViewModel vm = new FleetViewModel(Catalog::builtIn, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(),
                Runnable::run, 200).withBand().keepPlansIn(new io.fleetwise.views.common.InMemoryPlanStore(), () -> 1)
                .savingBandThrough(change -> {
                    study.set(change.apply(study.get()));
                    return true;
                });
        vm.setValidationRequests(100);
        vm.modelNameProperty().set("Llama-3.1-8B");
        vm.selectGpuTypes(List.of("H100-SXM", "L40S"));
        vm.ratePerSProperty().set(6);

        vm.solve();

        assertThat(vm.costPerHourUsdProperty().get()).as(vm.statusProperty().get()).isPositive();
        assertThat(vm.bandTextProperty().get()).startsWith("Within the model's error band (TTFT +-")
                .contains("$/h").containsPattern("the mix (changes|keeps its replica configs|does not change)");

        vm.saveToStudy();
        // saved with the fleet's plan row, so the study's report can say how sure that fleet is
        var saved = study.get().results().get(io.fleetwise.planner.study.FleetResultJson.BAND_KEY);
        assertThat(saved.path("planId").asLong()).isEqualTo(vm.savedPlanIdProperty().get()).isPositive();
        assertThat(saved.path("band").path("describe").asText() + ".").isEqualTo(vm.bandTextProperty().get());
    }

    @Test
    void withoutTheBandNothingIsClaimed() {
        FleetViewModel vm = new FleetViewModel(Catalog::builtIn, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(),
                Runnable::run, 200);
        assertThat(vm.bandProperty().get()).isFalse();
        assertThat(vm.bandTextProperty().get()).isEmpty();
    }
}
