package io.fleetwise.views.common;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.paint.Color;

import java.util.List;

/**
 * The colours of one look (light or dark) for everything CSS cannot reach: JFreeChart charts (AWT paints),
 * canvases (the cluster drawing, the timeline) and TilesFX tiles. The values follow AtlantaFX Primer's
 * -color-bg-default / -color-fg-default so drawn content matches the styled controls around it.
 * {@link #currentProperty()} is the one place that knows which look is on; the workbench sets it, drawing code
 * reads it (FX thread only).
 */
public record ThemePalette(String name, boolean dark, Color background, Color surface, Color raised,
                           Color foreground, Color muted, Color grid, Color border, Color accent,
                           Color selection, Color error, List<Color> series) {

    public static final ThemePalette LIGHT = new ThemePalette("Light", false,
            Color.web("#ffffff"), Color.web("#f6f8fa"), Color.web("#ffffff"),
            Color.web("#24292f"), Color.web("#57606a"), Color.web("#dddddd"), Color.web("#b5bcc4"),
            Color.web("#0969da"), Color.web("#e07b00"), Color.web("#b00020"),
            List.of(Color.web("#1565c0"), Color.web("#2e7d32"), Color.web("#ef6c00"), Color.web("#c62828"),
                    Color.web("#6a1b9a"), Color.web("#00838f")));

    public static final ThemePalette DARK = new ThemePalette("Dark", true,
            Color.web("#0d1117"), Color.web("#161b22"), Color.web("#21262d"),
            Color.web("#c9d1d9"), Color.web("#8b949e"), Color.web("#30363d"), Color.web("#484f58"),
            Color.web("#58a6ff"), Color.web("#f0883e"), Color.web("#ff7b72"),
            List.of(Color.web("#58a6ff"), Color.web("#56d364"), Color.web("#f0883e"), Color.web("#ff7b72"),
                    Color.web("#d2a8ff"), Color.web("#39c5cf")));

    private static final ObjectProperty<ThemePalette> CURRENT = new SimpleObjectProperty<>(ThemePalette.class, "current", LIGHT);

    public ThemePalette {
        series = List.copyOf(series);
    }

    /** The look now on; listen to it to redraw canvases when the user switches theme. */
    public static ObjectProperty<ThemePalette> currentProperty() {
        return CURRENT;
    }

    public static ThemePalette current() {
        return CURRENT.get();
    }

    /** The i-th series colour, cycling. */
    public Color seriesColor(int i) {
        return series.get(Math.floorMod(i, series.size()));
    }

    /** CSS hex text of a colour ({@code #rrggbb}), for inline styles of regions that draw with a palette colour. */
    public static String css(Color c) {
        return String.format(java.util.Locale.ROOT, "#%02x%02x%02x",
                Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }

    /** The same colour as an AWT colour, for JFreeChart. */
    public static java.awt.Color awt(Color c) {
        return new java.awt.Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue(), (float) c.getOpacity());
    }
}
