package io.fleetwise.scaleout;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.throughput.ThroughputCellRepository;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.engine.EngineProfiles;
import io.fleetwise.planner.ingest.InputException;
import io.fleetwise.planner.ingest.InputFiles;
import io.fleetwise.planner.ingest.UserInputError;
import io.fleetwise.planner.sweep.SweepPlan;
import io.fleetwise.planner.sweep.SweepSpec;
import io.fleetwise.planner.sweep.SweepSpecJson;
import io.fleetwise.planner.throughput.ThroughputCell;
import io.fleetwise.planner.throughput.ThroughputCellJson;
import io.fleetwise.planner.throughput.ThroughputCellStore;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Spark driver of a sweep: {@code SweepJob INPUT [--db FILE] [--master URL] [--parquet DIR] [--partitions N]}.
 * INPUT is a file of cells, one {@code fleetwise-cell/1} line each (what {@code fleetwise sweep} resolves a spec to,
 * with the user's catalog and stored calibrations), or a SPEC.json resolved here with the built-in catalog and
 * calibration. Started by {@code fleetwise sweep} in a child JVM (local[*] unless told otherwise), or by
 * {@code spark-submit --class io.fleetwise.scaleout.SweepJob fleetwise-scaleout-job.jar ...} (docs/scale-out.md).
 * Exit status 0 when every cell is answered, 2 for bad input (one line on stderr), 1 when the run failed.
 */
public final class SweepJob {
    /** A comment line of a cells file that names the sweep (fleetwise sweep writes the spec's name there). */
    static final String NAME_PREFIX = "# sweep: ";
    /** Rows printed; the whole table is in the database and in --parquet. */
    private static final int PRINTED_ROWS = 40;

    record Arguments(Path input, Optional<Path> db, Optional<String> master, Optional<String> parquet,
                     OptionalInt partitions) {

        static Arguments parse(String[] args) {
            Path input = null;
            Optional<Path> db = Optional.empty();
            Optional<String> master = Optional.empty();
            Optional<String> parquet = Optional.empty();
            OptionalInt partitions = OptionalInt.empty();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--db" -> db = Optional.of(Path.of(value(args, ++i, a)));
                    case "--master" -> master = Optional.of(value(args, ++i, a));
                    case "--parquet" -> parquet = Optional.of(value(args, ++i, a));
                    case "--partitions" -> {
                        String v = value(args, ++i, a);
                        try {
                            partitions = OptionalInt.of(Integer.parseInt(v));
                        } catch (NumberFormatException e) {
                            throw new InputException("--partitions: '" + v + "' is not a whole number");
                        }
                        if (partitions.getAsInt() < 1 || partitions.getAsInt() > 1_000_000) {
                            throw new InputException("--partitions: must be 1 to 1000000, was " + v);
                        }
                    }
                    default -> {
                        if (a.startsWith("--") || input != null) {
                            throw new InputException("Unknown argument '" + a + "'. Usage: SweepJob INPUT [--db FILE] "
                                    + "[--master URL] [--parquet DIR] [--partitions N]");
                        }
                        input = Path.of(a);
                    }
                }
            }
            if (input == null) {
                throw new InputException("No input. Usage: SweepJob (CELLS.jsonl | SPEC.json) [--db FILE] [--master URL] "
                        + "[--parquet DIR] [--partitions N]");
            }
            return new Arguments(input, db, master, parquet, partitions);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new InputException(option + ": needs a value");
            }
            return args[i];
        }
    }

    private SweepJob() {
    }

    /** Log configuration of a sweep outside spark-submit (a classpath resource of the job jar). */
    static final String LOG_CONFIG = "fleetwise-sweep-log4j2.properties";

    public static void main(String[] args) {
        // before anything logs: spark-submit sets spark.master and brings the cluster's own configuration
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("spark.master") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        Input input;
        try {
            arguments = Arguments.parse(args);
            input = read(arguments.input());
        } catch (IllegalArgumentException e) {
            err.println("sweep: " + e.getMessage());
            return 2;
        }
        SparkSession spark;
        try {
            spark = session(arguments.master());
        } catch (RuntimeException e) {
            err.println("sweep: cannot start Spark on " + arguments.master().orElse("local[*]") + ": " + e.getMessage());
            return 1;
        }
        try {
            return sweep(arguments, input, spark, out, err);
        } finally {
            spark.stop();
        }
    }

    /** The sweep on a running session (left running). */
    static int sweep(Arguments arguments, Input input, SparkSession spark, PrintStream out, PrintStream err) {
        Optional<String> parquet = arguments.parquet().or(input::parquet);
        try {
            // the database is opened (and migrated) by the driver only: executors never see it
            ThroughputCellStore store = arguments.db().<ThroughputCellStore>map(p -> new ThroughputCellRepository(
                    Database.open(p))).orElse(ThroughputCellStore.none());
            SweepProgress progress = new SweepProgress(err);
            spark.sparkContext().addSparkListener(progress);
            try {
                ScaleoutSweep.Report report = new ScaleoutSweep(spark, store, progress).run(input.cells(),
                        arguments.partitions(), parquet);
                print(out, input.name(), report, arguments.db(), parquet);
            } finally {
                spark.sparkContext().removeSparkListener(progress);
            }
            return 0;
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException || e instanceof UserInputError) {
                err.println("sweep: " + e.getMessage());
                return 2;
            }
            err.println("sweep: failed: " + e);
            return 1;
        }
    }

    /** What to sweep: a name for messages, the cells, and a Parquet directory the spec names. */
    record Input(String name, List<ThroughputCell> cells, Optional<String> parquet) {
    }

    static Input read(Path file) {
        String text = InputFiles.readText(file, "Sweep input", 1L << 31);
        String first = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                .orElse("");
        if (first.startsWith("{\"format\":\"" + ThroughputCellJson.FORMAT + "\"")) {
            List<ThroughputCell> cells = new ArrayList<>();
            String name = file.getFileName().toString();
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.startsWith(NAME_PREFIX)) {
                    name = line.substring(NAME_PREFIX.length()).strip();
                }
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                try {
                    cells.add(ThroughputCellJson.read(line));
                } catch (IllegalArgumentException e) {
                    throw new InputException(file.getFileName() + " line " + (i + 1) + ": " + e.getMessage());
                }
            }
            return new Input(name, cells, Optional.empty());
        }
        SweepSpec spec = SweepSpecJson.parse(text, String.valueOf(file.getFileName()));
        if (!spec.whatIf().isEmpty()) {
            throw new InputException(file.getFileName() + ": whatIf entries need the study database and the app: run "
                    + "`fleetwise sweep " + file + "` (it resolves them and starts this job)");
        }
        if (!spec.calibration().equals(SweepSpec.BUILTIN)) {
            throw new InputException(file.getFileName() + ": calibration \"" + spec.calibration() + "\" means the "
                    + "stored calibrations of a Fleetwise database; set \"calibration\": \"builtin\", or resolve the "
                    + "spec with `fleetwise sweep " + file + " --write-cells CELLS.jsonl` and submit that file");
        }
        SweepPlan plan = SweepPlan.expand(spec, Catalog.builtIn(), SweepJob::builtInCalibration);
        return new Input(spec.name(), plan.cells(), spec.parquet());
    }

    private static CalibrationSet builtInCalibration(String engine) {
        CalibrationSet set = CalibrationSet.builtIn();
        if (engine == null) {
            return set;
        }
        try {
            return set.withEngine(EngineProfiles.byId(engine));
        } catch (java.util.NoSuchElementException e) {
            throw new InputException("engines: " + e.getMessage() + " Fitted engine profiles need `fleetwise sweep`.");
        }
    }

    /**
     * The session: the master given, else the one spark-submit set, else every local core. A local master keeps to
     * the loopback address and starts no web UI; a cluster gets this job's own jar shipped to its executors.
     */
    static SparkSession session(Optional<String> masterOption) {
        String master = masterOption.orElse(System.getProperty("spark.master", "local[*]"));
        boolean local = master.startsWith("local");
        SparkConf conf = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName("fleetwise sweep").master(master).config(conf);
        if (local) {
            builder.config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1");
        } else if (!conf.contains("spark.jars")) {
            ownJar().ifPresent(jar -> builder.config("spark.jars", jar.toString()));
        }
        return builder.getOrCreate();
    }

    private static Optional<Path> ownJar() {
        try {
            Path p = Path.of(SweepJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static void print(PrintStream out, String name, ScaleoutSweep.Report report, Optional<Path> db,
                              Optional<String> parquet) {
        out.printf(Locale.ROOT, "sweep \"%s\": %d cells, %d stored before, %d searched on %s (%d cores, %d partitions "
                        + "per chunk) in %.1f s%n", name, report.outcomes().size(), report.stored(), report.searched(),
                report.master(), report.parallelism(), report.partitions(), report.seconds());
        db.ifPresent(p -> out.println("cells stored in " + p));
        parquet.ifPresent(p -> out.println("table written as Parquet to " + p));
        out.printf(Locale.ROOT, "%-14s %-32s %-26s %-34s %10s %5s  %s%n", "model", "replica", "requests", "SLO",
                "req/s", "sims", "source");
        int shown = 0;
        for (CellOutcome o : report.outcomes()) {
            if (shown++ == PRINTED_ROWS) {
                out.printf(Locale.ROOT, "... %d more cells%n", report.outcomes().size() - PRINTED_ROWS);
                break;
            }
            out.printf(Locale.ROOT, "%-14s %-32s %-26s %-34s %10.3f %5d  %s%n", o.model(), o.replica(), o.lengths(),
                    o.slo(), o.maxRatePerS(), o.simulations(), o.source());
        }
        out.flush();
    }

    /** Writes cells as the input this job reads (one JSON line each). */
    public static void writeCells(List<ThroughputCell> cells, Path file) throws IOException {
        List<String> lines = new ArrayList<>(cells.size());
        cells.forEach(c -> lines.add(ThroughputCellJson.write(c)));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
