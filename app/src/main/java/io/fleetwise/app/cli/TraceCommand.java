package io.fleetwise.app.cli;

import io.fleetwise.datastore.trace.NameStats;
import io.fleetwise.datastore.trace.TraceFormatException;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.interop.ChromeTraceExporter;
import io.fleetwise.datastore.trace.interop.ChromeTraceImporter;
import io.fleetwise.datastore.trace.interop.ImportResult;
import io.fleetwise.datastore.trace.interop.NsysSqliteImporter;
import io.fleetwise.planner.ingest.InputFiles;
import io.fleetwise.planner.progress.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/** {@code fleetwise trace ...}: the trace store's command-line twin of the Timeline area. */
@Command(name = "trace", description = "Stored traces: import, list, export, statistics.", mixinStandardHelpOptions = true,
        subcommands = {TraceCommand.Import.class, TraceCommand.ListTraces.class, TraceCommand.Export.class, TraceCommand.Stats.class})
final class TraceCommand {

    static TraceStore store(CliContext context) {
        return new TraceStore(context.services().database());
    }

    @Command(name = "import", description = "Import a Chrome Trace Event JSON file (.json, .json.gz) or an Nsight Systems SQLite export.",
            mixinStandardHelpOptions = true)
    static final class Import implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "FILE", description = "The trace file.")
        private Path file;
        @Option(names = "--name", description = "Name of the stored trace (default: the file name).")
        private String name;
        @Option(names = "--study", description = "Id of the study the trace belongs to.")
        private Long studyId;
        @Mixin
        private OutputOptions output;

        Import(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            InputFiles.requireRegularFile(file, "Trace file", Long.MAX_VALUE);
            String traceName = name != null ? name : file.getFileName().toString();
            TraceStore store = store(context);
            ImportResult result;
            try {
                result = isSqlite(file)
                        ? new NsysSqliteImporter(store).importFile(file, traceName, studyId, ProgressListener.NONE)
                        : new ChromeTraceImporter(store).importFile(file, traceName, studyId, ProgressListener.NONE);
            } catch (TraceFormatException e) {
                throw new IllegalArgumentException(e.getMessage() + " (nothing was stored)", e);
            } catch (IOException e) {
                throw new IllegalArgumentException(InputFiles.readFailure(file, e).getMessage() + " (nothing was stored)", e);
            }
            TraceInfo t = result.trace();
            if (output.format() == OutputFormat.JSON) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", t.id());
                json.put("name", t.name());
                json.put("eventCount", t.eventCount());
                json.put("skippedEvents", result.skippedEvents());
                json.put("unresolvedFlows", result.unresolvedFlows());
                json.put("report", result.report().toJson());
                JsonOutput.print(context.out(), json);
            } else {
                context.out().println("Imported trace " + t.id() + " '" + t.name() + "': " + t.eventCount() + " events stored; "
                        + result.report().summary());
                context.out().flush();
            }
        }

        private static boolean isSqlite(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] head = in.readNBytes(16);
                return Arrays.equals(head, "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "list", description = "List stored traces.", mixinStandardHelpOptions = true)
    static final class ListTraces implements Runnable {
        private final CliContext context;
        @Mixin
        private OutputOptions output;

        ListTraces(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            List<TraceInfo> traces = store(context).listTraces();
            // repaired/skipped: what the import changed or left out (reasons: trace list --json); empty for a trace
            // Fleetwise recorded itself or one imported before the report was stored
            CliTable table = new CliTable("id", "name", "source", "events", "repaired", "skipped", "start_ns", "end_ns",
                    "study_id", "created_at");
            for (TraceInfo t : traces) {
                table.row(t.id(), t.name(), t.source(), t.eventCount(),
                        t.storedImportReport().map(r -> (Object) r.repairedCount()).orElse(""),
                        t.storedImportReport().map(r -> (Object) r.skippedCount()).orElse(""),
                        t.startNs(), t.endNs(), t.studyId() == null ? "" : t.studyId(), t.createdAt());
            }
            table.print(context.out(), output.format(), traces);
        }
    }

    @Command(name = "export", description = "Export a trace as Chrome Trace Event JSON (gzipped when OUT ends in .gz).",
            mixinStandardHelpOptions = true)
    static final class Export implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "ID", description = "Trace id (see 'trace list').")
        private long traceId;
        @Option(names = "--chrome", required = true, paramLabel = "OUT", description = "Output file, .json or .json.gz.")
        private Path out;

        Export(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            TraceStore store = store(context);
            store.requireTrace(traceId);
            try {
                long n = new ChromeTraceExporter(store).export(traceId, out, ProgressListener.NONE);
                context.out().println("Wrote " + n + " trace events to " + out);
                context.out().flush();
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot write " + out + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "stats", description = "Count, total and mean duration of slices by name.", mixinStandardHelpOptions = true)
    static final class Stats implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "ID", description = "Trace id (see 'trace list').")
        private long traceId;
        @Option(names = "--from", paramLabel = "NS", description = "Range start in ns (default: trace start).")
        private Long fromNs;
        @Option(names = "--to", paramLabel = "NS", description = "Range end in ns (default: trace end).")
        private Long toNs;
        @Mixin
        private OutputOptions output;

        Stats(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            TraceStore store = store(context);
            TraceInfo t = store.requireTrace(traceId);
            long from = fromNs != null ? fromNs : t.startNs();
            long to = toNs != null ? toNs : t.endNs();
            if (to < from) {
                throw new IllegalArgumentException("--to " + to + " ns is before --from " + from + " ns.");
            }
            List<NameStats> stats = store.stats(traceId, from, to);
            CliTable table = new CliTable("name", "count", "total_ns", "mean_ns");
            for (NameStats s : stats) {
                table.row(s.name(), s.count(), s.totalDurNs(), String.format(java.util.Locale.ROOT, "%.1f", s.meanDurNs()));
            }
            table.print(context.out(), output.format(), stats);
        }
    }
}
