package io.fleetwise.views.fleet;

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

/** Headless (Monocle): the demo inputs solved through the Solve button turn the empty tiles into numbers. */
class FleetViewFxTest {

    private final FxRobot robot = new FxRobot();
    private AreaStage area;

    @BeforeEach
    void setUp() throws TimeoutException {
        area = AreaStage.show(executor -> {
            FleetViewModel vm = new FleetViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor, Platform::runLater, FleetViewModelTest.REQUESTS_PER_SEARCH);
            vm.setValidationRequests(300);
            vm.modelNameProperty().set("Llama-3.1-8B");
            vm.selectGpuTypes(java.util.List.of("H100-SXM", "L40S"));
            return new FleetView(vm);
        });
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        area.close();
    }

    @Test
    void solvingTheDemoFillsTheCostTiles() throws TimeoutException {
        Tile cost = robot.lookup("#tileFleetCost").queryAs(Tile.class);
        Tile gpus = robot.lookup("#tileFleetGpus").queryAs(Tile.class);
        assertThat(cost.isValueVisible()).isFalse();
        assertThat(cost.getDescription()).isEqualTo("not solved yet");

        robot.clickOn("#fleetSolve");
        WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, cost::isValueVisible);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(cost.getValue()).isPositive();
        assertThat(gpus.getValue()).isGreaterThanOrEqualTo(1);
        assertThat(robot.lookup("#fleetSource").queryLabeled().getText()).contains("simulated");

        // the heat map: every bucket's traffic is served in full, and unserved cells take the theme's colours
        javafx.scene.layout.GridPane grid = robot.lookup("#fleetHeatGrid").queryAs(javafx.scene.layout.GridPane.class);
        java.util.Map<Integer, Integer> servedPerRow = new java.util.TreeMap<>();
        int emptyCells = 0;
        for (javafx.scene.Node n : grid.getChildren()) {
            Integer row = javafx.scene.layout.GridPane.getRowIndex(n);
            Integer col = javafx.scene.layout.GridPane.getColumnIndex(n);
            if (row == null || col == null || row == 0 || col == 0) {
                continue;
            }
            String text = ((javafx.scene.control.Label) n).getText();
            if (text.isEmpty()) {
                emptyCells++;
                assertThat(n.getStyle()).contains("-color-bg-subtle").doesNotContain("rgb(");
            } else {
                servedPerRow.merge(row, Integer.parseInt(text.replace("%", "")), Integer::sum);
            }
        }
        assertThat(servedPerRow).isNotEmpty();
        assertThat(servedPerRow.values()).allSatisfy(total -> assertThat(total).isBetween(98, 102));
        assertThat(emptyCells).as("two candidate types, one serves most buckets").isPositive();
    }
}
