package io.fleetwise.views.common;

import io.fleetwise.planner.glossary.MetricGlossary;
import eu.hansolo.tilesfx.Tile;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.TableColumnHeader;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks an area's scene graph (including the content of tabs, scroll panes, split panes and titled panes, which
 * are not children until their skin is made) and applies what CSS cannot: the theme's colours to charts, tiles
 * and {@link ThemeAware} canvases, and the {@link MetricGlossary}'s explanations as tooltips on tiles, table
 * column headers and charts. Areas build their charts and tiles as they like; the workbench calls this when an
 * area is built and when the theme changes, so no area has to remember to.
 */
public final class ThemedNodes {

    private static final String TOOLTIP_KEY = "fleetwise.metricTooltip";
    private static final String METRIC_LABEL_KEY = "fleetwise.metricLabel";

    private ThemedNodes() {
    }

    /** Re-colours every chart, tile and theme-aware canvas under {@code root}. */
    public static void applyPalette(Node root, ThemePalette palette) {
        NodeWalk.visit(root, node -> {
            if (node instanceof ChartViewer viewer) {
                Charts.applyPalette(viewer.getChart(), palette);
            } else if (node instanceof Tile tile) {
                MetricTiles.applyPalette(tile, palette);
            }
            if (node instanceof ThemeAware aware) {
                aware.applyPalette(palette);
            }
        });
    }

    /**
     * Gives each tile, table column header and chart under {@code root} a tooltip with the glossary entries its
     * title, unit, header text or axis labels mention. Nodes that already have a tooltip of their own keep it.
     */
    public static void explainMetrics(Node root) {
        NodeWalk.visit(root, node -> {
            if (node instanceof Tile tile) {
                explain(tile, metricLabel(tile));
            } else if (node instanceof TableColumnHeader header && header.getTableColumn() != null) {
                explainColumn(header);
            } else if (node instanceof ChartViewer viewer && viewer.getChart() != null) {
                explain(viewer, chartLabels(viewer.getChart()));
            }
        });
    }

    /**
     * Names the metric a tile shows for its tooltip: its title and unit as built, since a tile without a value
     * blanks its unit.
     */
    public static void setMetricLabel(Tile tile, String label) {
        tile.getProperties().put(METRIC_LABEL_KEY, label);
    }

    /** What a tile's tooltip explains: the label set with {@link #setMetricLabel}, else its title and unit now. */
    public static String metricLabel(Tile tile) {
        return tile.getProperties().get(METRIC_LABEL_KEY) instanceof String s ? s : tile.getTitle() + " " + tile.getUnit();
    }

    /** The glossary tooltip {@link #explainMetrics} put on a node, if any. */
    public static java.util.Optional<Tooltip> metricTooltip(Node node) {
        return node.getProperties().get(TOOLTIP_KEY) instanceof Tooltip t ? java.util.Optional.of(t) : java.util.Optional.empty();
    }

    /** The chart's title and axis labels, the words a reader would want explained. */
    static String chartLabels(JFreeChart chart) {
        List<String> parts = new ArrayList<>();
        if (chart.getTitle() != null) {
            parts.add(chart.getTitle().getText());
        }
        List<Axis> axes = new ArrayList<>();
        if (chart.getPlot() instanceof XYPlot xy) {
            axes.add(xy.getDomainAxis());
            axes.add(xy.getRangeAxis());
        } else if (chart.getPlot() instanceof CategoryPlot cat) {
            axes.add(cat.getDomainAxis());
            axes.add(cat.getRangeAxis());
        }
        for (Axis a : axes) {
            if (a != null && a.getLabel() != null) {
                parts.add(a.getLabel());
            }
        }
        return String.join(" | ", parts);
    }

    /** A header's tooltip: its full name when the header is an abbreviation, then what the metric means. */
    private static void explainColumn(TableColumnHeader header) {
        String text = header.getTableColumn().getText();
        java.util.Optional<String> fullName = TableFit.fullNameOf(header.getTableColumn());
        if (fullName.isEmpty()) {
            explain(header, text);
            return;
        }
        String label = fullName.get() + " " + text;
        install(header, fullName.get() + MetricGlossary.tooltipText(label).map(g -> "\n\n" + g).orElse(""));
    }

    private static void explain(Node node, String label) {
        if (uninstallOwn(node)) {
            MetricGlossary.tooltipText(label).ifPresent(text -> install(node, text));
        }
    }

    /** Removes the tooltip this class installed; false when the node has one of its own, which stays. */
    private static boolean uninstallOwn(Node node) {
        Object installed = node.getProperties().get(TOOLTIP_KEY);
        if (installed instanceof Tooltip previous) {
            Tooltip.uninstall(node, previous);
            node.getProperties().remove(TOOLTIP_KEY);
            return true;
        }
        return !(node instanceof Control control && control.getTooltip() != null);
    }

    private static void install(Node node, String text) {
        if (!uninstallOwn(node)) {
            return;
        }
        Tooltip tip = new Tooltip(text);
        tip.setWrapText(true);
        tip.setMaxWidth(460);
        tip.setShowDuration(javafx.util.Duration.seconds(30));
        Tooltip.install(node, tip);
        node.getProperties().put(TOOLTIP_KEY, tip);
    }

}
