package io.fleetwise.datastore.crash;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.study.Study;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.datastore.throughput.ThroughputCellRepository;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a forked JVM with SIGKILL at random moments of a trace import, a study save and a long job (a
 * throughput-table build, whose cells are stored as their searches finish), then opens the database the way the
 * application does: integrity_check must say ok, every trace, study and cell committed before the kill must be there
 * unchanged, and no trace may be listed whose events are not all stored. 21 kills in CI (7 of each);
 * {@code -Dfleetwise.crashKills=51} for the figure in docs/reliability.md.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void killedImportsAndSavesLeaveAnIntactDatabase() throws Exception {
        int kills = Integer.getInteger("fleetwise.crashKills", 21);
        Path db = dir.resolve("crash.db");
        Random random = new Random(Long.getLong("fleetwise.crashSeed", 15L));
        Map<String, Long> committedTraces = new HashMap<>();
        Map<String, Long> committedStudies = new HashMap<>();
        Map<String, Long> committedCells = new HashMap<>();
        int corrupt = 0;
        long resumedCells = 0;
        for (int round = 0; round < kills; round++) {
            String mode = switch (round % 3) {
                case 0 -> "import";
                case 1 -> "save";
                default -> "cells";
            };
            Map<String, Long> committed = switch (mode) {
                case "import" -> committedTraces;
                case "save" -> committedStudies;
                default -> committedCells;
            };
            Process p = new ProcessBuilder(java(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CrashWorker.class.getName(), db.toString(), mode, Integer.toString(round)).redirectErrorStream(false).start();
            BufferedReader out = p.inputReader();
            java.util.concurrent.atomic.AtomicReference<String> started = new java.util.concurrent.atomic.AtomicReference<>();
            int cellsBefore;
            synchronized (committedCells) {
                cellsBefore = committedCells.size();
            }
            String line = out.readLine();
            assertThat(line).as("worker started (round " + round + ")").isEqualTo("READY");
            long killAtMs = 50 + random.nextInt(switch (mode) {
                case "import" -> 3000;
                case "save" -> 400;
                default -> 4000;
            });
            long deadline = System.nanoTime() + killAtMs * 1_000_000L;
            Thread reader = new Thread(() -> {
                try {
                    String l;
                    while ((l = out.readLine()) != null) {
                        String[] parts = l.split(" ");
                        if (parts[0].equals("COMMITTED")) {
                            synchronized (committed) {
                                committed.put(parts[1], Long.parseLong(parts[2]));
                            }
                        } else if (parts[0].equals("STARTED")) {
                            started.set(l);
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the worker was killed
                }
            });
            reader.start();
            while (System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(5);
            }
            p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no rollback by the worker
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            if (mode.equals("cells") && started.get() != null) {
                // a killed long job resumes: the build reads every cell stored before, and searches only the rest (a
                // cell stored just before a kill but not yet reported counts too, hence at least)
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) stored").matcher(started.get());
                long storedAtStart = m.find() ? Long.parseLong(m.group(1)) : 0;
                assertThat(storedAtStart).as("cells the build reused in round " + round + ": " + started.get())
                        .isGreaterThanOrEqualTo(cellsBefore);
                resumedCells += storedAtStart;
            }

            if (!integrityOk(db)) {
                corrupt++;
                continue;
            }
            {
                Database database = Database.open(db);
                TraceStore store = new TraceStore(database);
                Map<String, TraceInfo> listed = new HashMap<>();
                for (TraceInfo t : store.listTraces()) {
                    listed.put(t.name(), t);
                    // listed means complete: every event it claims is stored
                    assertThat(storedEvents(db, t.id())).as("events of listed trace " + t.name()).isEqualTo(t.eventCount());
                }
                synchronized (committedTraces) {
                    for (Map.Entry<String, Long> e : committedTraces.entrySet()) {
                        assertThat(listed).as("trace committed before a kill").containsKey(e.getKey());
                        assertThat(listed.get(e.getKey()).eventCount()).isEqualTo(e.getValue());
                    }
                }
                StudyRepository studies = new StudyRepository(database, Clock.systemUTC());
                Map<String, Study> saved = new HashMap<>();
                studies.findAll().forEach(s -> saved.put(s.name(), s));
                synchronized (committedStudies) {
                    for (Map.Entry<String, Long> e : committedStudies.entrySet()) {
                        assertThat(saved).as("study committed before a kill").containsKey(e.getKey());
                        assertThat((long) saved.get(e.getKey()).payloadJson().length()).isEqualTo(e.getValue());
                    }
                }
                Map<String, Long> cells = new HashMap<>();
                new ThroughputCellRepository(database).list(null, 1_000_000).forEach(c ->
                        cells.put(c.key().fingerprint(), Double.doubleToLongBits(c.result().maxRatePerS())));
                synchronized (committedCells) {
                    for (Map.Entry<String, Long> e : committedCells.entrySet()) {
                        assertThat(cells).as("throughput cell stored before a kill").containsEntry(e.getKey(), e.getValue());
                    }
                }
            }
        }
        assertThat(corrupt).as("databases failing integrity_check after " + kills + " kills").isZero();
        System.out.printf("crash safety: %d kills, %d corrupt, %d traces, %d studies and %d throughput cells committed and "
                + "intact; killed builds resumed with %d stored cells in all%n", kills, corrupt, committedTraces.size(),
                committedStudies.size(), committedCells.size(), resumedCells);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean integrityOk(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            return rs.next() && "ok".equals(rs.getString(1));
        }
    }

    private static long storedEvents(Path db, long traceId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM trace_slice s JOIN trace_track t ON t.id = s.track_id WHERE t.trace_id = "
                     + traceId + ") + (SELECT COUNT(*) FROM trace_instant i JOIN trace_track t ON t.id = i.track_id WHERE t.trace_id = "
                     + traceId + ") + (SELECT COUNT(*) FROM trace_counter k JOIN trace_track t ON t.id = k.track_id WHERE t.trace_id = "
                     + traceId + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
