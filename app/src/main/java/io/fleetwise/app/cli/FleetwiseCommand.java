package io.fleetwise.app.cli;

import io.fleetwise.app.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** The root command: global options; without a subcommand it opens the window. */
@Command(name = "fleetwise", mixinStandardHelpOptions = true, versionProvider = FleetwiseCommand.VersionProvider.class,
        sortOptions = false,
        description = {"Plan and trace LLM serving on heterogeneous GPU fleets.",
                "Without a command, opens the Fleetwise window."},
        footer = {"", "The database is --db PATH, else $FLEETWISE_DB, else ~/.fleetwise/fleetwise.db."})
public final class FleetwiseCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--demo", description = "Open the window on the demo study.")
    private boolean demo;

    FleetwiseCommand(CliContext context) {
        this.context = context;
    }

    @Option(names = "--db", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "SQLite database file (default: $FLEETWISE_DB or ~/.fleetwise/fleetwise.db).")
    void setDb(Path db) {
        context.setDbOption(db);
    }

    @Override
    public Integer call() {
        return context.startGui(demo);
    }

    /** Reports the Maven project version the jar was built from. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fleetwise " + Version.current(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
