package io.fleetwise.reports;

import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceReader;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TrackInfo;
import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.datastore.trace.model.CounterColumns;
import io.fleetwise.datastore.trace.model.DensityColumns;
import io.fleetwise.datastore.trace.model.SliceColumns;
import io.fleetwise.datastore.trace.model.TimelineWindow;
import io.fleetwise.datastore.trace.model.TrackWindow;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A picture of a study's trace for the report, drawn with Java2D (works headless, in the CLI): the newest trace the
 * study owns (its {@code studyId}, or an id the study lists), else the newest whose name contains the study's name;
 * the whole trace at once, one lane per track (at most {@value #MAX_LANES}), slices coloured by name, counters as
 * a filled line. The data come from the trace store's window query at one pixel per column.
 */
public final class TimelineSnapshot {

    /** Drawn image and what it shows. */
    public record Snapshot(BufferedImage image, String caption) {
    }

    static final int WIDTH = 1400;
    static final int MAX_LANES = 14;
    private static final int LABEL_WIDTH = 260;
    private static final int LANE_HEIGHT = 46;
    private static final int AXIS_HEIGHT = 46;
    private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F),
            new Color(0xE15759), new Color(0x76B7B2), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
            new Color(0x9C755F), new Color(0xBAB0AC)};

    private TimelineSnapshot() {
    }

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

    public static Snapshot render(TraceStore store, TraceInfo trace, String how) {
        try (TraceReader reader = store.openReader(trace.id())) {
            List<TrackInfo> lanes = new ArrayList<>();
            for (TrackInfo t : reader.tracks()) {
                if (t.kind() != TrackKind.PROCESS && t.eventCount() > 0 && lanes.size() < MAX_LANES) {
                    lanes.add(t);
                }
            }
            long from = trace.startNs();
            long to = Math.max(trace.endNs(), from + 1);
            double nsPerPixel = (double) (to - from) / (WIDTH - LABEL_WIDTH);
            TimelineWindow window = reader.window(lanes.stream().map(TrackInfo::id).toList(), from, to, nsPerPixel);
            BufferedImage image = draw(trace, lanes, window, from, nsPerPixel);
            int hidden = (int) reader.tracks().stream().filter(t -> t.kind() != TrackKind.PROCESS && t.eventCount() > 0)
                    .count() - lanes.size();
            String caption = String.format(Locale.ROOT, "Trace %d '%s' (%s; %s): %.3f s, %d events, %d tracks shown%s.",
                    trace.id(), trace.name(), trace.source(), how, (to - from) / 1e9, trace.eventCount(), lanes.size(),
                    hidden > 0 ? ", " + hidden + " more not shown" : "");
            return new Snapshot(image, caption);
        }
    }

    private static BufferedImage draw(TraceInfo trace, List<TrackInfo> lanes, TimelineWindow window, long from,
                                      double nsPerPixel) {
        int height = AXIS_HEIGHT + Math.max(1, lanes.size()) * LANE_HEIGHT + 8;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
            axis(g, trace, from, nsPerPixel);
            for (int lane = 0; lane < lanes.size(); lane++) {
                int y = AXIS_HEIGHT + lane * LANE_HEIGHT;
                g.setColor(lane % 2 == 0 ? new Color(0xF4F5F7) : Color.WHITE);
                g.fillRect(0, y, WIDTH, LANE_HEIGHT);
                g.setColor(new Color(0x333333));
                g.drawString(clip(g, lanes.get(lane).name(), LABEL_WIDTH - 12), 6, y + LANE_HEIGHT / 2 + 8);
                TrackWindow tw = window.tracks().get(lanes.get(lane).id());
                if (tw != null) {
                    lane(g, tw, lanes.get(lane), window, y, from, nsPerPixel);
                }
            }
            g.setColor(new Color(0xCCCCCC));
            g.drawLine(LABEL_WIDTH, AXIS_HEIGHT, LABEL_WIDTH, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void axis(Graphics2D g, TraceInfo trace, long from, double nsPerPixel) {
        double spanS = (trace.endNs() - from) / 1e9;
        double step = niceStep(spanS / 8);
        g.setColor(new Color(0x666666));
        for (double t = 0; t <= spanS + 1e-12; t += step) {
            int x = LABEL_WIDTH + (int) Math.round(t * 1e9 / nsPerPixel);
            g.drawLine(x, AXIS_HEIGHT - 8, x, AXIS_HEIGHT);
            g.drawString(formatSeconds(t, step), x + 4, AXIS_HEIGHT - 14);
        }
        g.drawString("time", 6, AXIS_HEIGHT - 14);
    }

    private static void lane(Graphics2D g, TrackWindow tw, TrackInfo track, TimelineWindow window, int y, long from,
                             double nsPerPixel) {
        int top = y + 4;
        int h = LANE_HEIGHT - 8;
        CounterColumns counters = tw.counters();
        if (track.kind() == TrackKind.COUNTER || counters.size() > 0 && tw.slices().size() == 0) {
            double max = counters.maxValue() > 0 ? counters.maxValue() : 1;
            g.setColor(new Color(0x4E79A7));
            // each sample holds until the next one, so the counter reads as a filled step area, not hairlines
            for (int i = 0; i < counters.size(); i++) {
                int x = LABEL_WIDTH + (int) ((counters.tsNs(i) - from) / nsPerPixel);
                int next = i + 1 < counters.size() ? LABEL_WIDTH + (int) ((counters.tsNs(i + 1) - from) / nsPerPixel) : x + 1;
                int bar = (int) Math.round(h * Math.max(0, counters.max(i)) / max);
                g.fillRect(x, top + h - bar, Math.max(1, next - x), Math.max(bar, 0));
            }
            return;
        }
        int depths = Math.max(1, Math.min(3, track.maxDepth() + 1));
        int rowH = Math.max(4, h / depths);
        DensityColumns density = tw.density();
        if (density != null) {
            for (int i = 0; i < density.size(); i++) {
                int x = LABEL_WIDTH + (int) ((density.bucketStartNs(i) - from) / nsPerPixel);
                int w = Math.max(1, (int) Math.round(density.bucketWidthNs() / nsPerPixel));
                g.setColor(colour(window.name(density.longestNameId(i))));
                g.fillRect(x, top, w, rowH - 1);
            }
        }
        SliceColumns s = tw.slices();
        for (int i = 0; i < s.size(); i++) {
            if (s.depth(i) >= depths) {
                continue;
            }
            int x = LABEL_WIDTH + (int) Math.floor((Math.max(s.startNs(i), from) - from) / nsPerPixel);
            int w = Math.max(1, (int) Math.round(s.durNs(i) / nsPerPixel));
            g.setColor(colour(window.name(s.nameId(i))));
            g.fillRect(x, top + s.depth(i) * rowH, w, rowH - 1);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static Color colour(String name) {
        String key = name == null ? "" : name.replaceAll("[0-9]+", "");
        int h = key.hashCode() * 0x9E3779B9;
        return PALETTE[Math.floorMod(h ^ (h >>> 15), PALETTE.length)];
    }

    private static String clip(Graphics2D g, String text, int width) {
        String t = text == null ? "" : text;
        if (g.getFontMetrics().stringWidth(t) <= width) {
            return t;
        }
        while (!t.isEmpty() && g.getFontMetrics().stringWidth(t + "...") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "...";
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
