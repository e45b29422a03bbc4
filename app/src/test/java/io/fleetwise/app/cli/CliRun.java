package io.fleetwise.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs the CLI as a test sees it: output captured, home under a temp folder, a fixed clock, no GUI. */
final class CliRun {

    private CliRun() {
    }

    static CliContext context(StringWriter out, StringWriter err, Path dir) {
        return context(out, err, dir, Map.of());
    }

    /** With these environment variables. */
    static CliContext context(StringWriter out, StringWriter err, Path dir, Map<String, String> environment) {
        return new CliContext(new PrintWriter(out), new PrintWriter(err), environment, dir.resolve("home"),
                Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC), (services, demo) -> 0);
    }

    /** {@code fleetwise ARGS} with no database option: the default one under the temp home. */
    static int run(StringWriter out, StringWriter err, Path dir, String... args) {
        return Cli.commandLine(context(out, err, dir)).execute(args);
    }

    /** {@code fleetwise --db DIR/f.db ARGS}. */
    static int runWithDb(StringWriter out, StringWriter err, Path dir, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--db";
        all[1] = dir.resolve("f.db").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(out, err, dir, all);
    }
}
