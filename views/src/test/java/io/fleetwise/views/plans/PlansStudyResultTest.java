package io.fleetwise.views.plans;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.study.PlansResultJson;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.StudyJson;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class PlansStudyResultTest {

    private static final Catalog CATALOG = Catalog.builtIn();
    private final AtomicReference<StudyDocument> study = new AtomicReference<>(StudyDocument.empty("s"));
    private final PlansViewModel vm = new PlansViewModel(() -> CATALOG, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(), Runnable::run)
            .saveThrough(change -> {
                StudyDocument before = study.get();
                study.set(change.apply(before));
                return !study.get().equals(before);
            });

    private void tinySearch() {
        TinyPlanInputs.fill(vm);
        assertThat(vm.search()).isTrue();
    }

    @Test
    void savingStoresTheRankedPlansAndTheSelectedOneAsChosen() {
        tinySearch();
        vm.selectedProperty().set(vm.plans().get(vm.plans().size() - 1));

        assertThat(vm.saveToStudy()).isTrue();

        PlansResultJson.SavedPlans saved = PlansResultJson.read(study.get().results().get(PlansResultJson.KEY));
        assertThat(saved.ranked()).hasSize(Math.min(PlansResultJson.MAX_PLANS, vm.plans().size())
                + (vm.plans().size() > PlansResultJson.MAX_PLANS ? 1 : 0));
        assertThat(saved.chosen()).isPresent();
        assertThat(saved.chosen().get().label()).isEqualTo(vm.selectedProperty().get().label());
        assertThat(saved.chosen().get().costPerHourUsd()).isEqualTo(vm.selectedProperty().get().metrics().costPerHourUsd());
        assertThat(saved.model()).isEqualTo("Llama-3.1-70B");
        assertThat(saved.clusterGpus()).isEqualTo(2);
        assertThat(saved.ratePerS()).isEqualTo(2.0);
        assertThat(saved.sloTpotMs()).isEqualTo(150.0);
        assertThat(vm.messageProperty().get()).contains("chosen: plan #" + vm.selectedProperty().get().rank());
    }

    @Test
    void savedPlansRoundTripThroughTheStudyFile() {
        tinySearch();
        vm.saveToStudy();

        StudyDocument back = StudyJson.parse("export.json", StudyJson.toJson(study.get()), CATALOG, "s");

        assertThat(PlansResultJson.read(back.results().get(PlansResultJson.KEY)))
                .isEqualTo(PlansResultJson.read(study.get().results().get(PlansResultJson.KEY)));
        assertThat(PlansResultJson.read(back.results().get(PlansResultJson.KEY)).chosen().get().rank()).isEqualTo(1);
    }

    @Test
    void savedPlansAreShownAgainAfterARestartAndGoStaleWhenTheStudysInputsChange() {
        AtomicReference<String> inputs = new AtomicReference<>("inputs-1");
        StudyDocument withCluster = io.fleetwise.planner.study.DemoStudy.create(CATALOG);
        study.set(withCluster);
        vm.keepPlansIn(new io.fleetwise.views.common.InMemoryPlanStore(), () -> 1, inputs::get);
        tinySearch();
        vm.selectedProperty().set(vm.plans().get(vm.plans().size() - 1));
        vm.saveToStudy();

        PlansViewModel restarted = PlansViewModel.forStudy(study.get(), () -> CATALOG, CalibrationSet::builtIn,
                new CurrentThreadTaskExecutor(), Runnable::run)
                .keepPlansIn(new io.fleetwise.views.common.InMemoryPlanStore(), () -> 1, inputs::get);

        assertThat(restarted.plans()).extracting(io.fleetwise.planner.search.RankedPlan::label)
                .containsExactlyElementsOf(vm.plans().stream().limit(PlansResultJson.MAX_PLANS)
                        .map(io.fleetwise.planner.search.RankedPlan::label).toList());
        assertThat(restarted.selectedProperty().get().rank()).isEqualTo(vm.selectedProperty().get().rank());
        assertThat(restarted.selectedProperty().get().metrics().costPerHourUsd())
                .isEqualTo(vm.selectedProperty().get().metrics().costPerHourUsd());
        assertThat(restarted.staleNoteProperty().get()).isEmpty();
        assertThat(restarted.canSimulateSelectedProperty().get()).isFalse();

        inputs.set("inputs-2");
        var doc = new javafx.beans.property.SimpleObjectProperty<>(study.get());
        restarted.followStudy(doc);
        doc.set(study.get().withDescription("edited"));

        assertThat(restarted.staleNoteProperty().get()).startsWith("Stale:");
    }

    @Test
    void savingBeforeASearchSaysSoAndStoresNothing() {
        assertThat(vm.saveToStudy()).isFalse();

        assertThat(vm.messageProperty().get()).contains("Search first");
        assertThat(study.get().results()).isEmpty();
    }

    @Test
    void withoutAStudyThereIsNoSaveButton() {
        assertThat(new PlansViewModel(() -> CATALOG, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(), Runnable::run).canSaveToStudy())
                .isFalse();
        assertThat(vm.canSaveToStudy()).isTrue();
    }

    @Test
    void aStoredResultWithoutRankedPlansIsRefusedNamingTheField() {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("model", "x");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlansResultJson.read(node))
                .hasMessageContaining("results.plans.ranked");
    }
}
