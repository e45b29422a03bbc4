package io.fleetwise.views.common;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.views.fleet.FleetView;
import io.fleetwise.views.fleet.FleetViewModel;
import io.fleetwise.views.simulate.SimulateView;
import io.fleetwise.views.simulate.SimulateViewModel;
import io.fleetwise.views.study.TestStudies;
import io.fleetwise.views.workload.WorkloadView;
import io.fleetwise.views.workload.WorkloadViewModel;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Headless (Monocle), typed the way a user types: a number typed into a spinner or beside a slider is what runs,
 * a bad one is refused where the user sees it, and a disabled field says why.
 */
class InputsFxTest {

    private final FxRobot robot = new FxRobot();
    private AreaStage area;

    @AfterEach
    void tearDown() throws TimeoutException {
        area.close();
    }

    private void type(String id, String text) {
        robot.clickOn(id);
        robot.push(KeyCode.CONTROL, KeyCode.A).write(text).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private boolean refused(String id) {
        Node editor = robot.lookup(id).query();
        if (editor instanceof javafx.scene.control.Spinner<?> spinner) {
            editor = spinner.getEditor();
        }
        return editor.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("danger"));
    }

    @Test
    void aReplicaCountTypedIntoTheSpinnerIsWhatRunsAndANonNumberIsRefusedVisibly() throws TimeoutException {
        SimulateViewModel[] vm = new SimulateViewModel[1];
        area = AreaStage.show(executor -> {
            vm[0] = new SimulateViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor, Platform::runLater);
            return new SimulateView(vm[0]);
        });

        type("#simReplicas .text-field", "13");
        assertThat(vm[0].replicasProperty().get()).isEqualTo(13);
        assertThat(refused("#simReplicas")).isFalse();

        type("#simReplicas .text-field", "many");
        assertThat(vm[0].replicasProperty().get()).as("the refused entry changes nothing").isEqualTo(13);
        assertThat(refused("#simReplicas")).isTrue();
        assertThat(robot.lookup("#simInputProblem").queryAs(Label.class).getText())
                .contains("Replicas", "'many'", "1 to 512", "still 13");

        type("#simReplicas .text-field", "600");
        assertThat(vm[0].replicasProperty().get()).isEqualTo(13);
        assertThat(robot.lookup("#simInputProblem").queryAs(Label.class).getText()).contains("'600'");

        type("#simReplicas .text-field", "4");
        assertThat(vm[0].replicasProperty().get()).isEqualTo(4);
        assertThat(refused("#simReplicas")).isFalse();
        assertThat(robot.lookup("#simInputProblem").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void theFleetRateCanBeTypedAndTheSliderStepsByHalfARequest() throws TimeoutException {
        FleetViewModel[] vm = new FleetViewModel[1];
        area = AreaStage.show(executor -> {
            vm[0] = new FleetViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor, Platform::runLater, 100);
            return new FleetView(vm[0]);
        });
        robot.interact(() -> vm[0].ratePerSProperty().set(8));

        type("#fleetRateField", "12.5");
        assertThat(vm[0].ratePerSProperty().get()).isCloseTo(12.5, within(1e-9));
        assertThat(robot.lookup("#fleetRate").queryAs(Slider.class).getValue()).isCloseTo(12.5, within(1e-9));

        robot.clickOn("#fleetRate");
        robot.interact(() -> {
            Slider slider = robot.lookup("#fleetRate").queryAs(Slider.class);
            slider.setValue(8);
            slider.requestFocus();
        });
        robot.type(KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm[0].ratePerSProperty().get()).as("one arrow key is one step, not 8 -> 18").isCloseTo(8.5, within(1e-9));
        assertThat(robot.lookup("#fleetRateField").queryTextInputControl().getText()).isEqualTo("8.5");

        type("#fleetTpotField", "5000");
        assertThat(vm[0].sloTpotMsProperty().get()).isNotEqualTo(5000);
        assertThat(refused("#fleetTpotField")).isTrue();
        assertThat(robot.lookup("#fleetInputProblem").queryAs(Label.class).getText()).contains("SLO TPOT", "'5000'");
    }

    @Test
    void burstinessAndDiurnalSayWhyTheyAreDisabledUntilTheGeneratorIsChosen() throws TimeoutException {
        WorkloadViewModel[] vm = new WorkloadViewModel[1];
        area = AreaStage.show(executor -> {
            vm[0] = new WorkloadViewModel(TestStudies.open(StudyDocument.empty("s")), executor);
            return new WorkloadView(vm[0]);
        });
        robot.interact(() -> vm[0].sourceProperty().set(WorkloadSpec.Source.PRESET));
        WaitForAsyncUtils.waitForFxEvents();
        for (String field : new String[] {"BURSTINESS_CV", "DIURNAL_AMPLITUDE_PCT"}) {
            assertThat(robot.lookup("#field-" + field).query().isDisabled()).isTrue();
            Label why = robot.lookup("#why-" + field).queryAs(Label.class);
            assertThat(why.isVisible()).isTrue();
            assertThat(why.getText()).contains("Generator");
        }

        robot.interact(() -> vm[0].sourceProperty().set(WorkloadSpec.Source.GENERATOR));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#field-BURSTINESS_CV").query().isDisabled()).isFalse();
        assertThat(robot.lookup("#why-BURSTINESS_CV").queryAs(Label.class).isVisible()).isFalse();
    }
}
