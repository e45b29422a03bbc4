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

    public static final double TILE_WIDTH = 170;
    public static final double TILE_HEIGHT = 120;

    private MetricTiles() {
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
                .descriptionAlignment(Pos.BASELINE_LEFT)
                .build();
        tile.setId(id);
        Runnable update = () -> {
            double v = metric.get();
            if (Double.isNaN(v)) {
                tile.setValueVisible(false);
                tile.setUnit("");
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
