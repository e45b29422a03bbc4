package io.fleetwise.views.simulate;

import io.fleetwise.planner.calibration.CalibrationSet;
import eu.hansolo.tilesfx.Tile;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.views.common.AreaStage;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Headless (Monocle): a small simulation started with the Run button fills the headline tiles. */
class SimulateViewFxTest {

    private final FxRobot robot = new FxRobot();
    private AreaStage area;

    @BeforeEach
    void setUp() throws TimeoutException {
        area = AreaStage.show(executor -> {
            SimulateViewModel vm = new SimulateViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor, Platform::runLater);
            vm.requestsTextProperty().set("200");
            return new SimulateView(vm);
        });
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        area.close();
    }

    @Test
    void runningASmallSimulationFillsTheTiles() throws TimeoutException {
        Tile ttft = robot.lookup("#tileTtftP99").queryAs(Tile.class);
        Tile throughput = robot.lookup("#tileThroughput").queryAs(Tile.class);
        assertThat(ttft.isValueVisible()).isFalse();

        robot.clickOn("#simRun");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, ttft::isValueVisible);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(ttft.getValue()).isPositive();
        assertThat(throughput.getValue()).isPositive();
    }

    @Test
    void tensorParallelThatDoesNotDivideHeadsDisablesRunAndSaysWhy() {
        robot.interact(() -> robot.lookup("#simTp").queryAs(javafx.scene.control.Spinner.class)
                .getValueFactory().setValue(3));
        assertThat(robot.lookup("#simValidation").queryLabeled().getText()).contains("TP 3 does not divide");
        assertThat(robot.lookup("#simRun").queryButton().isDisabled()).isTrue();
    }
}
