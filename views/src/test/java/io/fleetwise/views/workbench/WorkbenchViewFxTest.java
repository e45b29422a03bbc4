package io.fleetwise.views.workbench;

import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.views.common.FxTaskExecutor;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Headless (Monocle): the shell's theme shortcut, area shortcuts and progress view as a user meets them. */
class WorkbenchViewFxTest {

    private final FxRobot robot = new FxRobot();
    private FxTaskExecutor executor;
    private WorkbenchViewModel viewModel;
    private Stage stage;

    @BeforeEach
    void setUp() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> {
            executor = new FxTaskExecutor();
            AreaRegistry registry = new AreaRegistry()
                    .add("Catalog", () -> new Label("catalog content"))
                    .add("Cluster", () -> new Label("cluster content"))
                    .pending("Reports", "PDF and CSV reports");
            viewModel = new WorkbenchViewModel(registry, "Demo study", "/tmp/f.db");
            stage = new Stage();
            stage.setScene(new Scene(new WorkbenchView(viewModel, executor, "test"), 1000, 700));
            stage.show();
            stage.toFront();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        FxToolkit.setupFixture(() -> {
            viewModel.themeProperty().set(Theme.LIGHT);
            stage.close();
            executor.shutdown();
        });
    }

    @Test
    void ctrlShiftTSwitchesToTheDarkThemeAndBack() {
        robot.clickOn("#navigation");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(viewModel.themeProperty().get()).isEqualTo(Theme.DARK);
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(Theme.DARK.userAgentStylesheet());

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(Theme.LIGHT.userAgentStylesheet());
    }

    @Test
    void ctrlDigitOpensTheAreaInThatPlace() {
        robot.clickOn("#navigation");
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(viewModel.selectedAreaProperty().get().title()).isEqualTo("Cluster");
        assertThat(robot.lookup("cluster content").tryQuery()).isPresent();
    }

    @Test
    void theProgressViewListsARunningTaskAndItsCancelStopsIt() throws Exception {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        robot.interact(() -> BackgroundTask.wrap("Endless search", p -> {
                    while (!p.isCancelled()) {
                        p.progress(0.5, "half way");
                        Thread.sleep(5);
                    }
                    return null;
                })
                .onSuccess(v -> outcome.complete("succeeded"))
                .onCancelled(() -> outcome.complete("cancelled"))
                .executeWith(executor));

        robot.clickOn("#tasksButton");
        // the message, and once half a second has passed, how long the task has left
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup((javafx.scene.Node n) ->
                n instanceof javafx.scene.control.Labeled l && l.getText() != null
                        && l.getText().matches("half way; about \\d+ s left")).tryQuery().isPresent());
        assertThat(robot.lookup("#tasksPanel .task-title").queryLabeled().getText()).isEqualTo("Endless search");
        assertThat(robot.lookup("#tasksButton").queryButton().getText()).isEqualTo("Tasks (1)");

        robot.clickOn("#tasksPanel .task-cancel");

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo("cancelled");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("No tasks are running.").tryQuery()).isPresent();
        assertThat(robot.lookup("#tasksButton").queryButton().getText()).isEqualTo("Tasks (0)");
    }
}
