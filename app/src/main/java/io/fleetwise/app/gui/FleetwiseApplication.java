package io.fleetwise.app.gui;

import io.fleetwise.app.AppServices;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application; {@link GuiLauncher} hands it the services opened before the toolkit starts. */
public final class FleetwiseApplication extends Application {

    private static AppServices services;
    private static boolean demo;

    static void prepare(AppServices appServices, boolean openDemo) {
        services = appServices;
        demo = openDemo;
    }

    @Override
    public void start(Stage stage) {
        FleetwiseGui.show(stage, services, WindowSettings.forUser(), demo);
    }
}
