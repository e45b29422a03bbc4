package io.fleetwise.datastore.crash;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.interop.ChromeTraceImporter;
import io.fleetwise.planner.progress.ProgressListener;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in a forked JVM by {@link CrashSafetyTest} and killed with SIGKILL at a random moment: imports traces or
 * saves studies in a loop, printing a line after each commit so the test knows what must survive.
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
