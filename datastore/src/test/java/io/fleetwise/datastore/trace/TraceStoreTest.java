package io.fleetwise.datastore.trace;

import io.fleetwise.datastore.trace.model.TrackWindow;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TraceStoreTest {
    @TempDir
    Path dir;
    TraceStore store;

    @BeforeEach
    void open() {
        store = TraceStore.open(dir.resolve("traces.db"));
    }

    @Test
    void nestedSlicesGetDepthsAndTheTraceItsBounds() {
        TraceInfo info;
        try (TraceWriter w = store.beginTrace("t", null, "test", ProgressListener.NONE)) {
            long gpu = w.process("GPU 0", 1);
            long stream = w.track(gpu, TrackKind.THREAD, "stream 7", 7);
            w.slice(stream, 100, 1000, "step", "iter", "{\"batch\":4}");
            w.slice(stream, 200, 300, "gemm", "kernel", null);
            w.slice(stream, 250, 10, "inner", "kernel", null);
            w.slice(stream, 600, 100, "softmax", "kernel", null);
            info = w.commit();
        }
        assertThat(info.startNs()).isEqualTo(100);
        assertThat(info.endNs()).isEqualTo(1100);
        assertThat(info.eventCount()).isEqualTo(4);
        List<SliceRow> rows = new ArrayList<>();
        store.forEachSlice(info.id(), rows::add);
        assertThat(rows).extracting(SliceRow::name).containsExactly("step", "gemm", "inner", "softmax");
        assertThat(rows).extracting(SliceRow::depth).containsExactly(0, 1, 2, 1);
        assertThat(rows.get(0).argsJson()).isEqualTo("{\"batch\":4}");
        assertThat(store.tracks(info.id())).extracting(TrackInfo::maxDepth).containsExactly(0, 2);
    }

    @Test
    void slicesArrivingOutOfOrderAreReNested() {
        long traceId;
        try (TraceWriter w = store.beginTrace("t", 42L, "test", ProgressListener.NONE)) {
            long p = w.process("p", 1);
            long t = w.track(p, TrackKind.THREAD, "t", 1);
            w.slice(t, 600, 100, "late", null, null);
            w.slice(t, 250, 10, "inner", null, null);
            w.slice(t, 100, 1000, "outer", null, null);
            traceId = w.commit().id();
        }
        List<SliceRow> rows = new ArrayList<>();
        store.forEachSlice(traceId, rows::add);
        assertThat(rows).extracting(SliceRow::name).containsExactly("outer", "inner", "late");
        assertThat(rows).extracting(SliceRow::depth).containsExactly(0, 1, 1);
        assertThat(store.requireTrace(traceId).studyId()).isEqualTo(42L);
    }

    @Test
    void overlappingRequestsOnAnAsyncTrackGetSeparateLanes() {
        long traceId;
        try (TraceWriter w = store.beginTrace("t", null, "test", ProgressListener.NONE)) {
            long p = w.process("replica 0", 1);
            long req = w.track(p, TrackKind.ASYNC, "requests", 100);
            w.slice(req, 0, 100, "r1", null, null);
            w.slice(req, 50, 100, "r2", null, null);
            w.slice(req, 120, 10, "r3", null, null);
            traceId = w.commit().id();
        }
        List<SliceRow> rows = new ArrayList<>();
        store.forEachSlice(traceId, rows::add);
        assertThat(rows).extracting(SliceRow::depth).containsExactly(0, 1, 0);
    }

    @Test
    void cancellingAnInsertLeavesTheStoreUnchanged() {
        ProgressListener cancelAfterStart = new ProgressListener() {
            int calls;

            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return ++calls > 2;
            }
        };
        assertThatThrownBy(() -> {
            try (TraceWriter w = store.beginTrace("doomed", null, "test", cancelAfterStart)) {
                long p = w.process("p", 1);
                long t = w.track(p, TrackKind.THREAD, "t", 1);
                for (int i = 0; i < 100_000; i++) {
                    w.slice(t, i * 10L, 5, "s" + (i % 7), null, null);
                }
                w.commit();
            }
        }).isInstanceOf(CancellationException.class);
        assertThat(store.listTraces()).isEmpty();
        try (TraceWriter w = store.beginTrace("ok", null, "test", ProgressListener.NONE)) {
            long p = w.process("p", 1);
            w.slice(w.track(p, TrackKind.THREAD, "t", 1), 0, 5, "fresh", null, null);
            w.commit();
        }
        assertThat(store.listTraces()).extracting(TraceInfo::name).containsExactly("ok");
    }

    @Test
    void zoomedOutWindowReturnsRowsBoundedByPixelsAndKeepsTheBusyTime() {
        long traceId;
        long trackId;
        int n = 200_000;
        try (TraceWriter w = store.beginTrace("dense", null, "test", ProgressListener.NONE)) {
            long p = w.process("p", 1);
            trackId = w.track(p, TrackKind.THREAD, "t", 1);
            for (int i = 0; i < n; i++) {
                w.slice(trackId, i * 1000L, 400, i % 2 == 0 ? "a" : "b", null, null);
            }
            w.slice(trackId, 0, (long) n * 1000, "whole", null, null);
            traceId = w.commit().id();
        }
        try (TraceReader r = store.openReader(traceId)) {
            long span = (long) n * 1000;
            TrackWindow w = r.window(trackId, 0, span, span / 1000.0);
            assertThat(w.lodLevel()).isGreaterThanOrEqualTo(0);
            assertThat(w.rowCount()).as("buckets are 1..4 px wide").isLessThanOrEqualTo(1000 + 2);
            assertThat(w.slices().size()).isEqualTo(1);
            long busy = 0;
            long count = 0;
            for (int i = 0; i < w.density().size(); i++) {
                busy += w.density().busyNs(i);
                count += w.density().count(i);
            }
            assertThat(count).isEqualTo(n);
            assertThat(busy).isEqualTo(400L * n);

            TrackWindow zoomedIn = r.window(trackId, 10_000, 20_000, 10.0);
            assertThat(zoomedIn.lodLevel()).isEqualTo(-1);
            assertThat(zoomedIn.slices().size()).isEqualTo(11);
        }
    }

    @Test
    void statsGroupSlicesByNameInsideTheRange() {
        long traceId;
        try (TraceWriter w = store.beginTrace("t", null, "test", ProgressListener.NONE)) {
            long p = w.process("p", 1);
            long t = w.track(p, TrackKind.THREAD, "t", 1);
            w.slice(t, 0, 100, "prefill", null, null);
            w.slice(t, 200, 10, "decode", null, null);
            w.slice(t, 300, 30, "decode", null, null);
            w.slice(t, 5000, 30, "decode", null, null);
            traceId = w.commit().id();
        }
        List<NameStats> stats = store.stats(traceId, 50, 1000);
        assertThat(stats).extracting(NameStats::name).containsExactly("prefill", "decode");
        assertThat(stats.get(1).count()).isEqualTo(2);
        assertThat(stats.get(1).totalDurNs()).isEqualTo(40);
        assertThat(stats.get(1).meanDurNs()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void searchByNameWalksOnlyThisTracesMatchesAndForgetsADeletedTrace() {
        long[] ids = new long[2];
        for (int t = 0; t < 2; t++) {
            try (TraceWriter w = store.beginTrace("t" + t, null, "test", ProgressListener.NONE)) {
                long track = w.track(w.process("p", 1), TrackKind.THREAD, "s", 1);
                for (int i = 0; i < 50; i++) {
                    w.slice(track, i * 100L, 10, i % 10 == 3 ? "gemm_fp16" : "other", null, null);
                }
                ids[t] = w.commit().id();
            }
        }
        SliceDetails first = store.findSlice(ids[1], "GEMM", Long.MIN_VALUE, 0, true).orElseThrow();
        assertThat(first.startNs()).isEqualTo(300);
        SliceDetails second = store.findSlice(ids[1], "gemm", first.startNs(), first.id(), true).orElseThrow();
        assertThat(second.startNs()).isEqualTo(1300);
        assertThat(store.findSlice(ids[1], "gemm", second.startNs(), second.id(), false).orElseThrow().id()).isEqualTo(first.id());
        assertThat(store.findSlice(ids[1], "gemm", 4300, Long.MAX_VALUE, true)).isEmpty();
        store.deleteTrace(ids[1]);
        assertThat(store.findSlice(ids[1], "gemm", Long.MIN_VALUE, 0, true)).isEmpty();
        assertThat(store.findSlice(ids[0], "gemm", Long.MIN_VALUE, 0, true)).isPresent();
    }

    @Test
    void aFlowEndOnTheBoundaryOfAdjacentSlicesBindsToTheSliceThatStartsThereOrToTheNextSlice() {
        long traceId;
        long b;
        long c;
        try (TraceWriter w = store.beginTrace("t", null, "test", ProgressListener.NONE)) {
            long p = w.process("p", 1);
            long src = w.track(p, TrackKind.THREAD, "src", 1);
            long dst = w.track(p, TrackKind.THREAD, "dst", 2);
            w.slice(src, 0, 1000, "launch", null, null);
            w.slice(dst, 0, 10, "a", null, null);
            w.slice(dst, 5, 5, "a.child", null, null);
            b = w.slice(dst, 10, 10, "b", null, null);
            c = w.slice(dst, 30, 10, "c", null, null);
            // enclosing ('bp':'e'): ts 10 is the end of a and a.child but the start of b -> b
            w.flowByTime(src, 1, dst, 10, false, "enclosing", null);
            // Chrome's default for 'f' (next slice): ts 22 lies between b and c -> c
            w.flowByTime(src, 2, dst, 22, true, "next", null);
            traceId = w.commit().id();
        }
        List<FlowRow> flows = new ArrayList<>();
        store.forEachFlow(traceId, flows::add);
        assertThat(flows).extracting(FlowRow::name, FlowRow::toSliceId)
                .containsExactlyInAnyOrder(tuple("enclosing", b), tuple("next", c));
    }

    @Test
    void flowsByTimeBindToTheDeepestEnclosingSlice() {
        long traceId;
        try (TraceWriter w = store.beginTrace("t", null, "test", ProgressListener.NONE)) {
            long cpu = w.process("cpu", 1);
            long thread = w.track(cpu, TrackKind.THREAD, "main", 1);
            long gpu = w.process("gpu", 2);
            long stream = w.track(gpu, TrackKind.THREAD, "stream", 7);
            w.slice(thread, 0, 100, "step", null, null);
            w.slice(thread, 10, 5, "cudaLaunchKernel", null, null);
            w.slice(stream, 50, 30, "gemm", null, null);
            w.flowByTime(thread, 12, stream, 50, "launch", "ac2g");
            w.flowByTime(thread, 500, stream, 50, "nowhere", "ac2g");
            traceId = w.commit().id();
            assertThat(w.unresolvedFlows()).isEqualTo(1);
        }
        List<FlowRow> flows = new ArrayList<>();
        store.forEachFlow(traceId, flows::add);
        assertThat(flows).hasSize(1);
        SliceDetails launch = store.slice(flows.get(0).fromSliceId()).orElseThrow();
        assertThat(launch.name()).isEqualTo("cudaLaunchKernel");
        assertThat(launch.flowsOut()).extracting(FlowLink::otherSliceName).containsExactly("gemm");
        SliceDetails kernel = store.findSlice(traceId, "GEMM", Long.MIN_VALUE, 0, true).orElseThrow();
        assertThat(kernel.flowsIn()).extracting(FlowLink::otherSliceName).containsExactly("cudaLaunchKernel");
        assertThat(kernel.trackName()).isEqualTo("stream");
    }

    @Test
    void countersAreReducedPerPixelWithMinAndMax() {
        long traceId;
        long counter;
        try (TraceWriter w = store.beginTrace("t", null, "test", ProgressListener.NONE)) {
            long p = w.process("replica", 1);
            counter = w.track(p, TrackKind.COUNTER, "batch size", 0);
            for (int i = 0; i < 1000; i++) {
                w.counter(counter, i * 10L, i % 10);
            }
            traceId = w.commit().id();
        }
        try (TraceReader r = store.openReader(traceId)) {
            TrackWindow w = r.window(counter, 0, 10_000, 100.0);
            assertThat(w.counters().size()).isEqualTo(100);
            assertThat(w.counters().min(3)).isEqualTo(0.0);
            assertThat(w.counters().max(3)).isEqualTo(9.0);
            assertThat(w.counters().last(3)).isEqualTo(9.0);
        }
    }

    @Test
    void manyFlowsBetweenJustWrittenSlicesSurviveBatchFlushes() {
        long traceId;
        try (TraceWriter w = store.beginTrace("flows", null, "test", ProgressListener.NONE)) {
            long p = w.process("p", 1);
            long a = w.track(p, TrackKind.THREAD, "a", 1);
            long b = w.track(p, TrackKind.THREAD, "b", 2);
            for (int i = 0; i < 20_000; i++) {
                long from = w.slice(a, i * 10L, 5, "launch", null, null);
                long to = w.slice(b, i * 10L + 5, 5, "kernel", null, null);
                w.flow(from, to, "f", null);
            }
            traceId = w.commit().id();
        }
        long[] flows = {0};
        store.forEachFlow(traceId, f -> flows[0]++);
        assertThat(flows[0]).isEqualTo(20_000);
    }

    @Test
    void zoomedOutCounterReadsSummariesWithTheSameExtremes() {
        long traceId;
        long counter;
        try (TraceWriter w = store.beginTrace("t", null, "test", ProgressListener.NONE)) {
            long p = w.process("replica", 1);
            counter = w.track(p, TrackKind.COUNTER, "kv cache", 0);
            for (int i = 0; i < 100_000; i++) {
                w.counter(counter, i * 1000L, i == 77_777 ? 500 : i % 100);
            }
            traceId = w.commit().id();
        }
        try (TraceReader r = store.openReader(traceId)) {
            TrackWindow w = r.window(counter, 0, 100_000_000L, 100_000_000 / 500.0);
            assertThat(w.counters().size()).isBetween(250, 1001);
            double max = 0;
            double min = Double.MAX_VALUE;
            for (int i = 0; i < w.counters().size(); i++) {
                max = Math.max(max, w.counters().max(i));
                min = Math.min(min, w.counters().min(i));
            }
            assertThat(max).isEqualTo(500.0);
            assertThat(min).isEqualTo(0.0);
        }
    }
}
