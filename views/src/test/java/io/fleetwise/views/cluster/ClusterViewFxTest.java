package io.fleetwise.views.cluster;

import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.views.common.AreaStage;
import io.fleetwise.views.study.TestStudies;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Headless (Monocle): a bad value typed in the property sheet gets a ControlsFX decoration and stays typed. */
class ClusterViewFxTest {

    private final FxRobot robot = new FxRobot();
    private AreaStage area;
    private ClusterView view;
    private ClusterViewModel viewModel;

    @BeforeEach
    void setUp() throws TimeoutException {
        area = AreaStage.show(executor -> {
            viewModel = new ClusterViewModel(TestStudies.open(StudyDocument.empty("s")), executor);
            viewModel.addGroup("H100-SXM");
            view = new ClusterView(viewModel);
            return view;
        });
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        area.close();
    }

    @Test
    void typingManyGpusPerNodeDecoratesTheFieldWithTheMessageAndKeepsTheText() {
        robot.clickOn("#field-GPUS_PER_NODE");
        robot.push(KeyCode.CONTROL, KeyCode.A).write("many").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        TextField field = robot.lookup("#field-GPUS_PER_NODE").queryAs(TextField.class);
        assertThat(field.getText()).isEqualTo("many");
        assertThat(view.validationMessage(GroupField.GPUS_PER_NODE)).hasValueSatisfying(m ->
                assertThat(m).contains("GPUs per node", "'many'"));
        assertThat(field.getPseudoClassStates()).extracting(Object::toString).contains("danger");
        assertThat(field.getTooltip().getText()).contains("GPUs per node", "'many'");
        assertThat(field.getScene().getRoot()).as("decorations leave the scene root alone").isSameAs(view);
        assertThat(robot.lookup("#groupErrors").queryLabeled().getText()).contains("'many'");
        assertThat(viewModel.selectedProperty().get().node().gpuCount()).isEqualTo(8);

        robot.clickOn("#field-GPUS_PER_NODE");
        robot.push(KeyCode.CONTROL, KeyCode.A).write("4").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(view.validationMessage(GroupField.GPUS_PER_NODE)).isEmpty();
        assertThat(field.getPseudoClassStates()).extracting(Object::toString).doesNotContain("danger");
        assertThat(field.getTooltip()).isNull();
        assertThat(viewModel.selectedProperty().get().node().gpuCount()).isEqualTo(4);
    }

    @Test
    void moreNodeGroupsThanFitScrollTheDrawingInsteadOfCuttingRacksOff() {
        robot.interact(() -> {
            for (String gpu : java.util.List.of("A100-80GB-SXM", "L4", "L40S", "H200-SXM", "T4")) {
                viewModel.addGroup(gpu);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        ClusterCanvas canvas = robot.lookup("#clusterCanvas").queryAs(ClusterCanvas.class);
        javafx.scene.control.ScrollPane scroll = robot.lookup("#clusterScroll").queryAs(javafx.scene.control.ScrollPane.class);
        double sixRacks = 2 * ClusterCanvas.MARGIN + 6 * ClusterCanvas.MIN_RACK_WIDTH + 5 * ClusterCanvas.RACK_GAP;
        assertThat(canvas.getWidth()).as("every rack at least at its narrowest").isGreaterThanOrEqualTo(sixRacks);
        assertThat(scroll.getViewportBounds().getWidth()).as("the area is narrower than six racks").isLessThan(sixRacks);
        assertThat(scroll.lookupAll(".scroll-bar").stream().anyMatch(n -> n.isVisible()
                && ((javafx.scene.control.ScrollBar) n).getOrientation() == javafx.geometry.Orientation.HORIZONTAL))
                .as("a horizontal scroll bar reaches the racks on the right").isTrue();
    }
}
