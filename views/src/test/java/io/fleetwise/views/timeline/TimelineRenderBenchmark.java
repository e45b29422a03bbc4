package io.fleetwise.views.timeline;

import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceReader;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.model.TimelineWindow;
import io.fleetwise.datastore.trace.model.TrackLayout;
import io.fleetwise.datastore.trace.model.Viewport;
import javafx.application.Platform;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Frame cost while panning and zooming over a stored trace, off-screen (headless Monocle, software pipeline).
 * It does what {@link TimelineViewModel} does: when the cached window no longer covers the view (range, or
 * resolution off by more than 1.5x), it queries the visible width, draws, and then fetches the padded window
 * (3 view widths) that later frames draw from. In the app that prefetch runs on the query thread; here it
 * runs between frames and is reported apart. Every scenario starts with a fresh reader (cold tile cache).
 * "frame" = visible-width query (when needed) + the renderer's draw calls on the FX thread;
 * "raster" = a snapshot forcing software rasterisation (the GPU does it on a hardware pipeline).
 * Run (after TraceStoreBenchmark wrote the database):
 * java -cp ... io.fleetwise.views.timeline.TimelineRenderBenchmark /tmp/bench.db [frames]
 */
public final class TimelineRenderBenchmark {
    private static final int WIDTH = 1600;
    private static final int HEIGHT = 900;

    private TimelineRenderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        Path db = Path.of(args[0]);
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        TraceStore store = TraceStore.open(db);
        List<TraceInfo> traces = store.listTraces();
        TraceInfo trace = traces.get(traces.size() - 1);
        Canvas canvas = onFx(() -> new Canvas(WIDTH, HEIGHT));
        TimelineRenderer renderer = new TimelineRenderer();
        TrackLayout layout;
        List<Long> visible = new ArrayList<>();
        try (TraceReader reader = store.openReader(trace.id())) {
            layout = new TrackLayout(reader.tracks(), Set.of());
        }
        for (TrackLayout.Row r : layout.visibleTrackRows(0, HEIGHT)) {
            visible.add(r.track().id());
        }
        System.out.printf(Locale.ROOT, "trace %d: %,d events, %d tracks laid out, %d visible in %dx%d px; load %s%n",
                trace.id(), trace.eventCount(), layout.rows().size(), visible.size(), WIDTH, HEIGHT, loadAverage());
        Scenario scenario = new Scenario(store, renderer, canvas, layout, visible, trace);
        // JIT warm-up on other positions, untimed; each timed scenario still opens a fresh reader (cold tile cache).
        List<Viewport> warmUp = new ArrayList<>();
        Viewport wv = new Viewport(trace.startNs(), trace.endNs());
        while (wv.spanNs() > trace.durationNs() / 100_000) {
            warmUp.add(wv);
            wv = wv.zoom(trace.startNs() + trace.durationNs() * 4 / 5, 0.7, trace.startNs(), trace.endNs());
        }
        scenario.run(null, warmUp);
        System.out.println("| scenario | frames | frame wall p50 / p95 ms | frame CPU p50 / p95 ms | frame wall max ms | frames with a query"
                + " | those: wall p50 / p95 ms | those: CPU p50 / p95 ms | prefetch (3 widths) mean ms | draw calls/frame | sw raster p50 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (long divisor : new long[] {1, 20, 1_000, 100_000}) {
            long spanNs = trace.durationNs() / divisor;
            long start = trace.startNs() + (trace.durationNs() - spanNs) / 3;
            List<Viewport> views = new ArrayList<>();
            for (int f = 0; f < frames; f++) {
                long from = Math.min(trace.endNs() - spanNs, start + (long) (f * 0.02 * spanNs));
                views.add(new Viewport(from, from + Math.max(spanNs, Viewport.MIN_SPAN_NS)));
            }
            scenario.run("view = 1/" + divisor + " of trace, panning 2%/frame", views);
        }
        // Zoom in by 1.25x per frame around the first third of the trace down to 1/100000, then back out:
        // every frame or two needs a new resolution, so this is the worst case for the query path.
        List<Viewport> zoom = new ArrayList<>();
        Viewport v = new Viewport(trace.startNs(), trace.endNs());
        long anchor = trace.startNs() + trace.durationNs() / 3;
        while (v.spanNs() > trace.durationNs() / 100_000) {
            zoom.add(v);
            v = v.zoom(anchor, 0.8, trace.startNs(), trace.endNs());
        }
        List<Viewport> out = new ArrayList<>(zoom);
        java.util.Collections.reverse(out);
        zoom.addAll(out);
        scenario.run("zoom 1/1 -> 1/100000 -> 1/1, 1.25x per frame", zoom);
        System.out.println("load at the end: " + loadAverage());
        Platform.exit();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private record Scenario(TraceStore store, TimelineRenderer renderer, Canvas canvas, TrackLayout layout, List<Long> visible,
                            TraceInfo trace) {
        void run(String label, List<Viewport> views) throws Exception {
            int frames = views.size();
            double[] frameMs = new double[frames];
            double[] rasterMs = new double[frames];
            double[] cpuMs = new double[frames];
            List<Double> queryFrameMs = new ArrayList<>();
            List<Double> queryFrameCpuMs = new ArrayList<>();
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            double prefetchMsTotal = 0;
            long drawCalls = 0;
            TimelineWindow window = null;
            try (TraceReader reader = store.openReader(trace.id())) {
                for (int f = 0; f < frames; f++) {
                    Viewport view = views.get(f);
                    double nsPerPixel = view.nsPerPixel(WIDTH);
                    long t0 = System.nanoTime();
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    boolean queried = window == null || !window.covers(view.startNs(), view.endNs(), nsPerPixel);
                    if (queried) {
                        window = reader.window(visible, view.startNs(), view.endNs(), nsPerPixel);
                    }
                    long queryCpuNs = mx.getCurrentThreadCpuTime() - cpu0;
                    TimelineWindow w = window;
                    long drawCpuNs = onFx(() -> {
                        long c = mx.getCurrentThreadCpuTime();
                        renderer.render(canvas.getGraphicsContext2D(), WIDTH, HEIGHT, 0, layout, w, view, Long.MIN_VALUE);
                        return mx.getCurrentThreadCpuTime() - c;
                    });
                    frameMs[f] = (System.nanoTime() - t0) / 1e6;
                    cpuMs[f] = (queryCpuNs + drawCpuNs) / 1e6;
                    drawCalls += renderer.lastDrawCalls();
                    if (queried) {
                        queryFrameMs.add(frameMs[f]);
                        queryFrameCpuMs.add(cpuMs[f]);
                        long t1 = System.nanoTime();
                        long pad = view.spanNs() * (TimelineViewModel.PREFETCH_WIDTHS - 1) / 2;
                        window = reader.window(visible, view.startNs() - pad, view.endNs() + pad, nsPerPixel);
                        prefetchMsTotal += (System.nanoTime() - t1) / 1e6;
                    }
                    rasterMs[f] = onFx(() -> {
                        long t = System.nanoTime();
                        WritableImage img = canvas.snapshot(new SnapshotParameters(), null);
                        img.getWidth();
                        return (System.nanoTime() - t) / 1e6;
                    });
                }
            }
            if (label == null) {
                return;
            }
            Arrays.sort(frameMs);
            Arrays.sort(rasterMs);
            Arrays.sort(cpuMs);
            double[] q = queryFrameMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] qc = queryFrameCpuMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT,
                    "| %s | %d | %.1f / %.1f | %.1f / %.1f | %.1f | %d | %.1f / %.1f | %.1f / %.1f | %.1f | %,d | %.1f |%n",
                    label, frames, pct(frameMs, 0.5), pct(frameMs, 0.95), pct(cpuMs, 0.5), pct(cpuMs, 0.95), frameMs[frames - 1],
                    q.length, pct(q, 0.5), pct(q, 0.95), pct(qc, 0.5), pct(qc, 0.95),
                    q.length == 0 ? 0 : prefetchMsTotal / q.length, drawCalls / frames, pct(rasterMs, 0.5));
        }
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
    }

    private interface FxCall<T> {
        T call() throws Exception;
    }

    private static <T> T onFx(FxCall<T> call) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(call.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get();
    }
}
