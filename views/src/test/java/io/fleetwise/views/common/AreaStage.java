package io.fleetwise.views.common;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One workbench area shown headless (Monocle) in a 1200 x 760 stage, with its own FxTaskExecutor, for TestFX tests
 * of an area: {@code show} in {@code @BeforeEach}, {@code close} in {@code @AfterEach}.
 */
public final class AreaStage {

    private FxTaskExecutor executor;
    private Stage stage;

    private AreaStage() {
    }

    /** Builds the area on the FX thread from a fresh executor and shows it. */
    public static AreaStage show(Function<FxTaskExecutor, Parent> area) throws TimeoutException {
        AreaStage shown = new AreaStage();
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> {
            shown.executor = new FxTaskExecutor();
            shown.stage = new Stage();
            shown.stage.setScene(new Scene(area.apply(shown.executor), 1200, 760));
            shown.stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return shown;
    }

    public void close() throws TimeoutException {
        FxToolkit.setupFixture(() -> {
            stage.close();
            executor.shutdown();
        });
    }
}
