package io.fleetwise.datastore.trace.interop;

import io.fleetwise.datastore.trace.SliceRow;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TraceWriter;
import io.fleetwise.datastore.trace.TrackInfo;
import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Store → Chrome JSON (plain and gzip) → store is exact for generated traces: every slice keeps its thread, start,
 * duration, name, category, args and depth, including slices that overlap their predecessor by 1 ns (kept and
 * counted as repaired on both imports), async lanes and zero-length slices.
 */
class ChromeRoundTripProperties {
    private static TraceStore store;
    private static Path dir;

    record Slice(int track, long startNs, long durNs, int name) {
    }

    static Gen<List<Slice>> traces() {
        Gen<Slice> plain = integers().between(0, 3).zip(longs().between(0, 5_000_000_000L), longs().between(0, 2_000_000),
                integers().between(0, 20), Slice::new);
        Gen<List<Slice>> overlapPair = integers().between(0, 2).zip(longs().between(0, 1_000_000_000L), longs().between(2, 1_000_000),
                // the second starts 1 ns before the first ends: microsecond rounding in a real profiler
                (t, s, d) -> List.of(new Slice(t, s, d, 1), new Slice(t, s + d - 1, d, 2)));
        return lists().of(plain).ofSizeBetween(0, 60).zip(lists().of(overlapPair).ofSizeBetween(0, 4), (a, b) -> {
            List<Slice> all = new ArrayList<>(a);
            b.forEach(all::addAll);
            return all;
        });
    }

    @Test
    void storeToChromeToStoreIsExact() {
        qt().withExamples(60).withFixedSeed(60_606L).forAll(traces(), booleans().all()).checkAssert((slices, gzip) -> {
            try {
                roundTrip(slices, gzip);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void roundTrip(List<Slice> slices, boolean gzip) throws Exception {
        long original;
        long crossings;
        try (TraceWriter w = store().beginTrace("gen", null, "generated", ProgressListener.NONE)) {
            long p = w.process("proc", 1);
            long[] tracks = {w.track(p, TrackKind.THREAD, "t0", 1), w.track(p, TrackKind.THREAD, "t1", 2),
                    w.track(p, TrackKind.THREAD, "t2", 3), w.track(p, TrackKind.ASYNC, "requests", 4)};
            for (Slice s : slices) {
                w.slice(tracks[s.track()], s.startNs(), s.durNs(), "n" + s.name(), s.name() % 3 == 0 ? null : "cat",
                        s.name() % 4 == 0 ? "{\"k\":" + s.name() + "}" : null);
            }
            original = w.commit().id();
            crossings = w.improperlyNestedSlices();
        }
        Path file = dir.resolve(gzip ? "rt.json.gz" : "rt.json");
        new ChromeTraceExporter(store).export(original, file, ProgressListener.NONE);
        ImportResult back = new ChromeTraceImporter(store).importFile(file, "back", null, ProgressListener.NONE);
        assertThat(rows(back.trace().id())).isEqualTo(rows(original));
        assertThat(back.report().repairedCount()).as(back.report().summary() + " / " + slices).isEqualTo(crossings);
        assertThat(back.report().skippedCount()).isZero();
    }

    private static List<String> rows(long traceId) {
        Map<Long, String> names = new HashMap<>();
        for (TrackInfo t : store.tracks(traceId)) {
            names.put(t.id(), t.name() + "/" + t.kind());
        }
        List<String> out = new ArrayList<>();
        store.forEachSlice(traceId, (SliceRow s) -> out.add(names.get(s.trackId()) + " " + s.startNs() + "+" + s.durNs() + " d"
                + s.depth() + " " + s.name() + " " + s.category() + " " + s.argsJson()));
        out.sort(String::compareTo);
        return out;
    }

    private static TraceStore store() throws Exception {
        if (store == null) {
            dir = Files.createTempDirectory("fleetwise-roundtrip");
            store = TraceStore.open(dir.resolve("rt.db"));
        }
        return store;
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
