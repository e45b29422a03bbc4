package io.fleetwise.datastore.crash;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.datastore.throughput.ThroughputCellRepository;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.interop.ChromeTraceImporter;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sweep.SweepPlan;
import io.fleetwise.planner.sweep.SweepSpecJson;
import io.fleetwise.planner.throughput.CellKey;
import io.fleetwise.planner.throughput.CellResult;
import io.fleetwise.planner.throughput.ThroughputCellStore;
import io.fleetwise.planner.throughput.ThroughputCells;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;

/**
 * Run in a forked JVM by {@link CrashSafetyTest} and killed with SIGKILL at a random moment: imports traces, saves
 * studies, or runs a long job (a throughput-table build: capacity searches whose cells are stored one by one, as the
 * Fleet area, What-if, reports and sweeps build them), printing a line after each commit so the test knows what must
 * survive.
 */
public final class CrashWorker {
    private CrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        String mode = args[1];
        int round = Integer.parseInt(args[2]);
        Database database = Database.open(db);
        {
            if (mode.equals("import")) {
                Path file = db.resolveSibling("crash-trace.json");
                if (!Files.exists(file)) {
                    writeTrace(file, 12_000);
                }
                TraceStore store = new TraceStore(database);
                System.out.println("READY");
                for (int i = 0; ; i++) {
                    TraceInfo t = new ChromeTraceImporter(store).importFile(file, "r" + round + "-" + i, null,
                            ProgressListener.NONE).trace();
                    System.out.println("COMMITTED " + t.name() + " " + t.eventCount());
                }
            } else if (mode.equals("cells")) {
                SweepPlan plan = SweepPlan.expand(SweepSpecJson.parse(SWEEP, "crash-sweep.json"), Catalog.builtIn(),
                        engine -> CalibrationSet.builtIn());
                ThroughputCellRepository repository = new ThroughputCellRepository(database);
                ThroughputCellStore reporting = new ThroughputCellStore() {
                    @Override
                    public Map<String, CellResult> find(Collection<CellKey> keys) {
                        return repository.find(keys);
                    }

                    @Override
                    public void save(CellKey key, CellResult result) {
                        repository.save(key, result);
                        System.out.println("COMMITTED " + key.fingerprint() + " " + Double.doubleToLongBits(result.maxRatePerS()));
                    }
                };
                System.out.println("READY");
                // a killed build resumes: the cells stored by earlier rounds are read, only the others searched
                ProgressListener firstMessage = new ProgressListener() {
                    private boolean said;

                    @Override
                    public void progress(double fraction, String message) {
                        if (!said) {
                            said = true;
                            System.out.println("STARTED " + message);
                        }
                    }
                };
                ThroughputCells.Resolved done = new ThroughputCells(reporting, 1, Clock.systemUTC())
                        .resolve(plan.cells(), firstMessage);
                System.out.println("DONE " + done.searched() + " " + done.fromStore());
                Thread.sleep(Long.MAX_VALUE); // wait for the kill like the other modes
            } else {
                StudyRepository studies = new StudyRepository(database, Clock.systemUTC());
                String payload = "{\"note\":\"" + "x".repeat(200_000) + "\"}";
                System.out.println("READY");
                for (int i = 0; ; i++) {
                    String name = "s" + round + "-" + i;
                    studies.create(name, payload);
                    System.out.println("COMMITTED " + name + " " + payload.length());
                }
            }
        }
    }

    /** About 50 cells of a few hundred milliseconds each: a build that takes longer than any kill delay. */
    static final String SWEEP = """
            {"format": "fleetwise-sweep/1", "models": ["Llama-3.1-8B"],
             "gpuTypes": ["H100-SXM", "A100-80GB-SXM", "L40S", "L4"], "replicas": {"sizesPerGpuType": 2},
             "lengths": {"input": [256, 1024, 4096], "output": [128, 512]},
             "slos": [{"ttftMs": 2000, "tpotMs": 100, "attainment": 0.9}, {"ttftMs": 500, "tpotMs": 40, "attainment": 0.9}],
             "search": {"requests": 200, "seed": 42, "tolerance": 0.05, "maxSimulations": 20}}""";

    static void writeTrace(Path file, int slices) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
            w.write("{\"traceEvents\":[\n");
            for (int i = 0; i < slices; i++) {
                w.write((i == 0 ? "" : ",\n") + "{\"ph\":\"X\",\"name\":\"k" + (i % 97) + "\",\"pid\":1,\"tid\":" + (i % 4)
                        + ",\"ts\":" + i + ",\"dur\":0.5}");
            }
            w.write("\n]}\n");
        }
        Files.move(tmp, file);
    }
}
