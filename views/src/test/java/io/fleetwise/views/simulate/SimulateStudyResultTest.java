package io.fleetwise.views.simulate;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.study.SimulationResultJson;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.StudyJson;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateStudyResultTest {

    private static final Catalog CATALOG = Catalog.builtIn();
    private final AtomicReference<StudyDocument> study = new AtomicReference<>(StudyDocument.empty("s"));
    private final SimulateViewModel vm = new SimulateViewModel(() -> CATALOG, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(), Runnable::run)
            .saveThrough(change -> {
                StudyDocument before = study.get();
                study.set(change.apply(before));
                return !study.get().equals(before);
            });

    @Test
    void aFinishedRunStoresItsHeadlineMetricsInTheStudy() {
        vm.requestsTextProperty().set("200");
        vm.sweepAfterRunProperty().set(false);

        vm.run();

        SimulationResultJson.SavedSimulation saved = SimulationResultJson.read(
                study.get().results().get(SimulationResultJson.KEY));
        assertThat(saved.model()).isEqualTo(vm.modelNameProperty().get());
        assertThat(saved.requests()).isEqualTo(200);
        assertThat(saved.metrics().get("ttftP99Ms")).isEqualTo(vm.ttftP99MsProperty().get());
        assertThat(saved.metrics().get("sloAttainment")).isEqualTo(vm.sloAttainmentProperty().get());
        assertThat(saved.metrics().get("completed")).isEqualTo(200.0);
        assertThat(saved.gpus()).isPositive();
    }

    @Test
    void theStoredRunNamesItsLoadMode() {
        vm.requestsTextProperty().set("100");
        vm.sweepAfterRunProperty().set(false);
        vm.loadKindProperty().set(io.fleetwise.planner.sim.LoadMode.Kind.CLOSED_LOOP);
        vm.maxConcurrencyTextProperty().set("12");
        vm.run();

        assertThat(SimulationResultJson.read(study.get().results().get(SimulationResultJson.KEY)).load())
                .isEqualTo("closed loop, max 12 in flight");
    }

    @Test
    void aStoredLoadModeThatIsNotKnownIsNamed() {
        vm.requestsTextProperty().set("100");
        vm.sweepAfterRunProperty().set(false);
        vm.run();
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) study.get().results().get(SimulationResultJson.KEY);
        json.putObject("load").put("mode", "burst");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulationResultJson.read(json))
                .hasMessage("results.simulation.load.mode: expected open-loop, closed-loop or offline, was 'burst'");
    }

    @Test
    void theStoredRunRoundTripsThroughTheStudyFile() {
        vm.requestsTextProperty().set("100");
        vm.sweepAfterRunProperty().set(false);
        vm.run();

        StudyDocument back = StudyJson.parse("export.json", StudyJson.toJson(study.get()), CATALOG, "s");

        assertThat(SimulationResultJson.read(back.results().get(SimulationResultJson.KEY)))
                .isEqualTo(SimulationResultJson.read(study.get().results().get(SimulationResultJson.KEY)));
    }

    @Test
    void withoutAStudyARunStoresNothing() {
        SimulateViewModel alone = new SimulateViewModel(() -> CATALOG, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(), Runnable::run);
        alone.requestsTextProperty().set("100");
        alone.sweepAfterRunProperty().set(false);
        alone.run();

        assertThat(alone.summaryProperty().get()).isNotNull();
        assertThat(study.get().results()).isEmpty();
    }
}
