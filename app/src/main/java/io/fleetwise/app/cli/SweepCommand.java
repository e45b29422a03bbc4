package io.fleetwise.app.cli;

import io.fleetwise.app.CalibrationResolver;
import io.fleetwise.app.EngineFits;
import io.fleetwise.app.sweep.ScaleoutLauncher;
import io.fleetwise.datastore.study.StudyStore;
import io.fleetwise.datastore.throughput.ThroughputCellRepository;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.EngineProfiles;
import io.fleetwise.planner.service.FleetAllocationService;
import io.fleetwise.planner.service.WhatIfService;
import io.fleetwise.planner.service.WhatIfStudy;
import io.fleetwise.planner.study.WhatIfJson;
import io.fleetwise.planner.study.WhatIfSettings;
import io.fleetwise.planner.study.WhatIfSweep;
import io.fleetwise.planner.study.WhatIfSweepResult;
import io.fleetwise.planner.sweep.SweepPlan;
import io.fleetwise.planner.sweep.SweepSpec;
import io.fleetwise.planner.sweep.SweepSpecJson;
import io.fleetwise.planner.throughput.CellKey;
import io.fleetwise.planner.throughput.CellResult;
import io.fleetwise.planner.throughput.ThroughputCell;
import io.fleetwise.planner.throughput.ThroughputCellJson;
import io.fleetwise.planner.throughput.ThroughputCellStore;
import io.fleetwise.planner.throughput.ThroughputCells;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code fleetwise sweep SPEC.json}: throughput-table cells over a grid (and the tables of what-if sweeps of stored
 * studies) searched on Apache Spark, in a child JVM that runs {@code local[*]} by default or joins a cluster with
 * {@code --master spark://HOST:7077}; the cells land in the study database, where every area and command finds them.
 * docs/scale-out.md describes SPEC.json, the cluster set-up and how the time scales.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search many throughput-table cells at once on Apache Spark (embedded local[*] by default, or "
                + "a cluster), store them in the database, and re-plan the spec's what-if sweeps from them.",
                "SPEC.json: see docs/scale-out.md (example: docs/examples/sweep-8b-four-gpus.json)."})
final class SweepCommand implements Callable<Integer> {
    private static final String LOCAL_ALL = "local[*]";
    /** First line of the cells file: the spec's name, which the job's messages use (SweepJob reads it). */
    private static final String NAME_LINE = "# sweep: ";

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "The sweep spec (format fleetwise-sweep/1).")
    private Path specFile;

    @Option(names = "--master", paramLabel = "URL", defaultValue = LOCAL_ALL,
            description = "Spark master: local[*] (default: every core of this machine, nothing to install), local[N], "
                    + "or a cluster such as spark://HOST:7077.")
    private String master;

    @Option(names = "--parquet", paramLabel = "DIR",
            description = "Also write the sweep's whole table as Parquet to DIR (replaced); overrides the spec's.")
    private Path parquet;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Spark partitions per chunk of cells (default: 16 per core).")
    private Integer partitions;

    @Option(names = "--in-process",
            description = "Search on this machine's threads without Spark (the single-machine path).")
    private boolean inProcess;

    @Option(names = "--write-cells", paramLabel = "FILE",
            description = "Only resolve the spec (catalog, stored calibrations) into FILE, one cell per line, and print "
                    + "the spark-submit line that searches them on a cluster.")
    private Path writeCells;

    @Option(names = "--save", description = "Store the what-if sweeps' results in their studies, as `whatif --save`.")
    private boolean save;

    @Mixin
    private OutputOptions output;

    SweepCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        OutputFormat format = output.format();
        SweepSpec spec = SweepSpecJson.read(specFile);
        StudyStore studies = context.services().studyStore();
        Function<String, CalibrationSet> calibrationFor = calibrations(spec);
        SweepPlan plan = SweepPlan.expand(spec, studies.catalog(), calibrationFor);
        int gridCells = plan.cells().size();
        List<WhatIf> whatIfs = new ArrayList<>();
        for (SweepSpec.WhatIfEntry entry : spec.whatIf()) {
            WhatIf w = WhatIf.prepare(entry, studies, calibrationFor.apply(null), context.services().fleetAllocations(),
                    context.services().throughputCells());
            plan.addAll(w.analysis().cells(w.study(), WhatIfService.tpotTargets(w.study(), w.sweep())));
            whatIfs.add(w);
        }
        List<ThroughputCell> cells = plan.cells();
        describePlan(spec, plan, gridCells);
        if (writeCells != null) {
            return writeCellsOnly(spec, cells);
        }
        if (!cells.isEmpty()) {
            int status = inProcess ? searchHere(cells) : searchOnSpark(spec, cells);
            if (status != 0) {
                return status;
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cells", printCells(cells, format));
        List<Object> sweeps = new ArrayList<>();
        for (WhatIf w : whatIfs) {
            sweeps.add(replan(w, format));
        }
        json.put("whatIf", sweeps);
        if (format == OutputFormat.JSON) {
            JsonOutput.print(context.out(), json);
        }
        context.out().flush();
        return 0;
    }

    /**
     * The calibration of an engine id, as {@code --engine} resolves it elsewhere: none given, the default engine; an id
     * ({@code vllm-v1}, {@code vllm-0.6}, {@code sglang}, {@code kernels-only}) its published profile; with the spec's
     * {@code latest} calibration, each with its newest fit from serving runs; {@code ENGINE:vN} one stored fit.
     */
    private Function<String, CalibrationSet> calibrations(SweepSpec spec) {
        CalibrationResolver resolver = context.services().calibrations();
        boolean builtin = spec.calibration().equals(SweepSpec.BUILTIN);
        String choice = builtin ? CalibrationResolver.BUILTIN : CalibrationResolver.LATEST;
        return engine -> {
            if (engine == null) {
                return resolver.resolve(choice, null);
            }
            int colon = engine.indexOf(':');
            String id = colon > 0 ? engine.substring(0, colon) : engine;
            String fit = colon > 0 ? engine : builtin ? EngineFits.NONE : EngineFits.LATEST;
            EngineProfile profile;
            try {
                profile = EngineProfiles.byId(id);
            } catch (java.util.NoSuchElementException e) {
                throw new IllegalArgumentException(specFile.getFileName() + ": engines: " + e.getMessage(), e);
            }
            return resolver.resolve(choice, null, fit, profile);
        };
    }

    private void describePlan(SweepSpec spec, SweepPlan plan, int gridCells) {
        context.err().printf(Locale.ROOT, "sweep \"%s\": %d cells (%d from the grid, %d for what-if tables)%n",
                spec.name(), plan.cells().size(), gridCells, plan.cells().size() - gridCells);
        for (SweepPlan.Skipped s : plan.skipped()) {
            context.err().printf(Locale.ROOT, "  left out %d cells: %s (e.g. %s)%n", s.count(), s.reason(), s.example());
        }
        context.err().flush();
    }

    private int writeCellsOnly(SweepSpec spec, List<ThroughputCell> cells) {
        List<String> lines = new ArrayList<>(cells.size() + 1);
        lines.add(NAME_LINE + spec.name());
        cells.forEach(c -> lines.add(ThroughputCellJson.write(c)));
        try {
            Files.write(writeCells, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + writeCells + ": " + e.getMessage(), e);
        }
        context.out().printf(Locale.ROOT, "%d cells written to %s. Search them on a cluster with:%n", cells.size(),
                writeCells);
        context.out().printf(Locale.ROOT, "  spark-submit --master spark://HOST:7077 --class %s %s %s --db %s%n",
                "io.fleetwise.scaleout.SweepJob", "scaleout/target/" + ScaleoutLauncher.JOB_JAR, writeCells,
                context.databaseFile());
        context.out().flush();
        return 0;
    }

    private int searchHere(List<ThroughputCell> cells) {
        ThroughputCells.Resolved r = new ThroughputCells(context.services().throughputCells(),
                Runtime.getRuntime().availableProcessors(), context.services().clock())
                .resolve(cells, new StderrProgress(context.err(), "sweep"));
        context.err().printf(Locale.ROOT, "sweep: %d cells searched on this machine's %d threads, %d were stored%n",
                r.searched(), Runtime.getRuntime().availableProcessors(), r.fromStore());
        context.err().flush();
        return 0;
    }

    private int searchOnSpark(SweepSpec spec, List<ThroughputCell> all) throws IOException, InterruptedException {
        ScaleoutLauncher launcher = new ScaleoutLauncher(context::environment);
        ScaleoutLauncher.Home home = launcher.home();
        // a rerun starts no Spark for cells the database already holds
        Map<String, CellResult> stored = context.services().throughputCells()
                .find(all.stream().map(ThroughputCell::key).toList());
        List<ThroughputCell> cells = all.stream().filter(c -> !stored.containsKey(c.key().fingerprint())).toList();
        String parquetDir = parquet != null ? parquet.toAbsolutePath().toString() : spec.parquet().orElse(null);
        if (cells.isEmpty() && parquetDir == null) {
            context.err().printf(Locale.ROOT, "sweep: all %d cells are stored; nothing to search%n", all.size());
            context.err().flush();
            return 0;
        }
        if (parquetDir != null) {
            cells = all; // the Parquet table holds the whole sweep: the job reads the stored cells into it
        }
        Path tasks = Files.createTempFile("fleetwise-sweep-", ".jsonl");
        try {
            List<String> lines = new ArrayList<>(cells.size() + 1);
            lines.add(NAME_LINE + spec.name());
            cells.forEach(c -> lines.add(ThroughputCellJson.write(c)));
            Files.write(tasks, lines, StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>(List.of(tasks.toString(), "--db",
                    context.databaseFile().toAbsolutePath().toString(), "--master", master));
            if (parquetDir != null) {
                args.addAll(List.of("--parquet", parquetDir));
            }
            if (partitions != null) {
                args.addAll(List.of("--partitions", Integer.toString(partitions)));
            }
            // the job's own summary goes to stderr with its progress: this command prints the table
            int status = launcher.run(home, args, master.startsWith("local"), context.err(), context.err());
            if (status != 0) {
                context.err().println("fleetwise: sweep: the Spark job ended with status " + status
                        + " (its message is above); cells it finished are stored, a rerun searches only the rest");
                context.err().flush();
            }
            return status;
        } finally {
            Files.deleteIfExists(tasks);
        }
    }

    private List<Map<String, Object>> printCells(List<ThroughputCell> cells, OutputFormat format) {
        ThroughputCellRepository repository = context.services().throughputCells();
        List<CellKey> keys = cells.stream().map(ThroughputCell::key).toList();
        Map<String, CellResult> found = repository.find(keys);
        CliTable table = new CliTable("model", "replica", "requests", "SLO", "engine", "req/s", "sims");
        List<Map<String, Object>> json = new ArrayList<>();
        int missing = 0;
        for (CellKey k : keys) {
            CellResult r = found.get(k.fingerprint());
            if (r == null) {
                missing++;
                continue;
            }
            table.row(k.model(), k.replica(), k.lengths(), k.slo(), k.engine(),
                    String.format(Locale.ROOT, "%.3f", r.maxRatePerS()), r.simulations());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("fingerprint", k.fingerprint());
            row.put("model", k.model());
            row.put("replica", k.replica());
            row.put("lengths", k.lengths());
            row.put("slo", k.slo());
            row.put("calibration", k.calibration());
            row.put("engine", k.engine());
            row.put("search", k.search());
            row.put("maxRatePerS", r.maxRatePerS());
            row.put("simulations", r.simulations());
            row.put("computedAt", r.computedAt().toString());
            json.add(row);
        }
        if (format != OutputFormat.JSON) {
            table.print(context.out(), format, json);
        }
        if (missing > 0) {
            context.err().printf(Locale.ROOT, "fleetwise: sweep: %d of %d cells are not in the database%n", missing,
                    keys.size());
        }
        return json;
    }

    private Object replan(WhatIf w, OutputFormat format) {
        WhatIfSweepResult result = w.analysis().sweep(w.study(), w.sweep(), new StderrProgress(context.err(), "whatif"));
        if (format != OutputFormat.JSON) {
            context.out().printf(Locale.ROOT, "%nWhat-if sweep of '%s' (%s), re-planned from the stored cells:%n",
                    w.entry().study(), w.entry().sweep());
            WhatIfCommand.sweepTable(result).print(context.out(), format, null);
        }
        if (w.cells().saved.get() > 0) {
            context.err().printf(Locale.ROOT, "whatif: %d cells were not stored and were searched here%n",
                    w.cells().saved.get());
        }
        if (save) {
            StudyStore.StoredStudy stored = context.services().studyStore().open(w.entry().study());
            context.services().studyStore().save(stored.id(),
                    stored.document().withResult(WhatIfJson.SWEEP_KEY, WhatIfJson.sweep(result)));
        }
        return WhatIfJson.sweep(result);
    }

    /** One what-if sweep of the spec, resolved against its study. */
    private record WhatIf(SweepSpec.WhatIfEntry entry, WhatIfService analysis, WhatIfStudy study, WhatIfSweep sweep,
                          CountingStore cells) {

        /** The what-if service over the app's fleet allocations, its cell store counted (same tables, same defaults). */
        static WhatIf prepare(SweepSpec.WhatIfEntry entry, StudyStore studies, CalibrationSet calibration,
                              FleetAllocationService allocations, ThroughputCellStore store) {
            StudyStore.StoredStudy stored = studies.open(entry.study());
            CountingStore cells = new CountingStore(store);
            WhatIfService analysis = new WhatIfService(allocations.withCells(cells));
            WhatIfStudy study = analysis.prepare(stored.document(),
                    new WhatIfSettings(entry.requests(), WhatIfSettings.defaults().replicaSizesPerType()), calibration);
            WhatIfSweep sweep = WhatIfCommand.parseSweep(entry.sweep());
            return new WhatIf(entry, analysis, study, sweep, cells);
        }
    }

    /** The database's cells, counting those a re-plan still had to search (none when the sweep stored every one). */
    private static final class CountingStore implements ThroughputCellStore {
        private final ThroughputCellStore inner;
        private final AtomicInteger saved = new AtomicInteger();

        CountingStore(ThroughputCellStore inner) {
            this.inner = inner;
        }

        @Override
        public Map<String, CellResult> find(Collection<CellKey> keys) {
            return inner.find(keys);
        }

        @Override
        public void save(CellKey key, CellResult result) {
            saved.incrementAndGet();
            inner.save(key, result);
        }
    }
}
