package io.fleetwise.app.gui;

import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** Remembers the main window's size and position between runs (java.util.prefs, per user). */
public final class WindowSettings {

    static final double DEFAULT_WIDTH = 1280;
    static final double DEFAULT_HEIGHT = 800;

    private final Preferences node;

    public WindowSettings(Preferences node) {
        this.node = node;
    }

    public static WindowSettings forUser() {
        return new WindowSettings(Preferences.userRoot().node("io/fleetwise/app/window"));
    }

    /** The node the window's other remembered choices (theme) live in. */
    public Preferences node() {
        return node;
    }

    /** Applies the saved bounds if they still fit on a screen (monitors change); else centres a default size. */
    public void restore(Stage stage) {
        double w = node.getDouble("width", DEFAULT_WIDTH);
        double h = node.getDouble("height", DEFAULT_HEIGHT);
        double x = node.getDouble("x", Double.NaN);
        double y = node.getDouble("y", Double.NaN);
        stage.setWidth(Math.max(640, w));
        stage.setHeight(Math.max(400, h));
        if (!Double.isNaN(x) && !Double.isNaN(y)
                && !Screen.getScreensForRectangle(new Rectangle2D(x, y, Math.max(1, w), Math.max(1, h))).isEmpty()) {
            stage.setX(x);
            stage.setY(y);
        } else {
            stage.centerOnScreen();
        }
        stage.setMaximized(node.getBoolean("maximized", false));
    }

    public void save(Stage stage) {
        node.putBoolean("maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            node.putDouble("x", stage.getX());
            node.putDouble("y", stage.getY());
            node.putDouble("width", stage.getWidth());
            node.putDouble("height", stage.getHeight());
        }
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // the window still closes; only its placement is not remembered
        }
    }
}
