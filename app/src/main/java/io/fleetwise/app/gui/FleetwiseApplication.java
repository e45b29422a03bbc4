package io.fleetwise.app.gui;

import io.fleetwise.app.AppServices;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

import java.util.function.Supplier;

/**
 * The JavaFX application. {@link GuiLauncher} hands it the services to open; if the store cannot be
 * opened (not a Fleetwise file, written by a newer version ...) the user sees why in a dialog.
 */
public final class FleetwiseApplication extends Application {

    private static Supplier<AppServices> services;
    private static boolean demo;
    private static volatile RuntimeException startupFailure;

    static void prepare(Supplier<AppServices> appServices, boolean openDemo) {
        services = appServices;
        demo = openDemo;
        startupFailure = null;
    }

    static RuntimeException startupFailure() {
        return startupFailure;
    }

    @Override
    public void start(Stage stage) {
        AppServices opened;
        try {
            opened = services.get();
        } catch (RuntimeException e) {
            startupFailure = e;
            Alert alert = new Alert(Alert.AlertType.ERROR, e.getMessage());
            alert.setTitle("Fleetwise");
            alert.setHeaderText("Fleetwise cannot open its database");
            alert.showAndWait();
            Platform.exit();
            return;
        }
        FleetwiseGui.show(stage, opened, WindowSettings.forUser(), demo).openDocumentsWith(getHostServices()::showDocument);
    }
}
