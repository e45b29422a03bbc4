package io.fleetwise.uitests;

import eu.hansolo.tilesfx.Tile;
import io.fleetwise.app.AppServices;
import io.fleetwise.app.gui.FleetwiseGui;
import io.fleetwise.app.gui.WindowSettings;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.prefs.Preferences;

/**
 * The real application on a fresh SQLite file in a temporary folder, driven headless by a robot the way a user
 * would: through the area list, fields and keys. Window preferences go to a throw-away node so a test run leaves
 * nothing in the user's preferences.
 */
abstract class AppFlowTest {

    @TempDir
    Path dir;
    protected Path dbFile;
    protected Stage stage;
    protected final FxRobot robot = new FxRobot();
    private Preferences windowPrefs;
    /** Off for tests of the remembered window geometry; on, the window is placed at 0,0 in 1280x800. */
    protected boolean fixedGeometry = true;

    @BeforeEach
    void registerStage() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        dbFile = dir.resolve("ui-test.db");
        windowPrefs = Preferences.userRoot().node("io/fleetwise/ui-tests/" + UUID.randomUUID());
    }

    @AfterEach
    void closeApp() throws Exception {
        if (stage != null) {
            FxToolkit.setupFixture(() -> stage.close());
        }
        Preferences parent = windowPrefs.parent();
        windowPrefs.removeNode();
        if (parent.childrenNames().length == 0) {
            parent.removeNode();
        }
    }

    /** Opens the main window on the test database; with {@code demo} the built-in demo study is opened. */
    protected void startApp(boolean demo) throws TimeoutException {
        AppServices services = AppServices.open(dbFile, Clock.systemDefaultZone());
        FxToolkit.setupFixture(() -> {
            stage = new Stage();
            FleetwiseGui.show(stage, services, new WindowSettings(windowPrefs), demo);
            if (!fixedGeometry) {
                return;
            }
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Closes the window and opens it again on the same database, as a user restarting the app would. */
    protected void restartApp(boolean demo) throws TimeoutException {
        FxToolkit.setupFixture(() -> stage.close());
        stage = null;
        startApp(demo);
    }

    protected void openArea(String title) {
        robot.clickOn((Node) robot.lookup(".list-cell").match(n -> n instanceof ListCell
                && title.equals(((ListCell<?>) n).getText())).query());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Replaces the text of the field with this CSS id and commits it with Enter. */
    protected void typeInto(String id, String text) {
        robot.clickOn(id);
        robot.push(KeyCode.CONTROL, KeyCode.A).write(text).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    protected double tile(String id) {
        return robot.lookup(id).queryAs(Tile.class).getValue();
    }

    protected String field(String id) {
        return robot.lookup(id).queryAs(TextField.class).getText();
    }

    /** Clicks the tab with this id (the tab header, as a user would). */
    protected void tab(String id) {
        robot.clickOn((Node) robot.lookup(".tab").match(n -> id.equals(n.getId())).query());
        WaitForAsyncUtils.waitForFxEvents();
    }

    protected String label(String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /** Waits for background work (simulation, allocation, export) to show its result. */
    protected void waitUntil(int seconds, BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
    }
}
