package io.fleetwise.app.cli;

import io.fleetwise.datastore.DatabaseSalvage;
import io.fleetwise.planner.progress.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;

/** {@code fleetwise db ...}: the database file itself, when it is damaged. */
@Command(name = "db", description = "The database file itself: copy what can still be read out of a damaged one.",
        mixinStandardHelpOptions = true, subcommands = DbCommand.Salvage.class)
final class DbCommand {

    @Command(name = "salvage", description = "Copy every row that can still be read from a damaged database into a new "
            + "one (the damaged file is opened read-only and never changed); counts what was lost per table, and "
            + "renames a trace that lost events to say so. Then open the new file with --db.",
            mixinStandardHelpOptions = true)
    static final class Salvage implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "DAMAGED_DB", description = "the database Fleetwise refused as damaged")
        private Path damaged;
        @Parameters(index = "1", paramLabel = "NEW_DB", description = "a new file to write (must not exist yet)")
        private Path target;
        @Mixin
        private OutputOptions output;

        Salvage(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            ProgressListener progress = output.format() == OutputFormat.TEXT
                    ? ProfilerCommands.progressTo(context.err()) : ProgressListener.NONE;
            DatabaseSalvage.Result result = DatabaseSalvage.salvage(damaged, target, progress);
            if (output.format() == OutputFormat.TEXT) {
                context.out().println("Salvaged " + damaged + ": " + result.summary()
                        + ". Open it with: fleetwise --db " + result.target());
                context.out().flush();
                return;
            }
            CliTable table = new CliTable("table", "copied", "lost", "note");
            result.tables().forEach(t -> table.row(t.table(), t.copied(), t.lost(), t.note()));
            table.print(context.out(), output.format(), Map.of("target", result.target().toString(), "copied",
                    result.copied(), "lost", result.lost(), "tables", result.tables(), "incompleteTraces",
                    result.incompleteTraces()));
        }
    }
}
