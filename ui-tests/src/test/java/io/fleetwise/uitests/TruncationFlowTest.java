package io.fleetwise.uitests;

import io.fleetwise.views.common.NodeWalk;
import io.fleetwise.views.common.ThemePalette;
import io.fleetwise.views.workbench.WorkbenchArea;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every area of the real window at the default 1280x800, in the light and the dark theme, and every tab inside an
 * area: no button, label, column header or KPI tile shows cut text, and nothing lies outside the window or is cut
 * off by its container ({@link LayoutAudit}).
 */
class TruncationFlowTest extends AppFlowTest {

    @Test
    void noAreaCutsTextOrControlsAt1280x800InEitherTheme() throws Exception {
        startApp(true);
        assertNothingCutInEitherTheme();
    }

    /**
     * The same with results on screen, where long texts appear (the Fleet status line and bucket table, What-if's
     * mix column, the Plans table and its buttons after a search, Simulate's tiles and the demo's timeline).
     */
    @Test
    @SuppressWarnings("unchecked")
    void noAreaCutsTextOrControlsWithResultsShown() throws Exception {
        startApp(true);
        openArea("Timeline");
        waitUntil(120, () -> robot.lookup("#timeline-trace-picker").queryAs(javafx.scene.control.ComboBox.class)
                .getValue() != null);
        openArea("Fleet");
        robot.clickOn("#fleetSolve");
        waitUntil(600, () -> robot.lookup("#tileFleetCost").queryAs(eu.hansolo.tilesfx.Tile.class).isValueVisible());
        openArea("Simulate");
        typeInto("#simRequests", "200");
        robot.clickOn("#simRun");
        waitUntil(300, () -> robot.lookup("#tileTtftP99").queryAs(eu.hansolo.tilesfx.Tile.class).isValueVisible()
                && robot.lookup("#simCancel").queryAs(javafx.scene.control.Button.class).isDisabled());
        openArea("What-if");
        robot.clickOn("#runWhatIfButton");
        waitUntil(600, () -> !robot.lookup("#whatIfTable").queryAs(javafx.scene.control.TableView.class).getItems()
                .isEmpty() && robot.lookup("#whatIfCancel").queryAs(javafx.scene.control.Button.class).isDisabled());
        openArea("Plans");
        typeInto("#plans-budget", "5");
        robot.clickOn("#plans-search");
        waitUntil(300, () -> !robot.lookup("#plans-table").queryAs(javafx.scene.control.TableView.class).getItems()
                .isEmpty() && !robot.lookup("#plans-search").queryAs(javafx.scene.control.Button.class).isDisabled());
        layOutEveryAreaWideThenShrink();
        assertNothingCutInEitherTheme();
    }

    /**
     * Every area laid out in a wider window first, then the window back at 1280x800: an area whose minimum width
     * followed its widest layout (a canvas bound to its pane's width) could grow but never shrink again.
     */
    @SuppressWarnings("unchecked")
    private void layOutEveryAreaWideThenShrink() {
        ListView<WorkbenchArea> navigation = robot.lookup("#navigation").queryAs(ListView.class);
        robot.interact(() -> stage.setWidth(1600));
        for (WorkbenchArea area : List.copyOf(navigation.getItems())) {
            robot.interact(() -> navigation.getSelectionModel().select(area));
            settle();
        }
        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        settle();
        assertThat(stage.getScene().getWidth()).as("the scene follows the window back to 1280 px").isEqualTo(1280.0);
    }

    private void assertNothingCutInEitherTheme() {
        List<String> problems = new ArrayList<>();
        try {
            problems.addAll(walkAreas("light"));
            robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(ThemePalette.current()).isEqualTo(ThemePalette.DARK);
            problems.addAll(walkAreas("dark"));
        } finally {
            robot.interact(() -> {
                Application.setUserAgentStylesheet(null);
                ThemePalette.currentProperty().set(ThemePalette.LIGHT);
            });
        }
        assertThat(problems).as("layout problems at 1280x800:\n" + String.join("\n", problems)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<String> walkAreas(String theme) {
        List<String> problems = new ArrayList<>();
        ListView<WorkbenchArea> navigation = robot.lookup("#navigation").queryAs(ListView.class);
        for (WorkbenchArea area : List.copyOf(navigation.getItems())) {
            robot.interact(() -> navigation.getSelectionModel().select(area));
            settle();
            Node content = robot.lookup("#areaContent").query();
            problems.addAll(audit(theme + " / " + area.title()));
            List<TabPane> tabPanes = new ArrayList<>();
            NodeWalk.visit(content, n -> {
                if (n instanceof TabPane tabs) {
                    tabPanes.add(tabs);
                }
            });
            for (TabPane tabs : tabPanes) {
                Tab first = tabs.getSelectionModel().getSelectedItem();
                for (Tab tab : List.copyOf(tabs.getTabs())) {
                    if (tab == first) {
                        continue;
                    }
                    robot.interact(() -> tabs.getSelectionModel().select(tab));
                    settle();
                    problems.addAll(audit(theme + " / " + area.title() + " / " + tab.getText()));
                }
                robot.interact(() -> tabs.getSelectionModel().select(first));
            }
        }
        return problems;
    }

    private List<String> audit(String where) {
        List<String> found = new ArrayList<>();
        robot.interact(() -> LayoutAudit.problems(stage.getScene()).forEach(p -> found.add(where + ": " + p)));
        return found;
    }

    /** Two pulses: an area's first layout can change sizes that its next layout pass then settles. */
    private void settle() {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> stage.getScene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
    }
}
