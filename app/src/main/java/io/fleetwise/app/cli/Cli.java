package io.fleetwise.app.cli;

import io.fleetwise.app.gui.GuiLauncher;
import io.fleetwise.datastore.DatabaseException;
import io.fleetwise.planner.catalog.CatalogFormatException;
import io.fleetwise.planner.ingest.InputFiles;
import io.fleetwise.planner.ingest.InputText;
import io.fleetwise.planner.ingest.UserInputError;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.NoSuchElementException;

/**
 * Builds the {@code fleetwise} command line and runs it. Errors the user can fix print as one line
 * ({@code fleetwise: <what and why>}) with exit code 1; usage errors exit 2. Stack traces only with
 * {@code FLEETWISE_DEBUG=1}.
 */
public final class Cli {

    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;

    private Cli() {
    }

    /** Runs with the real console, environment and window launcher; returns the exit code. */
    public static int run(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        CliContext context = new CliContext(out, err, System.getenv(), Path.of(System.getProperty("user.home")),
                Clock.systemDefaultZone(), GuiLauncher::launch);
        return commandLine(context).execute(args);
    }

    /** The command tree with its handlers; tests call this with their own context. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new FleetwiseCommand(context), new CommandFactory(context));
        for (Class<?> subcommand : Subcommands.ALL) {
            cl.addSubcommand(subcommand);
        }
        boolean debug = "1".equals(System.getenv("FLEETWISE_DEBUG"));
        cl.setOut(context.out());
        cl.setErr(context.err());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("fleetwise: " + describe(ex));
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_ERROR;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("fleetwise: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    /**
     * One line the user can act on. User errors (our format exceptions, bad option values, missing or unreadable
     * files) already say what, where and what is allowed; only anything else is an unexpected error, a defect.
     */
    static String describe(Throwable ex) {
        if (ex instanceof UserInputError || ex instanceof DatabaseException || ex instanceof CatalogFormatException
                || ex instanceof IllegalArgumentException || ex instanceof NoSuchElementException
                || ex instanceof IllegalStateException) {
            return oneLine(ex.getMessage());
        }
        if (ex instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (ex instanceof IOException io) {
            return oneLine(InputFiles.readFailure(placeOf(io), io).getMessage());
        }
        return "unexpected error (" + ex.getClass().getSimpleName() + "): " + oneLine(String.valueOf(ex.getMessage()))
                + ". Set FLEETWISE_DEBUG=1 for details.";
    }

    /** The file an I/O exception names, when it names one. */
    private static String placeOf(IOException io) {
        if (io instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
            return fs.getFile();
        }
        return "input";
    }

    private static String oneLine(String message) {
        return message == null ? "" : InputText.clip(message).trim();
    }
}
