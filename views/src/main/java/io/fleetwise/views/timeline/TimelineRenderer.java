package io.fleetwise.views.timeline;

import io.fleetwise.datastore.trace.model.TimelineWindow;
import io.fleetwise.datastore.trace.model.TrackLayout;
import io.fleetwise.datastore.trace.model.Viewport;
import io.fleetwise.reports.timeline.TimelinePainter;
import io.fleetwise.views.common.ThemePalette;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The Timeline area's canvas drawn by the shared {@link TimelinePainter} (the report's timeline picture is drawn by
 * the same routine on Java2D): this class maps the painter's colour indices to the current {@link ThemePalette}'s
 * colours (made once per theme, so a frame allocates none) and its calls to the canvas. Runs on the FX thread.
 */
public final class TimelineRenderer {
    private static final Font LABEL_FONT = Font.font("System", 11);
    private static final Font HEADER_FONT = Font.font("System", 12);

    private final TimelinePainter painter = new TimelinePainter();
    private final FxSurface surface = new FxSurface();

    /** Draw calls issued by the last frame (for the dev overlay and the benchmark). */
    public long lastDrawCalls() {
        return painter.lastDrawCalls();
    }

    public void render(GraphicsContext g, double width, double height, double scrollY, TrackLayout layout,
                       TimelineWindow window, Viewport view, long selectedSliceId) {
        surface.use(g, ThemePalette.current());
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        painter.paint(surface, width, height, scrollY, layout, window, view, selectedSliceId);
    }

    /** The painter's surface on a JavaFX canvas. */
    private static final class FxSurface implements TimelinePainter.Surface {
        private final Color[] colours = new Color[TimelinePainter.COLOURS];
        private ThemePalette palette;
        private GraphicsContext g;
        private Font font;

        FxSurface() {
            for (int c = TimelinePainter.COUNTER; c < TimelinePainter.COLOURS; c++) {
                colours[c] = Color.rgb(TimelinePainter.fixedRgb(c) >> 16 & 0xFF, TimelinePainter.fixedRgb(c) >> 8 & 0xFF,
                        TimelinePainter.fixedRgb(c) & 0xFF);
            }
        }

        void use(GraphicsContext context, ThemePalette current) {
            g = context;
            font = null;
            if (current != palette) {
                palette = current;
                colours[TimelinePainter.BACKGROUND] = current.background();
                colours[TimelinePainter.SURFACE] = current.surface();
                colours[TimelinePainter.FOREGROUND] = current.foreground();
                colours[TimelinePainter.MUTED] = current.muted();
            }
        }

        @Override
        public void fillRect(int colour, double x, double y, double w, double h) {
            g.setFill(colours[colour]);
            g.fillRect(x, y, w, h);
        }

        @Override
        public void strokeRect(int colour, double x, double y, double w, double h, double lineWidth) {
            g.setStroke(colours[colour]);
            g.setLineWidth(lineWidth);
            g.strokeRect(x, y, w, h);
        }

        @Override
        public void text(int colour, boolean header, String text, double x, double y) {
            Font wanted = header ? HEADER_FONT : LABEL_FONT;
            if (wanted != font) {
                g.setFont(wanted);
                font = wanted;
            }
            g.setFill(colours[colour]);
            g.fillText(text, x, y);
        }

        @Override
        public void triangle(int colour, double[] xs, double[] ys) {
            g.setFill(colours[colour]);
            g.fillPolygon(xs, ys, 3); // copies the points, so the caller reuses its arrays
        }
    }
}
