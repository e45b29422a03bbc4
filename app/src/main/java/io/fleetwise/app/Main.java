package io.fleetwise.app;

import io.fleetwise.app.cli.Cli;

/**
 * Entry point of the jar, the app-image and {@code bin/fleetwise}. Not a JavaFX {@code Application}
 * subclass, so the GUI starts from a plain classpath without the module path. No arguments (or only
 * global options such as {@code --demo} and {@code --db}) open the window; a subcommand runs headless.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = Cli.run(args);
        System.exit(exitCode);
    }
}
