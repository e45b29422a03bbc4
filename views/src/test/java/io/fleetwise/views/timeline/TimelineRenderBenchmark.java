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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Frame cost while panning over a stored trace, off-screen (headless Monocle, software pipeline): each frame
 * pans by 2% of the view; when the cached window (3 view widths) no longer covers the view, a window query
 * runs as the view model would; then the renderer draws into a 1600x900 canvas on the FX thread.
 * "frame" = query (when needed) + draw calls; "raster" = a snapshot forcing software rasterisation.
 * Run (after TraceStoreBenchmark wrote the database):
 * java -cp ... io.fleetwise.views.timeline.TimelineRenderBenchmark /tmp/bench.db
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
        try (TraceReader reader = store.openReader(trace.id())) {
            TrackLayout layout = new TrackLayout(reader.tracks(), Set.of());
            List<Long> visible = new ArrayList<>();
            for (TrackLayout.Row r : layout.visibleTrackRows(0, HEIGHT)) {
                visible.add(r.track().id());
            }
            System.out.printf(Locale.ROOT, "trace %d: %,d events, %d tracks laid out, %d visible in %dx%d px%n",
                    trace.id(), trace.eventCount(), layout.rows().size(), visible.size(), WIDTH, HEIGHT);
            for (long divisor : new long[] {1, 20, 1_000, 100_000}) {
                run(reader, renderer, canvas, layout, visible, trace, trace.durationNs() / divisor, frames, divisor);
            }
        }
        Platform.exit();
    }

    private static void run(TraceReader reader, TimelineRenderer renderer, Canvas canvas, TrackLayout layout, List<Long> visible,
                            TraceInfo trace, long spanNs, int frames, long divisor) throws Exception {
        double[] frameMs = new double[frames];
        double[] rasterMs = new double[frames];
        int queries = 0;
        double queryMsTotal = 0;
        long drawCalls = 0;
        TimelineWindow window = null;
        long start = trace.startNs() + (trace.durationNs() - spanNs) / 3;
        for (int f = 0; f < frames; f++) {
            long from = Math.min(trace.endNs() - spanNs, start + (long) (f * 0.02 * spanNs));
            Viewport view = new Viewport(from, from + Math.max(spanNs, Viewport.MIN_SPAN_NS));
            double nsPerPixel = view.nsPerPixel(WIDTH);
            long t0 = System.nanoTime();
            if (window == null || !window.covers(view.startNs(), view.endNs(), nsPerPixel)) {
                long pad = view.spanNs();
                window = reader.window(visible, view.startNs() - pad, view.endNs() + pad, nsPerPixel);
                queries++;
                queryMsTotal += (System.nanoTime() - t0) / 1e6;
            }
            TimelineWindow w = window;
            onFx(() -> {
                long t = System.nanoTime();
                renderer.render(canvas.getGraphicsContext2D(), WIDTH, HEIGHT, 0, layout, w, view, Long.MIN_VALUE);
                return System.nanoTime() - t;
            });
            frameMs[f] = (System.nanoTime() - t0) / 1e6;
            drawCalls += renderer.lastDrawCalls();
            rasterMs[f] = onFx(() -> {
                long t = System.nanoTime();
                WritableImage img = canvas.snapshot(new SnapshotParameters(), null);
                img.getWidth();
                return (System.nanoTime() - t) / 1e6;
            });
        }
        Arrays.sort(frameMs);
        Arrays.sort(rasterMs);
        System.out.printf(Locale.ROOT,
                "| view = 1/%d of trace, panning 2%%/frame | frame p50 %.1f ms | frame p95 %.1f ms | %d queries, mean %.1f ms | %,d draw calls/frame | sw raster p50 %.1f ms |%n",
                divisor, frameMs[frames / 2], frameMs[(int) Math.ceil(frames * 0.95) - 1], queries, queries == 0 ? 0 : queryMsTotal / queries,
                drawCalls / frames, rasterMs[frames / 2]);
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
