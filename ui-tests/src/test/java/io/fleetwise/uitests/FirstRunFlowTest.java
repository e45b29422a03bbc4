package io.fleetwise.uitests;

import io.fleetwise.app.AppServices;
import io.fleetwise.planner.catalog.HuggingFaceConfigImporter;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.views.timeline.TimelineView;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newcomer's first run on a fresh database, without any command-line step: the Timeline opens on the demo
 * study's simulated trace, Execute opens on a model the CPU device can run, F1 explains the open area, and a model
 * imported by the command line while the window is open shows when the user comes back to the area.
 */
class FirstRunFlowTest extends AppFlowTest {

    private static final String TINY_CONFIG = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 256,
             "intermediate_size": 512, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
             "vocab_size": 1024, "max_position_embeddings": 4096, "torch_dtype": "bfloat16"}""";

    @Test
    @SuppressWarnings("unchecked")
    void theDemoOpensOnARealTimelineARunnableExecuteAndAGuideAndSeesWhatTheCommandLineAdds() throws Exception {
        startApp(true);

        openArea("Timeline");
        ComboBox<Object> picker = robot.lookup("#timeline-trace-picker").queryAs(ComboBox.class);
        waitUntil(60, () -> picker.getValue() != null);
        assertThat(picker.getValue().toString()).contains("Demo study");
        assertThat(robot.lookup("#timeline-area").queryAs(BorderPane.class).getCenter()).isInstanceOf(TimelineView.class);

        openArea("Execute");
        assertThat(robot.lookup("#execute-model").queryAs(ComboBox.class).getValue()).isEqualTo("SmolLM2-135M");
        assertThat(robot.lookup("#execute-device").queryAs(ComboBox.class).getValue()).isEqualTo("cpu");

        openArea("Fleet");
        robot.type(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#guideAnswers").queryAs(Label.class).getText()).contains("mix of GPU types");
        robot.clickOn(".dialog-pane .button");
        WaitForAsyncUtils.waitForFxEvents();

        openArea("Catalog");
        robot.clickOn("#modelTab");
        // the command line, another process on the same database, imports a model while the window is open
        ModelSpec imported = HuggingFaceConfigImporter.parse("config.json", TINY_CONFIG, "Imported-Tiny");
        AppServices.open(dbFile, Clock.systemUTC()).catalogStore().addModel(imported, "config.json");
        openArea("Workload");
        openArea("Catalog");
        TableView<ModelSpec> models = robot.lookup("#modelTable").queryAs(TableView.class);
        assertThat(models.getItems()).extracting(ModelSpec::name).contains("Imported-Tiny");
        openArea("Execute");
        assertThat(robot.lookup("#execute-model").queryAs(ComboBox.class).getItems()).contains("Imported-Tiny");
    }
}
