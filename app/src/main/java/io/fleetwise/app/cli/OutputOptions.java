package io.fleetwise.app.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --json} / {@code --csv} switches; add to a command with
 * {@code @Mixin OutputOptions output;} and print through {@link CliTable} or {@link JsonOutput}.
 */
public final class OutputOptions {

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    @Option(names = "--csv", description = "Print the result as CSV (with a header row).")
    private boolean csv;

    public OutputFormat format() {
        if (json && csv) {
            throw new IllegalArgumentException("Choose one of --json and --csv, not both.");
        }
        return json ? OutputFormat.JSON : csv ? OutputFormat.CSV : OutputFormat.TEXT;
    }
}
