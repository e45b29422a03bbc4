package io.fleetwise.views.timeline;

import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.datastore.trace.model.CounterColumns;
import io.fleetwise.datastore.trace.model.InstantColumns;
import io.fleetwise.datastore.trace.model.PixelReducer;
import io.fleetwise.datastore.trace.model.ReducedTrack;
import io.fleetwise.datastore.trace.model.TimelineWindow;
import io.fleetwise.datastore.trace.model.TrackLayout;
import io.fleetwise.datastore.trace.model.TrackWindow;
import io.fleetwise.datastore.trace.model.Viewport;
import io.fleetwise.views.common.ThemePalette;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;


/**
 * Draws the visible tracks of a window snapshot into one canvas: per track the pixel-reduced draw list
 * (rectangles, then merged sub-pixel runs shaded by coverage), counters as min/max bars, instants as ticks,
 * labels only where a rectangle is wide enough. Background, headers and text take the current {@link ThemePalette}'s
 * colours (read once per frame; the palette's colours are made once, so a frame allocates none). Only rows intersecting the visible height are drawn, so the
 * cost follows pixels, not events. Runs on the FX thread; reuses its buffers between frames.
 */
public final class TimelineRenderer {
    static final double LABEL_MIN_PX = 40;
    private static final double CHAR_PX = 6.5;
    private static final Color[] PALETTE = {
            Color.web("#4e79a7"), Color.web("#f28e2b"), Color.web("#e15759"), Color.web("#76b7b2"),
            Color.web("#59a14f"), Color.web("#edc948"), Color.web("#b07aa1"), Color.web("#ff9da7"),
            Color.web("#9c755f"), Color.web("#bab0ac"), Color.web("#86bcb6"), Color.web("#d37295")};
    private static final Color[] DENSITY = {Color.TRANSPARENT, Color.web("#9bb7d4"), Color.web("#6f95bf"),
            Color.web("#4a73a4"), Color.web("#2b4f7e")};
    private static final Font LABEL_FONT = Font.font("System", 11);
    private static final Font HEADER_FONT = Font.font("System", 12);
    private static final Color COUNTER = Color.web("#59a14f");

    private final PixelReducer reducer = new PixelReducer();
    private final ReducedTrack reduced = new ReducedTrack();
    private final double[] tickX = new double[3];
    private final double[] tickY = new double[3];
    private long lastDrawCalls;

    /** Draw calls issued by the last frame (for the dev overlay and the benchmark). */
    public long lastDrawCalls() {
        return lastDrawCalls;
    }

    public void render(GraphicsContext g, double width, double height, double scrollY, TrackLayout layout,
                       TimelineWindow window, Viewport view, long selectedSliceId) {
        long calls = 0;
        ThemePalette palette = ThemePalette.current();
        g.setFill(palette.background());
        g.fillRect(0, 0, width, height);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        int w = (int) Math.ceil(width);
        for (TrackLayout.Row row : layout.rows()) {
            double y = row.y() - scrollY;
            if (y + row.height() < 0 || y > height) {
                continue;
            }
            if (row.header()) {
                g.setFill(palette.surface());
                g.fillRect(0, y, width, row.height());
                g.setFill(palette.foreground());
                g.setFont(HEADER_FONT);
                g.fillText((row.collapsed() ? "\u25B6 " : "\u25BC ") + row.track().name(), 4, y + row.height() / 2);
                calls += 2;
                continue;
            }
            TrackWindow tw = window == null ? null : window.tracks().get(row.track().id());
            if (tw == null) {
                continue;
            }
            if (row.track().kind() == TrackKind.COUNTER) {
                calls += drawCounter(g, tw.counters(), view, width, y, row.height());
            } else {
                calls += drawSlices(g, tw, window, view, w, y, row.depthCount(), selectedSliceId, palette);
                calls += drawInstants(g, tw.instants(), view, width, y, palette);
            }
            g.setFill(palette.muted());
            g.setFont(LABEL_FONT);
            g.fillText(row.track().name(), 4, y + 8);
            calls++;
        }
        lastDrawCalls = calls;
    }

    private long drawSlices(GraphicsContext g, TrackWindow tw, TimelineWindow window, Viewport view, int width, double y,
                            int depthCount, long selectedSliceId, ThemePalette palette) {
        long calls = 0;
        reducer.reduce(tw, view, width, depthCount, reduced);
        double rowH = TrackLayout.ROW_HEIGHT;
        for (int i = 0; i < reduced.runCount(); i++) {
            g.setFill(DENSITY[reduced.runLevel(i)]);
            g.fillRect(reduced.runX(i), y + reduced.runDepth(i) * rowH + 1, reduced.runW(i), rowH - 2);
            calls++;
        }
        g.setFont(LABEL_FONT);
        for (int i = 0; i < reduced.rectCount(); i++) {
            double x = reduced.rectX(i);
            double rw = reduced.rectW(i);
            double ry = y + reduced.rectDepth(i) * rowH + 1;
            int nameId = reduced.rectNameId(i);
            boolean selected = reduced.rectSliceId(i) == selectedSliceId;
            g.setFill(PALETTE[Math.floorMod(nameId * 31, PALETTE.length)]);
            g.fillRect(x, ry, Math.max(1, rw - 0.5), rowH - 2);
            calls++;
            if (selected) {
                g.setStroke(palette.foreground());
                g.setLineWidth(2);
                g.strokeRect(x, ry, Math.max(1, rw - 0.5), rowH - 2);
                calls++;
            }
            if (rw >= LABEL_MIN_PX) {
                String label = fit(window.name(nameId), rw - 6);
                if (!label.isEmpty()) {
                    g.setFill(Color.WHITE);
                    g.fillText(label, Math.max(x, 0) + 3, ry + (rowH - 2) / 2);
                    calls++;
                }
            }
        }
        return calls;
    }

    private long drawCounter(GraphicsContext g, CounterColumns c, Viewport view, double width, double y, double h) {
        if (c.size() == 0) {
            return 0;
        }
        double max = Math.max(1e-12, c.maxValue());
        double nsPerPixel = view.nsPerPixel(width);
        g.setFill(COUNTER);
        long calls = 0;
        for (int i = 0; i < c.size(); i++) {
            double x0 = Math.max(0, (c.tsNs(i) - view.startNs()) / nsPerPixel);
            double x1 = i + 1 < c.size() ? (c.tsNs(i + 1) - view.startNs()) / nsPerPixel : width;
            if (x1 < 0 || x0 > width) {
                continue;
            }
            double hv = (h - 4) * (c.last(i) / max);
            g.fillRect(x0, y + h - 2 - hv, Math.max(1, Math.min(width, x1) - x0), hv);
            double hmax = (h - 4) * (c.max(i) / max);
            double hmin = (h - 4) * (c.min(i) / max);
            if (hmax - hmin >= 1) {
                g.fillRect(x0, y + h - 2 - hmax, 1, hmax - hmin);
                calls++;
            }
            calls++;
        }
        return calls;
    }

    private long drawInstants(GraphicsContext g, InstantColumns in, Viewport view, double width, double y,
                              ThemePalette palette) {
        g.setFill(palette.foreground());
        double nsPerPixel = view.nsPerPixel(width);
        for (int i = 0; i < in.size(); i++) {
            double x = (in.tsNs(i) - view.startNs()) / nsPerPixel;
            tickX[0] = x - 3;
            tickX[1] = x + 3;
            tickX[2] = x;
            tickY[0] = y;
            tickY[1] = y;
            tickY[2] = y + 6;
            g.fillPolygon(tickX, tickY, 3); // copies the points, so the two arrays are reused for every tick
        }
        return in.size();
    }

    private String fit(String name, double px) {
        int chars = (int) (px / CHAR_PX);
        if (chars <= 1) {
            return "";
        }
        if (name.length() <= chars) {
            return name;
        }
        return name.substring(0, Math.max(1, chars - 1)) + "\u2026";
    }
}
