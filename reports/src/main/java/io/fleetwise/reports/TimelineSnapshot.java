package io.fleetwise.reports;

import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceReader;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TrackInfo;
import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.datastore.trace.model.TimelineWindow;
import io.fleetwise.datastore.trace.model.TrackLayout;
import io.fleetwise.datastore.trace.model.Viewport;
import io.fleetwise.reports.timeline.TimelinePainter;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A picture of a study's trace for the report, drawn with Java2D (works headless, in the CLI): the newest trace the
 * study owns (its {@code studyId}, or an id the study lists), else the newest whose name contains the study's name;
 * the whole trace at once, drawn by the same routine as the Timeline area ({@link TimelinePainter}) from the trace
 * store's window query at one pixel per column.
 */
public final class TimelineSnapshot {

    /** Drawn image and what it shows. */
    public record Snapshot(BufferedImage image, String caption) {
    }

    /** Drawn at this many logical pixels across, at {@link #SCALE} times for a sharp print. */
    static final int WIDTH = 700;
    static final int SCALE = 2;
    /** Rows of the timeline shown, in logical pixels: about 30 tracks; the caption counts the rest. */
    static final double MAX_ROWS_HEIGHT = 560;
    static final int AXIS_HEIGHT = 22;
    /** The light (print) theme's colours of the painter's first four indices. */
    private static final Color[] PRINT = {Color.WHITE, new Color(0xF4F5F7), new Color(0x24292F), new Color(0x57606A)};

    /** The trace a report of this study shows, if any; {@code traceIds} are the ids the study lists. */
    public static Optional<TraceInfo> traceOf(TraceStore store, long studyId, String studyName, List<Long> traceIds) {
        List<TraceInfo> all = store.listTraces();
        Comparator<TraceInfo> newest = Comparator.comparingLong(TraceInfo::id);
        Optional<TraceInfo> owned = all.stream().filter(t -> t.eventCount() > 0)
                .filter(t -> (t.studyId() != null && t.studyId() == studyId) || traceIds.contains(t.id())).max(newest);
        if (owned.isPresent()) {
            return owned;
        }
        String lower = studyName.toLowerCase(Locale.ROOT);
        return all.stream().filter(t -> t.eventCount() > 0)
                .filter(t -> t.name().toLowerCase(Locale.ROOT).contains(lower)).max(newest);
    }

    /**
     * The whole trace drawn by {@link TimelinePainter}, the routine the Timeline area draws with: its first tracks
     * (as many as fit {@link #MAX_ROWS_HEIGHT}) under a time axis.
     */
    public static Snapshot render(TraceStore store, TraceInfo trace, String how) {
        try (TraceReader reader = store.openReader(trace.id())) {
            List<TrackInfo> tracks = reader.tracks();
            List<TrackInfo> shown = new ArrayList<>();
            for (TrackInfo t : tracks) {
                shown.add(t);
                if (new TrackLayout(shown, Set.of()).totalHeight() > MAX_ROWS_HEIGHT) {
                    shown.remove(shown.size() - 1);
                    break;
                }
            }
            TrackLayout layout = new TrackLayout(shown, Set.of());
            long from = trace.startNs();
            long to = Math.max(trace.endNs(), from + Viewport.MIN_SPAN_NS);
            Viewport view = new Viewport(from, to);
            List<Long> ids = shown.stream().filter(t -> t.kind() != TrackKind.PROCESS).map(TrackInfo::id).toList();
            TimelineWindow window = reader.window(ids, from, to, view.nsPerPixel(WIDTH));
            BufferedImage image = draw(layout, window, view);
            long data = tracks.stream().filter(t -> t.kind() != TrackKind.PROCESS && t.eventCount() > 0).count();
            long hidden = data - shown.stream().filter(t -> t.kind() != TrackKind.PROCESS && t.eventCount() > 0).count();
            String caption = String.format(Locale.ROOT, "Trace %d '%s' (%s; %s): %.3f s, %d events, %d tracks shown%s.",
                    trace.id(), trace.name(), trace.source(), how, (to - from) / 1e9, trace.eventCount(), data - hidden,
                    hidden > 0 ? ", " + hidden + " more not shown" : "");
            // what the import repaired or left out travels with the picture, so a reader never sees a silent gap
            String notes = trace.importDetails();
            if (!notes.isEmpty()) {
                caption += " " + notes.substring(0, 1).toUpperCase(Locale.ROOT) + notes.substring(1) + ".";
            }
            return new Snapshot(image, caption);
        }
    }

    private static BufferedImage draw(TrackLayout layout, TimelineWindow window, Viewport view) {
        double rowsHeight = Math.max(TrackLayout.ROW_HEIGHT, layout.totalHeight());
        BufferedImage image = new BufferedImage(WIDTH * SCALE, (int) Math.ceil((AXIS_HEIGHT + rowsHeight) * SCALE),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(SCALE, SCALE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, AXIS_HEIGHT);
            axis(g, view);
            g.translate(0, AXIS_HEIGHT);
            new TimelinePainter().paint(new PrintSurface(g), WIDTH, rowsHeight, 0, layout, window, view, -1);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void axis(Graphics2D g, Viewport view) {
        double spanS = view.spanNs() / 1e9;
        double step = niceStep(spanS / 8);
        g.setColor(PRINT[TimelinePainter.MUTED]);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (double t = 0; t <= spanS + 1e-12; t += step) {
            float x = (float) (t * 1e9 / view.nsPerPixel(WIDTH));
            g.draw(new Line2D.Float(x, AXIS_HEIGHT - 5, x, AXIS_HEIGHT));
            g.drawString(formatSeconds(t, step), x + 2, AXIS_HEIGHT - 8);
        }
    }

    /** The painter's surface on Java2D, in the light print colours. */
    private static final class PrintSurface implements TimelinePainter.Surface {
        private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        private static final Font HEADER = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        private final Graphics2D g;
        private final Color[] colours = new Color[TimelinePainter.COLOURS];

        PrintSurface(Graphics2D g) {
            this.g = g;
            System.arraycopy(PRINT, 0, colours, 0, PRINT.length);
            for (int c = TimelinePainter.COUNTER; c < TimelinePainter.COLOURS; c++) {
                colours[c] = new Color(TimelinePainter.fixedRgb(c));
            }
        }

        @Override
        public void fillRect(int colour, double x, double y, double w, double h) {
            g.setColor(colours[colour]);
            g.fill(new Rectangle2D.Double(x, y, w, h));
        }

        @Override
        public void strokeRect(int colour, double x, double y, double w, double h, double lineWidth) {
            g.setColor(colours[colour]);
            g.setStroke(new BasicStroke((float) lineWidth));
            g.draw(new Rectangle2D.Double(x, y, w, h));
        }

        @Override
        public void text(int colour, boolean header, String text, double x, double y) {
            g.setColor(colours[colour]);
            g.setFont(header ? HEADER : LABEL);
            java.awt.FontMetrics m = g.getFontMetrics();
            g.drawString(text, (float) x, (float) (y + (m.getAscent() - m.getDescent()) / 2.0));
        }

        @Override
        public void triangle(int colour, double[] xs, double[] ys) {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(xs[0], ys[0]);
            p.lineTo(xs[1], ys[1]);
            p.lineTo(xs[2], ys[2]);
            p.closePath();
            g.setColor(colours[colour]);
            g.fill(p);
        }
    }

    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    private static String formatSeconds(double t, double step) {
        if (step >= 1) {
            return String.format(Locale.ROOT, "%.0f s", t);
        }
        if (step >= 1e-3) {
            return String.format(Locale.ROOT, "%.0f ms", t * 1e3);
        }
        return String.format(Locale.ROOT, "%.0f us", t * 1e6);
    }
}
