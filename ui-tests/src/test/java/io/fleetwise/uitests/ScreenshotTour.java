package io.fleetwise.uitests;

import eu.hansolo.tilesfx.Tile;
import io.fleetwise.views.workbench.WorkbenchArea;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: regenerates docs/screenshot.png and docs/screenshots/ from the current application
 * ({@code scripts/screenshots.sh} runs it; tagged so {@code mvn verify} skips it). The real window on a fresh
 * database with the demo study, every area with a result computed the way a user computes it (Fleet solved and
 * saved, Simulate run, What-if run, Plans searched and saved, Execute run on the CPU device, the demo timeline),
 * then each area in the light theme at 1280x800 and 1920x1080 and in the dark theme at 1280x800, and the demo's PDF
 * report exported from the Reports area (its pages are rasterised by the script).
 */
@Tag("screenshots")
class ScreenshotTour extends AppFlowTest {

    private static final Path OUT = Path.of(System.getProperty("screenshots.out", "target/screenshots"))
            .toAbsolutePath();

    @Test
    @SuppressWarnings("unchecked")
    void takeEveryAreaWithItsResults() throws Exception {
        Files.createDirectories(OUT);
        startApp(true);

        openArea("Timeline");
        ComboBox<Object> picker = robot.lookup("#timeline-trace-picker").queryAs(ComboBox.class);
        waitUntil(120, () -> picker.getValue() != null);

        openArea("Fleet");
        robot.clickOn("#fleetSolve");
        Tile cost = robot.lookup("#tileFleetCost").queryAs(Tile.class);
        waitUntil(900, cost::isValueVisible);
        // not saved, so the report computes the study's allocation with its own settings (two replica sizes per GPU
        // type, where the Fleet area offers one)
        // the day planned too (spot allowed), so that the schedule tab shows a schedule and what the solver proved
        tab("fleetScheduleTab");
        robot.interact(() -> robot.lookup("#scheduleSpot").queryAs(javafx.scene.control.CheckBox.class).setSelected(true));
        robot.clickOn("#scheduleRun");
        waitUntil(900, () -> !label("#scheduleSummary").isEmpty());
        tab("fleetMixTab");

        openArea("Simulate");
        robot.clickOn("#simRun");
        waitUntil(600, () -> robot.lookup("#tileTtftP99").queryAs(Tile.class).isValueVisible()
                && robot.lookup("#simCancel").queryAs(Button.class).isDisabled());

        openArea("What-if");
        robot.clickOn("#runWhatIfButton");
        waitUntil(900, () -> !robot.lookup("#whatIfTable").queryAs(TableView.class).getItems().isEmpty()
                && robot.lookup("#whatIfCancel").queryAs(Button.class).isDisabled());

        openArea("Plans");
        typeInto("#plans-budget", "15");
        robot.clickOn("#plans-search");
        waitUntil(900, () -> !robot.lookup("#plans-table").queryAs(TableView.class).getItems().isEmpty()
                && !robot.lookup("#plans-search").queryAs(Button.class).isDisabled());
        if (robot.lookup("#plans-save").tryQuery().isPresent()) {
            robot.clickOn("#plans-save");
        }

        openArea("Execute");
        robot.clickOn("#execute-run");
        waitUntil(900, () -> !robot.lookup("#execute-iteration-table").queryAs(TableView.class).getItems().isEmpty()
                && !robot.lookup("#execute-run").queryAs(Button.class).isDisabled());

        openArea("Reports");
        Path reports = OUT.resolve("report");
        Files.createDirectories(reports);
        robot.interact(() -> robot.lookup("#report-folder").queryAs(TextField.class).setText(reports.toString()));
        robot.clickOn("#report-export");
        waitUntil(900, () -> !robot.lookup("#report-files").queryAs(ListView.class).getItems().isEmpty()
                && !robot.lookup("#report-export").queryAs(Button.class).isDisabled());

        shootEveryArea("", 1280, 800);
        snapshot(OUT.getParent().resolve("screenshot.png"), "Fleet");
        shootEveryTab("");
        shootEveryArea("wide-", 1920, 1080);
        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        try {
            shootEveryArea("dark-", 1280, 800);
            shootEveryTab("dark-");
        } finally {
            robot.interact(() -> Application.setUserAgentStylesheet(null));
        }
        try (var written = Files.list(reports)) {
            assertThat(written.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".pdf"));
        }
    }

    @SuppressWarnings("unchecked")
    private void shootEveryArea(String prefix, int width, int height) {
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        ListView<WorkbenchArea> navigation = robot.lookup("#navigation").queryAs(ListView.class);
        for (WorkbenchArea area : List.copyOf(navigation.getItems())) {
            snapshot(OUT.resolve(prefix + fileName(area.title()) + ".png"), area.title());
        }
    }

    /** The tabs behind each area's first one (Price book, Your GPU types, Schedule over a day, Calibrate...). */
    @SuppressWarnings("unchecked")
    private void shootEveryTab(String prefix) {
        ListView<WorkbenchArea> navigation = robot.lookup("#navigation").queryAs(ListView.class);
        for (WorkbenchArea area : List.copyOf(navigation.getItems())) {
            snapshot(OUT.resolve("unused.png"), area.title());
            List<javafx.scene.control.TabPane> tabPanes = new java.util.ArrayList<>();
            io.fleetwise.views.common.NodeWalk.visit(robot.lookup("#areaContent").query(), n -> {
                if (n instanceof javafx.scene.control.TabPane tabs) {
                    tabPanes.add(tabs);
                }
            });
            for (javafx.scene.control.TabPane tabs : tabPanes) {
                javafx.scene.control.Tab first = tabs.getSelectionModel().getSelectedItem();
                for (javafx.scene.control.Tab tab : List.copyOf(tabs.getTabs())) {
                    if (tab == first || tab.getText() == null) {
                        continue;
                    }
                    robot.interact(() -> tabs.getSelectionModel().select(tab));
                    snapshot(OUT.resolve(prefix + fileName(area.title()) + "-tab-" + fileName(tab.getText()) + ".png"),
                            area.title());
                }
                robot.interact(() -> tabs.getSelectionModel().select(first));
            }
        }
        try {
            Files.deleteIfExists(OUT.resolve("unused.png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void snapshot(Path file, String areaTitle) {
        ListView<WorkbenchArea> navigation = robot.lookup("#navigation").queryAs(ListView.class);
        WorkbenchArea area = navigation.getItems().stream().filter(a -> a.title().equals(areaTitle)).findFirst()
                .orElseThrow();
        robot.interact(() -> navigation.getSelectionModel().select(area));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> stage.getScene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            WritableImage image = stage.getScene().snapshot(null);
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String fileName(String areaTitle) {
        return areaTitle.toLowerCase(Locale.ROOT).replace("-", "").replaceAll("[^a-z0-9]+", "-");
    }
}
