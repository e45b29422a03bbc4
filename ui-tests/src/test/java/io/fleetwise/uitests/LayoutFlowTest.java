package io.fleetwise.uitests;

import io.fleetwise.views.common.ThemePalette;
import io.fleetwise.views.workbench.WorkbenchArea;
import javafx.application.Application;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Drives the real application headless (Monocle): the theme, the open area, the running-tasks panel and a
 * split pane's divider are as the user left them after a restart.
 */
class LayoutFlowTest extends AppFlowTest {

    private SplitPane plansSplit() {
        return robot.lookup("#areaContent .split-pane").queryAs(SplitPane.class);
    }

    @Test
    void themeAreaTasksPanelAndDividerSurviveARestart() throws Exception {
        startApp(true);
        openArea("Plans");
        robot.interact(() -> plansSplit().setDividerPositions(0.25));
        robot.clickOn("#tasksButton");
        robot.clickOn("#statusMessage");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#tasksPanel").tryQuery()).isPresent();

        restartApp(true);

        try {
            assertThat(((WorkbenchArea) robot.lookup("#navigation").queryAs(ListView.class).getSelectionModel()
                    .getSelectedItem()).title()).isEqualTo("Plans");
            assertThat(robot.lookup("#plans-model").tryQuery()).as("the Plans area is what shows").isPresent();
            assertThat(Application.getUserAgentStylesheet()).contains("primer-dark");
            assertThat(ThemePalette.current()).isEqualTo(ThemePalette.DARK);
            assertThat(robot.lookup("#tasksPanel").tryQuery()).isPresent();
            assertThat(plansSplit().getDividerPositions()[0]).isCloseTo(0.25, within(0.02));
        } finally {
            robot.interact(() -> {
                Application.setUserAgentStylesheet(null);
                ThemePalette.currentProperty().set(ThemePalette.LIGHT);
            });
        }
    }
}
