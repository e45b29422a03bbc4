package io.fleetwise.views.plans;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.views.common.FxTaskExecutor;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class PlansViewTest {
    private PlansViewModel viewModel;
    private PlansView view;
    private final java.util.List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final io.fleetwise.views.simulate.SimulationRequests requests = new io.fleetwise.views.simulate.SimulationRequests();

    @Start
    void start(Stage stage) {
        viewModel = new PlansViewModel(Catalog::builtIn, CalibrationSet::builtIn, new FxTaskExecutor(), Platform::runLater)
                .handOffTo(requests, opened::add);
        view = new PlansView(viewModel);
        stage.setScene(new Scene(view, 1200, 700));
        stage.show();
    }

    @Test
    void searchButtonFillsTheTableAndSimulateThisPlanHandsTheBestOver(FxRobot robot) throws Exception {
        robot.interact(() -> {
            viewModel.clusterTextProperty().set("2xH100-SXM");
            viewModel.rateProperty().set("2");
            viewModel.requestsProperty().set("60");
            viewModel.weightsProperty().set("fp8");
        });
        assertThat(robot.lookup("#plans-simulate").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#plans-why-disabled").queryLabeled().getText())
                .as("the disabled send buttons say why").startsWith("Search first: Simulate this plan, Execute this plan");
        robot.clickOn("#plans-search");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.table().getItems().isEmpty() && !viewModel.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.table().getItems().get(0).label()).startsWith("1x H100-SXM");
        assertThat(view.table().getSelectionModel().getSelectedItem()).isSameAs(view.table().getItems().get(0));
        assertThat(robot.lookup("#plans-simulate").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#plans-why-disabled").queryLabeled().getText())
                .as("Simulate can send; Execute has no area in this window").doesNotContain("Simulate");

        robot.clickOn("#plans-simulate");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(opened).containsExactly("Simulate");
        assertThat(requests.latestProperty().get().replica().gpu().name()).isEqualTo("H100-SXM");
    }
}
