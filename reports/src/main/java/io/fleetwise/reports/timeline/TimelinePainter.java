package io.fleetwise.reports.timeline;

import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.datastore.trace.model.CounterColumns;
import io.fleetwise.datastore.trace.model.InstantColumns;
import io.fleetwise.datastore.trace.model.PixelReducer;
import io.fleetwise.datastore.trace.model.ReducedTrack;
import io.fleetwise.datastore.trace.model.TimelineWindow;
import io.fleetwise.datastore.trace.model.TrackLayout;
import io.fleetwise.datastore.trace.model.TrackWindow;
import io.fleetwise.datastore.trace.model.Viewport;

/**
 * The one routine that draws a timeline, for the Timeline area's canvas and for the report's picture alike: per
 * visible track the pixel-reduced draw list (rectangles, then merged sub-pixel runs shaded by coverage), counters as
 * min/max bars, instants as ticks, labels only where a rectangle is wide enough. It draws through a {@link Surface}
 * (a JavaFX canvas on screen, Java2D for the PDF) in colour indices, which each surface maps to its own colours once,
 * so a frame allocates nothing. Only rows intersecting the visible height are drawn: the cost follows pixels, not
 * events. Reuses its buffers between frames; one painter per surface.
 */
public final class TimelinePainter {

    /** What a surface draws with; colours are the indices below. */
    public interface Surface {
        void fillRect(int colour, double x, double y, double w, double h);

        void strokeRect(int colour, double x, double y, double w, double h, double lineWidth);

        /** Text vertically centred on {@code y}; headers use the larger font. */
        void text(int colour, boolean header, String text, double x, double y);

        /** A filled triangle (the arrays are reused by the caller). */
        void triangle(int colour, double[] xs, double[] ys);
    }

    public static final int BACKGROUND = 0;
    public static final int SURFACE = 1;
    public static final int FOREGROUND = 2;
    public static final int MUTED = 3;
    public static final int COUNTER = 4;
    public static final int ON_SLICE = 5;
    /** Density levels 0..4 of merged sub-pixel runs are {@code DENSITY + level} (level 0 is not drawn). */
    public static final int DENSITY = 6;
    public static final int SLICE = DENSITY + 5;
    /** Colour indices a surface maps: the theme's four, then the fixed data colours ({@link #fixedRgb}). */
    public static final int COLOURS = SLICE + 12;

    static final double LABEL_MIN_PX = 40;
    private static final double CHAR_PX = 6.5;
    private static final int[] FIXED_RGB = {
            0x59a14f, 0xffffff, // counter, text on a slice
            0x000000, 0x9bb7d4, 0x6f95bf, 0x4a73a4, 0x2b4f7e, // density levels 0 (unused) .. 4
            0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac,
            0x86bcb6, 0xd37295}; // slice palette

    private final PixelReducer reducer = new PixelReducer();
    private final ReducedTrack reduced = new ReducedTrack();
    private final double[] tickX = new double[3];
    private final double[] tickY = new double[3];
    private long lastDrawCalls;

    /** The RGB of a fixed colour index ({@link #COUNTER} and up); the first four come from the surface's theme. */
    public static int fixedRgb(int colour) {
        if (colour < COUNTER || colour >= COLOURS) {
            throw new IllegalArgumentException("Colour " + colour + " is the theme's or unknown");
        }
        return FIXED_RGB[colour - COUNTER];
    }

    /** Draw calls issued by the last frame (for the dev overlay and the benchmark). */
    public long lastDrawCalls() {
        return lastDrawCalls;
    }

    public void paint(Surface g, double width, double height, double scrollY, TrackLayout layout,
                      TimelineWindow window, Viewport view, long selectedSliceId) {
        long calls = 0;
        g.fillRect(BACKGROUND, 0, 0, width, height);
        int w = (int) Math.ceil(width);
        for (TrackLayout.Row row : layout.rows()) {
            double y = row.y() - scrollY;
            if (y + row.height() < 0 || y > height) {
                continue;
            }
            if (row.header()) {
                g.fillRect(SURFACE, 0, y, width, row.height());
                g.text(FOREGROUND, true, (row.collapsed() ? "\u25B6 " : "\u25BC ") + row.track().name(), 4,
                        y + row.height() / 2);
                calls += 2;
                continue;
            }
            TrackWindow tw = window == null ? null : window.tracks().get(row.track().id());
            if (tw == null) {
                continue;
            }
            if (row.track().kind() == TrackKind.COUNTER) {
                calls += counter(g, tw.counters(), view, width, y, row.height());
            } else {
                calls += slices(g, tw, window, view, w, y, row.depthCount(), selectedSliceId);
                calls += instants(g, tw.instants(), view, width, y);
            }
            g.text(MUTED, false, row.track().name(), 4, y + 8);
            calls++;
        }
        lastDrawCalls = calls;
    }

    private long slices(Surface g, TrackWindow tw, TimelineWindow window, Viewport view, int width, double y,
                        int depthCount, long selectedSliceId) {
        long calls = 0;
        reducer.reduce(tw, view, width, depthCount, reduced);
        double rowH = TrackLayout.ROW_HEIGHT;
        for (int i = 0; i < reduced.runCount(); i++) {
            if (reduced.runLevel(i) > 0) {
                g.fillRect(DENSITY + reduced.runLevel(i), reduced.runX(i), y + reduced.runDepth(i) * rowH + 1,
                        reduced.runW(i), rowH - 2);
                calls++;
            }
        }
        for (int i = 0; i < reduced.rectCount(); i++) {
            double x = reduced.rectX(i);
            double rw = reduced.rectW(i);
            double ry = y + reduced.rectDepth(i) * rowH + 1;
            int nameId = reduced.rectNameId(i);
            g.fillRect(SLICE + Math.floorMod(nameId * 31, 12), x, ry, Math.max(1, rw - 0.5), rowH - 2);
            calls++;
            if (reduced.rectSliceId(i) == selectedSliceId) {
                g.strokeRect(FOREGROUND, x, ry, Math.max(1, rw - 0.5), rowH - 2, 2);
                calls++;
            }
            if (rw >= LABEL_MIN_PX) {
                String label = fit(window.name(nameId), rw - 6);
                if (!label.isEmpty()) {
                    g.text(ON_SLICE, false, label, Math.max(x, 0) + 3, ry + (rowH - 2) / 2);
                    calls++;
                }
            }
        }
        return calls;
    }

    private long counter(Surface g, CounterColumns c, Viewport view, double width, double y, double h) {
        if (c.size() == 0) {
            return 0;
        }
        double max = Math.max(1e-12, c.maxValue());
        double nsPerPixel = view.nsPerPixel(width);
        long calls = 0;
        for (int i = 0; i < c.size(); i++) {
            double x0 = Math.max(0, (c.tsNs(i) - view.startNs()) / nsPerPixel);
            double x1 = i + 1 < c.size() ? (c.tsNs(i + 1) - view.startNs()) / nsPerPixel : width;
            if (x1 < 0 || x0 > width) {
                continue;
            }
            double hv = (h - 4) * (c.last(i) / max);
            g.fillRect(COUNTER, x0, y + h - 2 - hv, Math.max(1, Math.min(width, x1) - x0), hv);
            double hmax = (h - 4) * (c.max(i) / max);
            double hmin = (h - 4) * (c.min(i) / max);
            if (hmax - hmin >= 1) {
                g.fillRect(COUNTER, x0, y + h - 2 - hmax, 1, hmax - hmin);
                calls++;
            }
            calls++;
        }
        return calls;
    }

    private long instants(Surface g, InstantColumns in, Viewport view, double width, double y) {
        double nsPerPixel = view.nsPerPixel(width);
        for (int i = 0; i < in.size(); i++) {
            double x = (in.tsNs(i) - view.startNs()) / nsPerPixel;
            tickX[0] = x - 3;
            tickX[1] = x + 3;
            tickX[2] = x;
            tickY[0] = y;
            tickY[1] = y;
            tickY[2] = y + 6;
            g.triangle(FOREGROUND, tickX, tickY);
        }
        return in.size();
    }

    private static String fit(String name, double px) {
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
