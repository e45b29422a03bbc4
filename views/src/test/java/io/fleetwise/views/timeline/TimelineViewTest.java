package io.fleetwise.views.timeline;

import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TrackInfo;
import io.fleetwise.datastore.trace.model.Viewport;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class TimelineViewTest {
    private TimelineViewModel viewModel;
    private TimelineView view;
    private long streamTrackId;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("timeline-view-test");
        TraceStore store = TraceStore.open(dir.resolve("traces.db"));
        long traceId = TestdataTraces.servingTrace(store);
        streamTrackId = store.tracks(traceId).stream().filter(t -> t.name().equals("stream 7")).mapToLong(TrackInfo::id).findFirst().orElseThrow();
        viewModel = new TimelineViewModel(store, traceId, Platform::runLater);
        view = new TimelineView(viewModel);
        stage.setScene(new Scene(view, 1200, 600));
        stage.show();
        viewModel.open();
    }

    @AfterEach
    void close() {
        viewModel.close();
    }

    @Test
    void zoomPanAndClickShowTheSlicesDetailsAndFlows(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> viewModel.isLoaded() && viewModel.windowProperty().get() != null);
        Viewport whole = viewModel.viewportProperty().get();
        assertThat(whole.spanNs()).isEqualTo(TestdataTraces.KERNELS * TestdataTraces.PERIOD_NS);

        Point2D center = view.dataPane().localToScreen(view.dataPane().getWidth() / 2, view.dataPane().getHeight() / 2);
        robot.moveTo(center);
        robot.scroll(5, VerticalDirection.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(viewModel.viewportProperty().get().spanNs()).as("wheel zoom").isLessThan(whole.spanNs());
        robot.clickOn(center); // focuses the canvas for the keys
        for (int i = 0; i < 5; i++) {
            robot.type(javafx.scene.input.KeyCode.W);
        }
        WaitForAsyncUtils.waitForFxEvents();
        Viewport zoomed = viewModel.viewportProperty().get();
        assertThat(zoomed.spanNs()).isLessThan(whole.spanNs() / 5);

        robot.drag(center).moveBy(-150, 0).release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        Viewport panned = viewModel.viewportProperty().get();
        assertThat(panned.startNs()).isGreaterThan(zoomed.startNs());
        assertThat(panned.spanNs()).isEqualTo(zoomed.spanNs());

        // The first kernel whose middle is on screen, clicked in the kernels' row (depth 1).
        long mid = -1;
        int index = -1;
        for (int i = 0; i < TestdataTraces.KERNELS; i++) {
            long m = i * TestdataTraces.PERIOD_NS + 500_000 + TestdataTraces.KERNEL_NS / 2;
            if (m > panned.startNs() + panned.spanNs() / 10 && m < panned.endNs()) {
                mid = m;
                index = i;
                break;
            }
        }
        assertThat(index).isNotNegative();
        Point2D target = view.dataPane().localToScreen(view.xOf(mid), view.yOf(streamTrackId, 1));
        robot.clickOn(target);
        String expectedName = "kernel_" + index;
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#timeline-details").queryAs(TextArea.class).getText().startsWith(expectedName + "\n"));

        String details = robot.lookup("#timeline-details").queryAs(TextArea.class).getText();
        assertThat(details).contains("Track: stream 7")
                .contains("Duration: 1.000 ms")
                .contains("Args: {\"grid\":\"" + (index + 1) + "x1x1\"}")
                .contains("Flow in (launch) <- cudaLaunchKernel on main");
        assertThat(viewModel.selectedSliceProperty().get().depth()).isEqualTo(1);

        // Clicking a process header collapses its tracks.
        io.fleetwise.datastore.trace.model.TrackLayout.Row worker = viewModel.layoutProperty().get().rows().stream()
                .filter(r -> r.header() && r.track().name().equals("worker")).findFirst().orElseThrow();
        robot.clickOn(view.dataPane().localToScreen(60, worker.y() + worker.height() / 2));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(viewModel.layoutProperty().get().rows()).extracting(r -> r.track().name()).doesNotContain("main");
    }
}
