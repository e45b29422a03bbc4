package io.fleetwise.views.reports;

import io.fleetwise.reports.ReportFixtures;
import io.fleetwise.views.common.FxTaskExecutor;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Headless (Monocle): Export writes the PDF in the background and lists the files it wrote. */
class ReportsViewFxTest {

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private FxTaskExecutor executor;
    private Stage stage;

    @BeforeEach
    void setUp() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> {
            executor = new FxTaskExecutor();
            ReportsViewModel vm = new ReportsViewModel(() -> List.of("Mélange example"),
                    (study, progress) -> ReportFixtures.melangeExample(List.of()), executor, Platform::runLater, dir);
            stage = new Stage();
            stage.setScene(new Scene(new ReportsView(vm), 1000, 700));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        FxToolkit.setupFixture(() -> {
            stage.close();
            executor.shutdown();
        });
    }

    @Test
    void exportListsTheWrittenPdfAndCsvFiles() throws TimeoutException {
        robot.clickOn("#format-png");
        robot.clickOn("#report-export");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#report-status").queryLabeled().getText().startsWith("Wrote "));
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ListView<Path> files = robot.lookup("#report-files").queryAs(ListView.class);
        assertThat(files.getItems()).contains(dir.resolve("report-m-lange-example.pdf"),
                dir.resolve("report-m-lange-example-png/cost_comparison.png"));
        assertThat(dir.resolve("report-m-lange-example.pdf")).exists();
    }
}
