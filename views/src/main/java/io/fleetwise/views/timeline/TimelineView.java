package io.fleetwise.views.timeline;

import io.fleetwise.views.common.TableFit;
import io.fleetwise.datastore.trace.FlowLink;
import io.fleetwise.datastore.trace.NameStats;
import io.fleetwise.datastore.trace.SliceDetails;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.model.DensityColumns;
import io.fleetwise.datastore.trace.model.SliceColumns;
import io.fleetwise.datastore.trace.model.TimeAxis;
import io.fleetwise.datastore.trace.model.TimelineWindow;
import io.fleetwise.datastore.trace.model.TrackLayout;
import io.fleetwise.datastore.trace.model.TrackWindow;
import io.fleetwise.datastore.trace.model.Viewport;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.List;

/**
 * The Timeline area: toolbar (search, zoom), overview strip, time axis, one data canvas with a transparent
 * overlay pane for the range selection, and a details/statistics side panel. No node per event: changes
 * only set dirty bits, and an AnimationTimer redraws at most once per pulse.
 */
public final class TimelineView extends BorderPane implements io.fleetwise.views.common.ThemeAware {
    private static final double OVERVIEW_HEIGHT = 28;
    private static final double AXIS_HEIGHT = 22;
    private static final double ZOOM_STEP = 0.8;

    private final TimelineViewModel viewModel;
    private final TimelineRenderer renderer = new TimelineRenderer();
    private final Canvas overviewCanvas = new Canvas();
    private final Canvas axisCanvas = new Canvas();
    private final Canvas dataCanvas = new Canvas();
    private final Pane overlay = new Pane();
    private final Rectangle rangeRect = new Rectangle();
    private final Label frameLabel = new Label();
    private final ScrollBar vScroll = new ScrollBar();
    private final Pane dataPane;
    private final AnimationTimer pulse;
    private boolean dataDirty = true;
    private boolean overviewDirty = true;
    private double pressX;
    private double pressY;
    private double lastX;
    private boolean rangeDrag;
    private boolean moved;
    private double pointerX = -1;
    private long lastFrameNanos;

    public TimelineView(TimelineViewModel viewModel) {
        this.viewModel = viewModel;
        setId("timeline-view");

        TextField search = new TextField();
        search.setId("timeline-search");
        search.setPromptText("Search slice names");
        search.textProperty().bindBidirectional(viewModel.searchTextProperty());
        search.setOnAction(e -> viewModel.searchNext());
        Button prev = new Button("\u25C0");
        prev.setId("timeline-search-previous");
        prev.setOnAction(e -> viewModel.searchPrevious());
        Button next = new Button("\u25B6");
        next.setId("timeline-search-next");
        next.setOnAction(e -> viewModel.searchNext());
        Button zoomIn = new Button("+");
        zoomIn.setId("timeline-zoom-in");
        zoomIn.setOnAction(e -> zoomAtCenter(ZOOM_STEP));
        Button zoomOut = new Button("\u2212");
        zoomOut.setId("timeline-zoom-out");
        zoomOut.setOnAction(e -> zoomAtCenter(1 / ZOOM_STEP));
        Label status = new Label();
        status.setId("timeline-status");
        status.textProperty().bind(viewModel.statusProperty());
        // the import's reasons and places are long: a tooltip, so the status line stays in the toolbar
        viewModel.statusDetailProperty().addListener((obs, was, detail) -> status.setTooltip(detail.isEmpty() ? null
                : wrapped(detail)));
        frameLabel.setId("timeline-frame-time");
        frameLabel.setStyle("-fx-text-fill: #888;");
        setTop(new ToolBar(search, prev, next, zoomIn, zoomOut, status, frameLabel));

        overviewCanvas.setHeight(OVERVIEW_HEIGHT);
        axisCanvas.setHeight(AXIS_HEIGHT);
        overlay.setMouseTransparent(true);
        overlay.setPickOnBounds(false);
        rangeRect.setFill(Color.rgb(255, 200, 0, 0.2));
        rangeRect.setStroke(Color.rgb(200, 140, 0));
        rangeRect.setVisible(false);
        overlay.getChildren().add(rangeRect);
        dataPane = new Pane(dataCanvas, overlay) {
            @Override
            protected void layoutChildren() {
                dataCanvas.setWidth(getWidth());
                dataCanvas.setHeight(getHeight());
                overlay.resize(getWidth(), getHeight());
                markDirty();
            }
        };
        dataPane.setId("timeline-canvas");
        dataPane.setFocusTraversable(true);
        dataPane.setMinSize(100, 100);
        vScroll.setOrientation(Orientation.VERTICAL);
        vScroll.valueProperty().addListener((o, a, b) -> markDirty());
        HBox dataRow = new HBox(dataPane, vScroll);
        HBox.setHgrow(dataPane, Priority.ALWAYS);
        // the canvases sit in panes: a canvas's minimum width is its width, so directly in the VBox the area could
        // grow with the window (1920 px) but never shrink back (1280 px cut the side panel and the status bar)
        Pane overviewHolder = new Pane(overviewCanvas);
        overviewHolder.setMinWidth(0);
        Pane axisHolder = new Pane(axisCanvas);
        axisHolder.setMinWidth(0);
        VBox center = new VBox(overviewHolder, axisHolder, dataRow);
        VBox.setVgrow(dataRow, Priority.ALWAYS);
        overviewCanvas.widthProperty().bind(dataPane.widthProperty());
        axisCanvas.widthProperty().bind(dataPane.widthProperty());
        setCenter(center);

        TextArea details = new TextArea();
        details.setId("timeline-details");
        details.setEditable(false);
        details.setWrapText(true);
        details.textProperty().bind(viewModel.detailsProperty());
        TableView<NameStats> stats = new TableView<>(viewModel.rangeStats());
        stats.setId("timeline-stats");
        stats.setPlaceholder(new Label("Shift-drag to select a range"));
        stats.getColumns().add(column("Name", s -> s.name()));
        stats.getColumns().add(column("Count", s -> Long.toString(s.count())));
        stats.getColumns().add(column("Total", s -> TimeAxis.formatDuration(s.totalDurNs())));
        stats.getColumns().add(column("Mean", s -> TimeAxis.formatDuration(Math.round(s.meanDurNs()))));
        TableFit.install(stats);
        VBox side = new VBox(6, new Label("Selected slice"), details, new Label("Range statistics"), stats);
        side.setPadding(new Insets(6));
        side.setPrefWidth(320);
        VBox.setVgrow(stats, Priority.ALWAYS);
        setRight(side);

        viewModel.viewportProperty().addListener((o, a, b) -> markDirty());
        viewModel.windowProperty().addListener((o, a, b) -> markDirty());
        viewModel.layoutProperty().addListener((o, a, b) -> markDirty());
        viewModel.selectedSliceProperty().addListener((o, a, b) -> markDirty());
        viewModel.overviewProperty().addListener((o, a, b) -> markDirty());
        viewModel.traceProperty().addListener((o, a, b) -> overviewDirty = true);
        viewModel.selectedRangeProperty().addListener((o, a, b) -> markDirty());
        overviewCanvas.widthProperty().addListener((o, a, b) -> overviewDirty = true);

        dataPane.addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPressed);
        dataPane.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDragged);
        dataPane.addEventHandler(MouseEvent.MOUSE_RELEASED, this::onReleased);
        dataPane.addEventHandler(MouseEvent.MOUSE_MOVED, e -> pointerX = e.getX());
        dataPane.addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        overviewCanvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::onOverviewClick);
        overviewCanvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onOverviewClick);
        addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);

        pulse = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (dataDirty) {
                    dataDirty = false;
                    long t = System.nanoTime();
                    redraw();
                    lastFrameNanos = System.nanoTime() - t;
                }
                if (overviewDirty && viewModel.isLoaded() && overviewCanvas.getWidth() > 0) {
                    overviewDirty = false;
                    if (viewModel.overviewProperty().get() == null) {
                        viewModel.loadOverview(overviewCanvas.getWidth());
                    }
                }
            }
        };
        sceneProperty().addListener((o, a, scene) -> {
            if (scene == null) {
                pulse.stop();
            } else {
                pulse.start();
            }
        });
    }

    /** The theme changed: the canvases draw with the palette's colours on the next pulse. */
    @Override
    public void applyPalette(io.fleetwise.views.common.ThemePalette palette) {
        markDirty();
    }

    public TimelineViewModel viewModel() {
        return viewModel;
    }

    /** Time the last redraw took on the FX thread, for the dev overlay and tests. */
    public long lastFrameNanos() {
        return lastFrameNanos;
    }

    /** Screen-independent x of a time in the data canvas (for tests and tooltips). */
    public double xOf(long tsNs) {
        return viewModel.viewportProperty().get().xOf(tsNs, dataCanvas.getWidth());
    }

    /** Canvas y of the middle of a track's depth row, or NaN when the track is not laid out. */
    public double yOf(long trackId, int depth) {
        TrackLayout.Row row = viewModel.layoutProperty().get().rowOf(trackId);
        return row == null ? Double.NaN : row.depthY(depth) - vScroll.getValue() + TrackLayout.ROW_HEIGHT / 2;
    }

    public Pane dataPane() {
        return dataPane;
    }

    private void markDirty() {
        dataDirty = true;
    }

    private void redraw() {
        long frameStart = System.nanoTime();
        double w = dataCanvas.getWidth();
        double h = dataCanvas.getHeight();
        if (w <= 0 || h <= 0) {
            return;
        }
        TrackLayout layout = viewModel.layoutProperty().get();
        vScroll.setMax(Math.max(0, layout.totalHeight() - h));
        vScroll.setVisibleAmount(h);
        double scrollY = vScroll.getValue();
        List<Long> visible = new ArrayList<>();
        for (TrackLayout.Row r : layout.visibleTrackRows(scrollY, scrollY + h)) {
            visible.add(r.track().id());
        }
        Viewport view = viewModel.viewportProperty().get();
        viewModel.ensureWindow(visible, w);
        SliceDetails selected = viewModel.selectedSliceProperty().get();
        renderer.render(dataCanvas.getGraphicsContext2D(), w, h, scrollY, layout, viewModel.windowProperty().get(), view,
                selected == null ? Long.MIN_VALUE : selected.id());
        if (selected != null) {
            drawFlows(dataCanvas.getGraphicsContext2D(), selected, layout, view, w, scrollY);
        }
        frameLabel.setText(String.format(java.util.Locale.ROOT, "frame %.1f ms, %d draw calls", (System.nanoTime() - frameStart) / 1e6,
                renderer.lastDrawCalls()));
        long[] range = viewModel.selectedRangeProperty().get();
        if (range != null && !rangeDrag) {
            double x0 = view.xOf(range[0], w);
            double x1 = view.xOf(range[1], w);
            rangeRect.setX(Math.max(-1, x0));
            rangeRect.setWidth(Math.max(1, Math.min(w + 1, x1) - Math.max(-1, x0)));
            rangeRect.setY(0);
            rangeRect.setHeight(h);
            rangeRect.setVisible(x1 >= 0 && x0 <= w);
        } else if (!rangeDrag) {
            rangeRect.setVisible(false);
        }
        drawAxis(view, w);
        drawOverview(view, w);
    }

    /** Arrows from the selected slice to the slices its flows connect, where their tracks are laid out. */
    private static void drawFlows(GraphicsContext g, SliceDetails s, TrackLayout layout, Viewport view, double w, double scrollY) {
        TrackLayout.Row own = layout.rowOf(s.trackId());
        if (own == null) {
            return;
        }
        double x0 = view.xOf(s.startNs(), w);
        double y0 = own.depthY(s.depth()) - scrollY + TrackLayout.ROW_HEIGHT / 2;
        g.setStroke(Color.web("#d62728"));
        g.setFill(Color.web("#d62728"));
        g.setLineWidth(1.5);
        for (FlowLink f : s.flowsOut()) {
            arrow(g, layout, view, w, scrollY, x0, y0, f, true);
        }
        for (FlowLink f : s.flowsIn()) {
            arrow(g, layout, view, w, scrollY, x0, y0, f, false);
        }
    }

    private static void arrow(GraphicsContext g, TrackLayout layout, Viewport view, double w, double scrollY, double x0, double y0,
                              FlowLink f, boolean outgoing) {
        TrackLayout.Row other = layout.rowOf(f.otherTrackId());
        if (other == null) {
            return;
        }
        double x1 = view.xOf(f.otherStartNs(), w);
        double y1 = other.depthY(f.otherDepth()) - scrollY + TrackLayout.ROW_HEIGHT / 2;
        double fromX = outgoing ? x0 : x1;
        double fromY = outgoing ? y0 : y1;
        double toX = outgoing ? x1 : x0;
        double toY = outgoing ? y1 : y0;
        g.strokeLine(fromX, fromY, toX, toY);
        double angle = Math.atan2(toY - fromY, toX - fromX);
        g.fillPolygon(new double[] {toX, toX - 8 * Math.cos(angle - 0.4), toX - 8 * Math.cos(angle + 0.4)},
                new double[] {toY, toY - 8 * Math.sin(angle - 0.4), toY - 8 * Math.sin(angle + 0.4)}, 3);
    }

    private void drawAxis(Viewport view, double w) {
        GraphicsContext g = axisCanvas.getGraphicsContext2D();
        io.fleetwise.views.common.ThemePalette palette = io.fleetwise.views.common.ThemePalette.current();
        g.setFill(palette.surface());
        g.fillRect(0, 0, w, AXIS_HEIGHT);
        TraceInfo trace = viewModel.traceProperty().get();
        long origin = trace == null ? 0 : trace.startNs();
        double nsPerPixel = view.nsPerPixel(w);
        long step = TimeAxis.tickStepNs(nsPerPixel, 90);
        long first = Math.floorDiv(view.startNs() - origin, step) * step;
        g.setStroke(palette.border());
        g.setFill(palette.foreground());
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        for (long t = first; origin + t <= view.endNs(); t += step) {
            double x = view.xOf(origin + t, w);
            g.strokeLine(x, AXIS_HEIGHT - 6, x, AXIS_HEIGHT);
            g.fillText(TimeAxis.format(t, step), x + 2, 3);
        }
    }

    private void drawOverview(Viewport view, double w) {
        GraphicsContext g = overviewCanvas.getGraphicsContext2D();
        g.setFill(io.fleetwise.views.common.ThemePalette.current().surface());
        g.fillRect(0, 0, w, OVERVIEW_HEIGHT);
        TraceInfo trace = viewModel.traceProperty().get();
        TimelineWindow ov = viewModel.overviewProperty().get();
        if (trace == null) {
            return;
        }
        long end = Math.max(trace.endNs(), trace.startNs() + Viewport.MIN_SPAN_NS);
        Viewport whole = new Viewport(trace.startNs(), end);
        if (ov != null) {
            int width = (int) Math.ceil(w);
            double[] busy = new double[width];
            double nsPerPixel = whole.nsPerPixel(w);
            for (TrackWindow tw : ov.tracks().values()) {
                SliceColumns s = tw.slices();
                for (int i = 0; i < s.size(); i++) {
                    if (s.depth(i) == 0) {
                        spread(busy, whole.xOf(s.startNs(i), w), s.durNs(i) / nsPerPixel);
                    }
                }
                DensityColumns d = tw.density();
                if (d != null) {
                    for (int i = 0; i < d.size(); i++) {
                        spread(busy, whole.xOf(d.bucketStartNs(i), w), d.busyNs(i) / nsPerPixel);
                    }
                }
            }
            double max = 1e-9;
            for (double b : busy) {
                max = Math.max(max, b);
            }
            g.setFill(Color.web("#4e79a7"));
            for (int x = 0; x < width; x++) {
                double h = (OVERVIEW_HEIGHT - 4) * busy[x] / max;
                if (h > 0.3) {
                    g.fillRect(x, OVERVIEW_HEIGHT - 2 - h, 1, h);
                }
            }
        }
        double x0 = whole.xOf(view.startNs(), w);
        double x1 = whole.xOf(view.endNs(), w);
        g.setStroke(Color.web("#d62728"));
        g.setLineWidth(1.5);
        g.strokeRect(x0, 1, Math.max(2, x1 - x0), OVERVIEW_HEIGHT - 2);
    }

    /** Adds widthPx of busy time starting at x, split over the pixel columns it covers. */
    private static void spread(double[] busy, double x, double widthPx) {
        double end = x + widthPx;
        int c = (int) Math.floor(x);
        while (c < busy.length && c < end) {
            if (c >= 0) {
                busy[c] += Math.min(end, c + 1) - Math.max(x, c);
            }
            c++;
        }
    }

    private void zoomAtCenter(double factor) {
        Viewport v = viewModel.viewportProperty().get();
        long anchor = pointerX >= 0 ? v.timeAt(pointerX, dataCanvas.getWidth()) : v.startNs() + v.spanNs() / 2;
        viewModel.zoom(anchor, factor);
    }

    private void onScroll(ScrollEvent e) {
        if (e.getDeltaY() == 0) {
            return;
        }
        if (e.isShiftDown()) {
            vScroll.setValue(Math.max(0, Math.min(vScroll.getMax(), vScroll.getValue() - e.getDeltaY())));
        } else {
            Viewport v = viewModel.viewportProperty().get();
            viewModel.zoom(v.timeAt(e.getX(), dataCanvas.getWidth()), e.getDeltaY() > 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
        }
        e.consume();
    }

    private void onKey(KeyEvent e) {
        if (e.getTarget() instanceof TextField) {
            return;
        }
        Viewport v = viewModel.viewportProperty().get();
        KeyCode k = e.getCode();
        if (k == KeyCode.W || k == KeyCode.PLUS || k == KeyCode.EQUALS || k == KeyCode.ADD) {
            zoomAtCenter(ZOOM_STEP);
        } else if (k == KeyCode.S || k == KeyCode.MINUS || k == KeyCode.SUBTRACT) {
            zoomAtCenter(1 / ZOOM_STEP);
        } else if (k == KeyCode.A || k == KeyCode.LEFT) {
            viewModel.pan(-v.spanNs() / 10);
        } else if (k == KeyCode.D || k == KeyCode.RIGHT) {
            viewModel.pan(v.spanNs() / 10);
        } else if (k == KeyCode.ESCAPE) {
            viewModel.clearRange();
        } else {
            return;
        }
        e.consume();
    }

    private void onPressed(MouseEvent e) {
        dataPane.requestFocus();
        pressX = e.getX();
        pressY = e.getY();
        lastX = e.getX();
        moved = false;
        rangeDrag = e.isShiftDown() && e.getButton() == MouseButton.PRIMARY;
        if (rangeDrag) {
            rangeRect.setX(pressX);
            rangeRect.setY(0);
            rangeRect.setWidth(1);
            rangeRect.setHeight(dataPane.getHeight());
            rangeRect.setVisible(true);
        }
    }

    private void onDragged(MouseEvent e) {
        if (Math.abs(e.getX() - pressX) > 3 || Math.abs(e.getY() - pressY) > 3) {
            moved = true;
        }
        if (rangeDrag) {
            rangeRect.setX(Math.min(pressX, e.getX()));
            rangeRect.setWidth(Math.abs(e.getX() - pressX));
        } else {
            Viewport v = viewModel.viewportProperty().get();
            long delta = Math.round(-(e.getX() - lastX) * v.nsPerPixel(dataCanvas.getWidth()));
            viewModel.pan(delta);
            double dy = e.getY() - pressY;
            if (Math.abs(dy) > 0) {
                vScroll.setValue(Math.max(0, Math.min(vScroll.getMax(), vScroll.getValue() - dy)));
                pressY = e.getY();
            }
        }
        lastX = e.getX();
    }

    private void onReleased(MouseEvent e) {
        Viewport v = viewModel.viewportProperty().get();
        double w = dataCanvas.getWidth();
        if (rangeDrag) {
            rangeDrag = false;
            if (moved) {
                viewModel.selectRange(v.timeAt(pressX, w), v.timeAt(e.getX(), w));
            } else {
                viewModel.clearRange();
            }
            return;
        }
        if (moved) {
            return;
        }
        TrackLayout.Hit hit = viewModel.layoutProperty().get().hit(e.getY() + vScroll.getValue());
        if (hit == null) {
            return;
        }
        if (hit.row().header()) {
            viewModel.toggleCollapsed(hit.row().track().id());
        } else {
            long tolerance = Math.round(2 * v.nsPerPixel(w));
            viewModel.selectAt(hit.row().track().id(), hit.depth(), v.timeAt(e.getX(), w), tolerance);
        }
    }

    private void onOverviewClick(MouseEvent e) {
        TraceInfo trace = viewModel.traceProperty().get();
        if (trace == null) {
            return;
        }
        long end = Math.max(trace.endNs(), trace.startNs() + Viewport.MIN_SPAN_NS);
        Viewport whole = new Viewport(trace.startNs(), end);
        long target = whole.timeAt(e.getX(), overviewCanvas.getWidth());
        Viewport v = viewModel.viewportProperty().get();
        viewModel.pan(target - (v.startNs() + v.spanNs() / 2));
    }

    private static TableColumn<NameStats, String> column(String title, java.util.function.Function<NameStats, String> value) {
        TableColumn<NameStats, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setSortable(false);
        return c;
    }

    private static javafx.scene.control.Tooltip wrapped(String text) {
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip(text);
        tip.setWrapText(true);
        tip.setMaxWidth(640);
        return tip;
    }
}
