package io.fleetwise.views.timeline;

import io.fleetwise.datastore.trace.FlowLink;
import io.fleetwise.datastore.trace.NameStats;
import io.fleetwise.datastore.trace.SliceDetails;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceReader;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TrackInfo;
import io.fleetwise.datastore.trace.model.TimeAxis;
import io.fleetwise.datastore.trace.model.TimelineWindow;
import io.fleetwise.datastore.trace.model.TrackLayout;
import io.fleetwise.datastore.trace.model.Viewport;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * State of the Timeline area: the trace, track layout, the visible time range, the latest window snapshot,
 * the selected slice and its details, search and range statistics. All store work runs on one background
 * thread that owns the {@link TraceReader}; results come back through the FX executor. Window requests are
 * coalesced: while one query runs only the newest request waits, so the view never queues stale work.
 */
public final class TimelineViewModel implements AutoCloseable {
    /** How many viewport widths each window query covers, so panning redraws from the cache. */
    static final int PREFETCH_WIDTHS = 3;

    private final TraceStore store;
    private final long traceId;
    private final ExecutorService background;
    private final Consumer<Runnable> fx;
    private TraceReader reader;

    private final ReadOnlyObjectWrapper<TraceInfo> trace = new ReadOnlyObjectWrapper<>();
    private final ObservableList<TrackInfo> tracks = FXCollections.observableArrayList();
    private final Set<Long> collapsed = new HashSet<>();
    private final ReadOnlyObjectWrapper<TrackLayout> layout = new ReadOnlyObjectWrapper<>(new TrackLayout(List.of(), Set.of()));
    private final ObjectProperty<Viewport> viewport = new SimpleObjectProperty<>(new Viewport(0, 1));
    private final ReadOnlyObjectWrapper<TimelineWindow> window = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<TimelineWindow> overview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SliceDetails> selectedSlice = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("Click a slice to see its details.");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    /** What the trace's import repaired and skipped, with reasons and places (the status line's tooltip); "" if nothing. */
    private final ReadOnlyStringWrapper statusDetail = new ReadOnlyStringWrapper("");
    private final StringProperty searchText = new SimpleStringProperty("");
    private final ObservableList<NameStats> rangeStats = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<long[]> selectedRange = new ReadOnlyObjectWrapper<>();

    private final AtomicReference<WindowRequest> pendingWindow = new AtomicReference<>();
    private WindowRequest lastRequested;

    public TimelineViewModel(TraceStore store, long traceId, Consumer<Runnable> fxExecutor) {
        this.store = store;
        this.traceId = traceId;
        this.fx = fxExecutor;
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "timeline-query-" + traceId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the trace and its tracks off the FX thread, then shows the whole trace. */
    public void open() {
        submit(() -> {
            reader = store.openReader(traceId);
            return reader;
        }, r -> {
            trace.set(r.trace());
            tracks.setAll(r.tracks());
            relayout();
            long end = Math.max(r.trace().endNs(), r.trace().startNs() + Viewport.MIN_SPAN_NS);
            viewport.set(new Viewport(r.trace().startNs(), end));
            String notes = r.trace().importNotes();
            status.set(r.trace().name() + ": " + r.trace().eventCount() + " events, " + TimeAxis.formatDuration(r.trace().durationNs())
                    + (notes.isEmpty() ? "" : "; " + notes));
            statusDetail.set(r.trace().importDetails());
        });
    }

    public ReadOnlyObjectProperty<TraceInfo> traceProperty() { return trace.getReadOnlyProperty(); }
    public ObservableList<TrackInfo> tracks() { return tracks; }
    public ReadOnlyObjectProperty<TrackLayout> layoutProperty() { return layout.getReadOnlyProperty(); }
    public ObjectProperty<Viewport> viewportProperty() { return viewport; }
    public ReadOnlyObjectProperty<TimelineWindow> windowProperty() { return window.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<TimelineWindow> overviewProperty() { return overview.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<SliceDetails> selectedSliceProperty() { return selectedSlice.getReadOnlyProperty(); }
    public ReadOnlyStringProperty detailsProperty() { return details.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusDetailProperty() { return statusDetail.getReadOnlyProperty(); }
    public StringProperty searchTextProperty() { return searchText; }
    public ObservableList<NameStats> rangeStats() { return rangeStats; }
    public ReadOnlyObjectProperty<long[]> selectedRangeProperty() { return selectedRange.getReadOnlyProperty(); }

    public boolean isLoaded() {
        return trace.get() != null;
    }

    public void toggleCollapsed(long processTrackId) {
        if (!collapsed.remove(processTrackId)) {
            collapsed.add(processTrackId);
        }
        relayout();
    }

    private void relayout() {
        layout.set(new TrackLayout(tracks, collapsed));
    }

    /** Zooms by factor (&lt;1 in, &gt;1 out) keeping anchorNs where it is on screen. */
    public void zoom(long anchorNs, double factor) {
        TraceInfo t = trace.get();
        if (t != null) {
            viewport.set(viewport.get().zoom(anchorNs, factor, t.startNs(), Math.max(t.endNs(), t.startNs() + Viewport.MIN_SPAN_NS)));
        }
    }

    public void pan(long deltaNs) {
        TraceInfo t = trace.get();
        if (t != null) {
            viewport.set(viewport.get().pan(deltaNs, t.startNs(), Math.max(t.endNs(), t.startNs() + Viewport.MIN_SPAN_NS)));
        }
    }

    /**
     * Asks for the data of the visible tracks if the current snapshot cannot draw the viewport; called by the
     * view when it redraws. Returns immediately.
     */
    public void ensureWindow(List<Long> visibleTrackIds, double widthPx) {
        if (reader == null || visibleTrackIds.isEmpty()) {
            return;
        }
        Viewport v = viewport.get();
        double nsPerPixel = v.nsPerPixel(widthPx);
        TimelineWindow current = window.get();
        if (current != null && current.covers(v.startNs(), v.endNs(), nsPerPixel)
                && current.tracks().keySet().containsAll(visibleTrackIds)) {
            return;
        }
        long pad = v.spanNs() * (PREFETCH_WIDTHS - 1) / 2;
        WindowRequest request = new WindowRequest(List.copyOf(visibleTrackIds), v.startNs(), v.endNs(), v.startNs() - pad, v.endNs() + pad,
                nsPerPixel);
        if (request.equals(lastRequested)) {
            return;
        }
        lastRequested = request;
        if (pendingWindow.getAndSet(request) == null) {
            background.execute(this::runPendingWindow);
        }
    }

    private void runPendingWindow() {
        WindowRequest r = pendingWindow.getAndSet(null);
        if (r == null) {
            return;
        }
        try {
            // The visible width first, so the screen fills quickly; then the neighbours, unless the view moved on.
            TimelineWindow visible = reader.window(r.trackIds(), r.viewFromNs(), r.viewToNs(), r.nsPerPixel());
            fx.accept(() -> window.set(visible));
            if (pendingWindow.get() == null) {
                TimelineWindow padded = reader.window(r.trackIds(), r.fromNs(), r.toNs(), r.nsPerPixel());
                if (pendingWindow.get() == null) {
                    fx.accept(() -> window.set(padded));
                }
            }
        } catch (RuntimeException e) {
            fx.accept(() -> status.set("Window query failed: " + e.getMessage()));
        }
    }

    /** Selects the slice under a click, or clears the selection when there is none. */
    public void selectAt(long trackId, int depth, long tsNs, long toleranceNs) {
        submit(() -> reader.sliceAt(trackId, depth, tsNs, toleranceNs).flatMap(reader::slice).orElse(null), this::showSlice);
    }

    public void selectSlice(long sliceId) {
        submit(() -> reader.slice(sliceId).orElse(null), this::showSlice);
    }

    public void searchNext() {
        search(true);
    }

    public void searchPrevious() {
        search(false);
    }

    private void search(boolean forward) {
        String text = searchText.get() == null ? "" : searchText.get().trim();
        if (text.isEmpty()) {
            status.set("Type part of a slice name to search.");
            return;
        }
        SliceDetails from = selectedSlice.get();
        long afterStart = from != null ? from.startNs() : (forward ? Long.MIN_VALUE : Long.MAX_VALUE);
        long afterId = from != null ? from.id() : (forward ? Long.MIN_VALUE : Long.MAX_VALUE);
        // A trace's first search also builds its name lookup (about a second per million slices).
        status.set("Searching for '" + text + "'…");
        submit(() -> store.findSlice(traceId, text, afterStart, afterId, forward).orElse(null), found -> {
            if (found == null) {
                status.set("No " + (forward ? "later" : "earlier") + " slice matches '" + text + "'.");
                return;
            }
            status.set("Found '" + found.name() + "' at " + TimeAxis.formatDuration(found.startNs()) + ".");
            showSlice(found);
            centerOn(found);
        });
    }

    private void centerOn(SliceDetails s) {
        Viewport v = viewport.get();
        long mid = s.startNs() + s.durNs() / 2;
        if (s.durNs() > v.spanNs() / 2) {
            zoom(mid, Math.max(0.01, s.durNs() * 2.0 / v.spanNs()));
        }
        Viewport now = viewport.get();
        pan(mid - (now.startNs() + now.spanNs() / 2));
    }

    /** Shows count, total and mean duration by name for slices overlapping [fromNs, toNs]. */
    public void selectRange(long fromNs, long toNs) {
        long a = Math.min(fromNs, toNs);
        long b = Math.max(fromNs, toNs);
        selectedRange.set(new long[] {a, b});
        submit(() -> store.stats(traceId, a, b), stats -> {
            rangeStats.setAll(stats);
            status.set("Range " + TimeAxis.formatDuration(b - a) + ": " + stats.stream().mapToLong(NameStats::count).sum() + " slices");
        });
    }

    public void clearRange() {
        selectedRange.set(null);
        rangeStats.clear();
    }

    /** Requests a whole-trace snapshot at the overview strip's width, for its density band. */
    public void loadOverview(double widthPx) {
        TraceInfo t = trace.get();
        if (t == null || widthPx < 1) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        for (TrackInfo track : tracks) {
            if (track.parentId() != null) {
                ids.add(track.id());
            }
        }
        long end = Math.max(t.endNs(), t.startNs() + Viewport.MIN_SPAN_NS);
        submit(() -> reader.window(ids, t.startNs(), end, (end - t.startNs()) / widthPx), overview::set);
    }

    private void showSlice(SliceDetails s) {
        // details first: whoever reacts to the new selection reads matching details
        details.set(s == null ? "No slice there." : describe(s));
        selectedSlice.set(s);
    }

    static String describe(SliceDetails s) {
        StringBuilder b = new StringBuilder();
        b.append(s.name()).append('\n');
        b.append("Track: ").append(s.trackName()).append('\n');
        if (s.category() != null) {
            b.append("Category: ").append(s.category()).append('\n');
        }
        b.append("Start: ").append(TimeAxis.formatDuration(s.startNs())).append(" (").append(s.startNs()).append(" ns)\n");
        b.append("Duration: ").append(TimeAxis.formatDuration(s.durNs())).append(" (").append(s.durNs()).append(" ns)\n");
        b.append("Depth: ").append(s.depth()).append('\n');
        if (s.argsJson() != null) {
            b.append("Args: ").append(s.argsJson()).append('\n');
        }
        for (FlowLink f : s.flowsOut()) {
            b.append("Flow out (").append(f.name()).append(") -> ").append(f.otherSliceName()).append(" on ").append(f.otherTrackName())
                    .append(" at ").append(TimeAxis.formatDuration(f.otherStartNs())).append('\n');
        }
        for (FlowLink f : s.flowsIn()) {
            b.append("Flow in (").append(f.name()).append(") <- ").append(f.otherSliceName()).append(" on ").append(f.otherTrackName())
                    .append(" at ").append(TimeAxis.formatDuration(f.otherStartNs())).append('\n');
        }
        return b.toString();
    }

    private <T> void submit(Supplier<T> work, Consumer<T> onFx) {
        background.execute(() -> {
            try {
                T result = work.get();
                fx.accept(() -> onFx.accept(result));
            } catch (RuntimeException e) {
                fx.accept(() -> status.set("Failed: " + e.getMessage()));
            }
        });
    }

    @Override
    public void close() {
        background.execute(() -> {
            if (reader != null) {
                reader.close();
            }
        });
        background.shutdown();
    }

    private record WindowRequest(List<Long> trackIds, long viewFromNs, long viewToNs, long fromNs, long toNs, double nsPerPixel) {
    }
}
