package io.fleetwise.datastore.trace;

import io.fleetwise.datastore.trace.model.TrackWindow;
import io.fleetwise.planner.progress.ProgressListener;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class LodTilesMigrationTest {
    @TempDir
    Path dir;

    /** A trace stored by a build before V102 has only per-bucket summary rows; the migration packs them. */
    @Test
    void traceStoredBeforeTilesOpensWithTheSameSummaries() throws SQLException {
        DataSource ds = TraceStore.sqliteDataSource(dir.resolve("old.db"));
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("101").load().migrate();
        int buckets = 600;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO trace_string(id, value) VALUES (1, 'gemm'), (2, 'batch')");
            s.execute("INSERT INTO trace(id, name, source, created_at, start_ns, end_ns, event_count) "
                    + "VALUES (1, 'old', 'test', '2026-11-01T00:00:00Z', 0, " + buckets * 4096L + ", 10)");
            s.execute("INSERT INTO trace_track(id, trace_id, parent_id, kind, name, sort_index, pid, tid, max_dur_ns, lod_min_level) "
                    + "VALUES (1, 1, NULL, 'PROCESS', 'gpu', 0, 1, 0, 0, 99), (2, 1, 1, 'THREAD', 'stream', 1, 1, 7, 100, 0), "
                    + "(3, 1, 1, 'COUNTER', 'batch', 2, 1, 0, 0, 0)");
            for (int b = 0; b < buckets; b++) {
                if (b % 7 == 3) {
                    continue;
                }
                s.execute("INSERT INTO trace_slice_lod VALUES (2, 2, " + b + ", " + (b + 1) + ", " + (b * 3L) + ", 1)");
                s.execute("INSERT INTO trace_counter_lod VALUES (3, 2, " + b + ", " + (b * 4096L + 5) + ", " + (-b) + ", " + b * 2 + ", 0.5)");
            }
        }
        TraceStore store = TraceStore.open(dir.resolve("old.db"));
        try (TraceReader r = store.openReader(1)) {
            TrackWindow slices = r.window(2, 0, buckets * 4096L, 4096.0);
            assertThat(slices.lodLevel()).isEqualTo(2);
            int expected = buckets - (buckets + 3) / 7;
            assertThat(slices.density().size()).isEqualTo(expected);
            for (int i = 0; i < slices.density().size(); i++) {
                long b = slices.density().bucketStartNs(i) / 4096;
                assertThat(b % 7).isNotEqualTo(3);
                assertThat(slices.density().count(i)).isEqualTo(b + 1);
                assertThat(slices.density().busyNs(i)).isEqualTo(b * 3);
                assertThat(r.name(slices.density().longestNameId(i))).isEqualTo("gemm");
            }
            TrackWindow counters = r.window(3, 0, buckets * 4096L, 4096.0);
            assertThat(counters.counters().size()).isEqualTo(expected);
            assertThat(counters.counters().min(10)).as("bucket 12, the 11th stored").isEqualTo(-12.0);
            assertThat(counters.counters().max(10)).isEqualTo(24.0);
            assertThat(counters.counters().last(10)).isEqualTo(0.5);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM trace_slice_lod_tile WHERE track_id = 2")) {
            rs.next();
            assertThat(rs.getInt(1)).as("600 buckets in tiles of 256").isEqualTo(3);
        }
    }

    /** The tile cache must give a warm reader, after any pan, exactly what a cold reader reads. */
    @Test
    void pannedWindowsFromTheTileCacheMatchAColdReader() {
        TraceStore store = TraceStore.open(dir.resolve("pan.db"));
        long traceId;
        long track;
        try (TraceWriter w = store.beginTrace("dense", null, "test", ProgressListener.NONE)) {
            track = w.track(w.process("p", 1), TrackKind.THREAD, "t", 1);
            java.util.Random rnd = new java.util.Random(3);
            long t = 0;
            for (int i = 0; i < 60_000; i++) {
                t += 200 + rnd.nextInt(2_000);
                w.slice(track, t, 50 + rnd.nextInt(400), i % 3 == 0 ? "a" : "b", null, null);
            }
            traceId = w.commit().id();
        }
        long span = 12_000_000L;
        double nsPerPixel = span / 800.0;
        try (TraceReader warm = store.openReader(traceId)) {
            for (long from : new long[] {30_000_000L, 27_000_000L, 39_000_000L, 28_500_000L, 0L, 54_000_000L}) {
                TrackWindow cached = warm.window(track, from, from + span, nsPerPixel);
                TrackWindow cold;
                try (TraceReader fresh = store.openReader(traceId)) {
                    cold = fresh.window(track, from, from + span, nsPerPixel);
                }
                assertThat(cached.density().size()).as("buckets from %d", from).isEqualTo(cold.density().size()).isPositive();
                for (int i = 0; i < cold.density().size(); i++) {
                    assertThat(cached.density().bucketStartNs(i)).isEqualTo(cold.density().bucketStartNs(i));
                    assertThat(cached.density().busyNs(i)).isEqualTo(cold.density().busyNs(i));
                    assertThat(cached.density().count(i)).isEqualTo(cold.density().count(i));
                }
            }
        }
    }

    /** Slices in start order are summarised from memory, others read back from SQLite: same tiles. */
    @Test
    void summariesFromMemoryMatchSummariesReadBackFromTheStore() {
        TraceStore store = TraceStore.open(dir.resolve("both.db"));
        long[] starts = new long[40_000];
        long[] durs = new long[starts.length];
        java.util.Random rnd = new java.util.Random(5);
        long t = 1_000;
        for (int i = 0; i < starts.length; i++) {
            t += 100 + rnd.nextInt(3_000);
            starts[i] = t;
            durs[i] = 20 + rnd.nextInt(2_500);
        }
        long[] traces = new long[2];
        long[] tracks = new long[2];
        for (int k = 0; k < 2; k++) {
            try (TraceWriter w = store.beginTrace("t" + k, null, "test", ProgressListener.NONE)) {
                tracks[k] = w.track(w.process("p", 1), TrackKind.ASYNC, "lanes", 1);
                // trace 1 writes its first slice last, so its track is out of order and read back at commit
                for (int j = 0; j < starts.length; j++) {
                    int i = k == 0 ? j : (j + 1) % starts.length;
                    w.slice(tracks[k], starts[i], durs[i], i % 5 == 0 ? "x" : "y", null, null);
                }
                traces[k] = w.commit().id();
            }
        }
        long span = t + 5_000;
        for (double nsPerPixel : new double[] {span / 1000.0, span / 200_000.0, span / 20.0 / 1600}) {
            TrackWindow a;
            TrackWindow b;
            try (TraceReader r = store.openReader(traces[0])) {
                a = r.window(tracks[0], 0, span / 20, nsPerPixel);
            }
            try (TraceReader r = store.openReader(traces[1])) {
                b = r.window(tracks[1], 0, span / 20, nsPerPixel);
            }
            assertThat(a.lodLevel()).isEqualTo(b.lodLevel());
            assertThat(a.slices().size()).isEqualTo(b.slices().size());
            if (a.density() == null) {
                assertThat(b.density()).isNull();
                continue;
            }
            assertThat(a.density().size()).as("buckets at %s ns/px", nsPerPixel).isEqualTo(b.density().size()).isPositive();
            for (int i = 0; i < a.density().size(); i++) {
                assertThat(a.density().bucketStartNs(i)).isEqualTo(b.density().bucketStartNs(i));
                assertThat(a.density().busyNs(i)).isEqualTo(b.density().busyNs(i));
                assertThat(a.density().count(i)).isEqualTo(b.density().count(i));
            }
        }
    }

    @Test
    void deletingATraceRemovesItsTiles() throws SQLException {
        TraceStore store = TraceStore.open(dir.resolve("t.db"));
        long traceId;
        try (TraceWriter w = store.beginTrace("dense", null, "test", ProgressListener.NONE)) {
            long t = w.track(w.process("p", 1), TrackKind.THREAD, "t", 1);
            for (int i = 0; i < 5_000; i++) {
                w.slice(t, i * 1000L, 400, "k", null, null);
            }
            traceId = w.commit().id();
        }
        DataSource ds = TraceStore.sqliteDataSource(dir.resolve("t.db"));
        assertThat(tileRows(ds)).isPositive();
        store.deleteTrace(traceId);
        assertThat(tileRows(ds)).isZero();
    }

    private static int tileRows(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM trace_slice_lod_tile")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
