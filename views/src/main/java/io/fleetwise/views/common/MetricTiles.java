package io.fleetwise.views.common;

import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.TileBuilder;
import javafx.beans.value.ObservableDoubleValue;
import javafx.geometry.Pos;

import java.util.function.DoubleFunction;

/**
 * TilesFX number tiles bound to a view model's metric. A metric of NaN (no result yet) hides the number
 * and says so in the description, so an empty tile never shows a made-up 0.
 */
public final class MetricTiles {

    public static final double TILE_WIDTH = 150;
    public static final double TILE_HEIGHT = 130;
    /**
     * TilesFX scales a tile's text with its smaller side (title = 8% of it with {@link Tile.TextSize#BIGGER}); below
     * this width the title drops under 10 px and cannot be read, so a row of tiles never shrinks them further.
     */
    public static final double MIN_TILE_WIDTH = 126;

    private MetricTiles() {
    }

    /**
     * Tile colours of a theme: the raised surface as background so a tile reads as a card on the area's background,
     * text in the theme's foreground and muted colours.
     */
    public static void applyPalette(Tile tile, ThemePalette palette) {
        tile.setBackgroundColor(palette.surface());
        tile.setBorderColor(palette.border());
        tile.setBorderWidth(1);
        tile.setForegroundColor(palette.foreground());
        tile.setTitleColor(palette.muted());
        tile.setValueColor(palette.foreground());
        tile.setUnitColor(palette.muted());
        tile.setDescriptionColor(palette.muted());
        tile.setTextColor(palette.muted());
    }

    /** A row of tiles that share the width equally and shrink together on a narrow window. */
    public static javafx.scene.layout.HBox row(Tile... tiles) {
        javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(6, tiles);
        for (Tile t : tiles) {
            javafx.scene.layout.HBox.setHgrow(t, javafx.scene.layout.Priority.ALWAYS);
        }
        return row;
    }

    /**
     * @param scale       multiplies the metric for display (100 for a fraction shown in %)
     * @param description text under the number for a given metric value
     */
    public static Tile number(String id, String title, String unit, int decimals, ObservableDoubleValue metric,
                              double scale, DoubleFunction<String> description, String emptyText) {
        Tile tile = TileBuilder.create()
                .skinType(Tile.SkinType.NUMBER)
                .prefSize(TILE_WIDTH, TILE_HEIGHT)
                .title(title)
                .unit(unit)
                .decimals(decimals)
                .minValue(-Double.MAX_VALUE)
                .maxValue(Double.MAX_VALUE)
                .animated(false)
                .textSize(Tile.TextSize.BIGGER)
                .descriptionAlignment(Pos.BASELINE_LEFT)
                .build();
        tile.setId(id);
        applyPalette(tile, ThemePalette.current());
        ThemedNodes.setMetricLabel(tile, title + " " + unit);
        tile.setMinSize(MIN_TILE_WIDTH, TILE_HEIGHT);
        tile.setMaxSize(Double.MAX_VALUE, TILE_HEIGHT);
        Runnable update = () -> {
            double v = metric.get();
            if (Double.isNaN(v)) {
                tile.setValueVisible(false);
                tile.setUnit(" "); // a blank, not "": the NUMBER skin hides an empty unit for good
                tile.setDescription(emptyText);
                tile.setValue(0);
            } else {
                tile.setValueVisible(true);
                tile.setUnit(unit);
                tile.setValue(v * scale);
                tile.setDescription(description.apply(v));
            }
        };
        metric.addListener((obs, old, now) -> update.run());
        update.run();
        return tile;
    }
}
