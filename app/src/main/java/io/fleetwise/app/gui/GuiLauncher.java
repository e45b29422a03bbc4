package io.fleetwise.app.gui;

import io.fleetwise.app.AppServices;
import javafx.application.Application;

import java.util.function.Supplier;

/** Starts the JavaFX window from the command line (blocks until it closes). */
public final class GuiLauncher {

    private GuiLauncher() {
    }

    public static int launch(Supplier<AppServices> services, boolean demo) {
        FleetwiseApplication.prepare(services, demo);
        // the solver's native libraries load while the window opens, not when the first plan is solved
        io.fleetwise.planner.alloc.OrTools.preload();
        try {
            Application.launch(FleetwiseApplication.class);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("Cannot open the Fleetwise window (" + root.getMessage()
                    + "). Maybe no display is available; the command line works without one, see `fleetwise --help`.", e);
        }
        RuntimeException startupFailure = FleetwiseApplication.startupFailure();
        if (startupFailure != null) {
            throw startupFailure; // shown in a dialog already; the console gets the same one line
        }
        return 0;
    }
}
