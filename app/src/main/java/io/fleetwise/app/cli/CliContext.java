package io.fleetwise.app.cli;

import io.fleetwise.app.AppServices;
import io.fleetwise.app.DatabaseLocation;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What commands get through their constructor: where to print, and the application services,
 * opened on first use (so {@code --help} and {@code --version} never touch the database).
 */
public final class CliContext {

    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> environment;
    private final Path userHome;
    private final Function<Path, AppServices> servicesFactory;
    private final GuiStarter guiStarter;
    private Path dbOption;
    private AppServices services;

    /**
     * Starts the window; the CLI itself knows nothing of JavaFX. The services are opened by the
     * window, so a database it refuses is reported in a dialog too (a desktop launch has no console).
     */
    @FunctionalInterface
    public interface GuiStarter {
        int start(Supplier<AppServices> services, boolean demo);
    }

    public CliContext(PrintWriter out, PrintWriter err, Map<String, String> environment, Path userHome,
                      Clock clock, GuiStarter guiStarter) {
        this(out, err, environment, userHome, db -> AppServices.open(db, clock), guiStarter);
    }

    CliContext(PrintWriter out, PrintWriter err, Map<String, String> environment, Path userHome,
               Function<Path, AppServices> servicesFactory, GuiStarter guiStarter) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.environment = Map.copyOf(environment);
        this.userHome = Objects.requireNonNull(userHome, "userHome");
        this.servicesFactory = servicesFactory;
        this.guiStarter = Objects.requireNonNull(guiStarter, "guiStarter");
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** An environment variable of the command's process, or null. */
    String environment(String name) {
        return environment.get(name);
    }

    void setDbOption(Path dbOption) {
        this.dbOption = dbOption;
    }

    /** The database file commands work on: --db, else FLEETWISE_DB, else ~/.fleetwise/fleetwise.db. */
    public Path databaseFile() {
        return DatabaseLocation.resolve(dbOption, environment, userHome);
    }

    public AppServices services() {
        if (services == null) {
            services = servicesFactory.apply(databaseFile());
        }
        return services;
    }

    int startGui(boolean demo) {
        return guiStarter.start(this::services, demo);
    }
}
