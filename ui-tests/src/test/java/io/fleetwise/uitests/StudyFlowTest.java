package io.fleetwise.uitests;

import io.fleetwise.planner.catalog.Catalog;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the real application headless: creates a study with Ctrl+N, drags an H100 onto the cluster drawing, sets
 * the node count, model, rate and SLO, checks what the tiles and fields show, and finds it all again after a restart.
 */
class StudyFlowTest extends AppFlowTest {

    private Node paletteCell(String gpu) {
        return robot.lookup("#gpuPalette .list-cell").match(n -> n instanceof ListCell
                && ((ListCell<?>) n).getText() != null && ((ListCell<?>) n).getText().startsWith(gpu + "\n")).query();
    }

    @Test
    void aStudyBuiltByDragAndDropSurvivesARestart() throws Exception {
        startApp(true);
        robot.clickOn("#statusBar");
        robot.push(KeyCode.CONTROL, KeyCode.N);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(".dialog-pane .text-field");
        robot.push(KeyCode.CONTROL, KeyCode.A).write("Flow study").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#statusStudy").queryAs(Label.class).getText()).isEqualTo("Study: Flow study");

        openArea("Cluster");
        assertThat(tile("#gpuTile")).isZero();
        robot.drag(paletteCell("H100-SXM")).dropTo("#clusterCanvas");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tile("#gpuTile")).isEqualTo(8);
        typeInto("#field-NODES", "2");
        double h100Price = Catalog.builtIn().gpu("H100-SXM").price().onDemandUsdPerHour();
        assertThat(tile("#gpuTile")).isEqualTo(16);
        assertThat(tile("#costTile")).isEqualTo(16 * h100Price);
        typeInto("#field-GPUS_PER_NODE", "many");
        assertThat(robot.lookup("#groupErrors").queryAs(Label.class).getText()).contains("'many'");
        assertThat(tile("#gpuTile")).isEqualTo(16);

        openArea("Workload");
        robot.interact(() -> robot.lookup("#modelChoice").queryAs(ComboBox.class).getSelectionModel().select("Llama-3.1-8B"));
        typeInto("#field-RATE_PER_S", "12");
        typeInto("#field-TPOT_MS", "40");
        typeInto("#field-ATTAINMENT_PCT", "150");
        assertThat(robot.lookup("#error-ATTAINMENT_PCT").queryAs(Label.class).getText()).contains("Attainment");
        assertThat(field("#field-ATTAINMENT_PCT")).isEqualTo("150");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#workloadSummary").queryAs(Label.class).getText().contains("requests/s"));

        restartApp(false);

        assertThat(robot.lookup("#statusStudy").queryAs(Label.class).getText()).isEqualTo("Study: Flow study");
        openArea("Cluster");
        assertThat(tile("#gpuTile")).isEqualTo(16);
        openArea("Workload");
        assertThat(field("#field-RATE_PER_S")).isEqualTo("12");
        assertThat(field("#field-TPOT_MS")).isEqualTo("40");
        assertThat(field("#field-ATTAINMENT_PCT")).isEqualTo("90");
        assertThat(robot.lookup("#modelChoice").queryAs(ComboBox.class).getValue()).isEqualTo("Llama-3.1-8B");
    }

    @Test
    void undoTakesBackTheLastClusterEdit() throws Exception {
        startApp(true);
        openArea("Cluster");
        assertThat(tile("#gpuTile")).isEqualTo(16);
        typeInto("#field-NODES", "3");
        assertThat(tile("#gpuTile")).isEqualTo(32);

        robot.clickOn("#gpuPalette");
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(tile("#gpuTile")).isEqualTo(16);
    }
}
