package io.fleetwise.views.common;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.AbstractRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;

import java.awt.Color;
import java.awt.Paint;

/**
 * The look every area's JFreeChart shares, and its viewer's size, so charts match across areas. Colours come
 * from the current {@link ThemePalette}; {@link #applyPalette} re-colours an existing chart when the theme changes.
 */
public final class Charts {

    /** The light look's plot background and grid lines (the dark look's come from {@link ThemePalette#DARK}). */
    public static final Color PLOT_BACKGROUND = ThemePalette.awt(ThemePalette.LIGHT.background());
    public static final Color GRIDLINE = ThemePalette.awt(ThemePalette.LIGHT.grid());

    private Charts() {
    }

    /** Chart in the current theme's colours, 13 pt title. */
    public static JFreeChart styled(JFreeChart chart) {
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(13f));
        }
        applyPalette(chart, ThemePalette.current());
        return chart;
    }

    /**
     * Re-colours background, titles, legend, plot, grid lines and axes. Series colours an area chose stay, except a
     * series that would vanish on the new background (e.g. a black line on the dark plot), which takes the
     * foreground colour.
     */
    public static void applyPalette(JFreeChart chart, ThemePalette palette) {
        if (chart == null) {
            return;
        }
        Color background = ThemePalette.awt(palette.background());
        Color foreground = ThemePalette.awt(palette.foreground());
        Color grid = ThemePalette.awt(palette.grid());
        chart.setBackgroundPaint(background);
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            Title t = chart.getSubtitle(i);
            if (t instanceof LegendTitle legend) {
                legend.setBackgroundPaint(background);
                legend.setItemPaint(foreground);
            } else if (t instanceof TextTitle text) {
                text.setPaint(foreground);
            }
        }
        if (chart.getTitle() != null) {
            chart.getTitle().setPaint(foreground);
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(background);
        plot.setOutlinePaint(ThemePalette.awt(palette.border()));
        plot.setNoDataMessagePaint(ThemePalette.awt(palette.muted()));
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(grid);
            xy.setRangeGridlinePaint(grid);
            for (int i = 0; i < xy.getDomainAxisCount(); i++) {
                axis(xy.getDomainAxis(i), palette);
            }
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                axis(xy.getRangeAxis(i), palette);
            }
            for (int i = 0; i < xy.getRendererCount(); i++) {
                if (xy.getRenderer(i) instanceof AbstractRenderer r) {
                    keepSeriesVisible(r, seriesCount(xy.getDataset(i) == null ? 0 : xy.getDataset(i).getSeriesCount()), palette);
                }
            }
        } else if (plot instanceof CategoryPlot cat) {
            cat.setDomainGridlinePaint(grid);
            cat.setRangeGridlinePaint(grid);
            for (int i = 0; i < cat.getDomainAxisCount(); i++) {
                axis(cat.getDomainAxis(i), palette);
            }
            for (int i = 0; i < cat.getRangeAxisCount(); i++) {
                axis(cat.getRangeAxis(i), palette);
            }
            for (int i = 0; i < cat.getRendererCount(); i++) {
                if (cat.getRenderer(i) instanceof AbstractRenderer r) {
                    keepSeriesVisible(r, seriesCount(cat.getDataset(i) == null ? 0 : cat.getDataset(i).getRowCount()), palette);
                }
            }
        }
    }

    private static int seriesCount(int n) {
        return Math.max(n, 8);
    }

    private static void axis(Axis axis, ThemePalette palette) {
        if (axis == null) {
            return;
        }
        Color fg = ThemePalette.awt(palette.foreground());
        axis.setLabelPaint(fg);
        axis.setTickLabelPaint(ThemePalette.awt(palette.muted()));
        axis.setAxisLinePaint(ThemePalette.awt(palette.border()));
        axis.setTickMarkPaint(ThemePalette.awt(palette.border()));
    }

    private static void keepSeriesVisible(AbstractRenderer r, int series, ThemePalette palette) {
        ThemePalette other = palette.dark() ? ThemePalette.LIGHT : ThemePalette.DARK;
        Color otherForeground = ThemePalette.awt(other.foreground());
        for (int i = 0; i < series; i++) {
            Paint p = r.getSeriesPaint(i);
            if (p instanceof Color c && (c.equals(otherForeground) || lowContrast(c, palette))) {
                r.setSeriesPaint(i, ThemePalette.awt(palette.foreground()), false);
            }
        }
    }

    /** Relative luminance closer than 0.12 to the background: a line or bar the eye would lose. */
    static boolean lowContrast(Color c, ThemePalette palette) {
        javafx.scene.paint.Color bg = palette.background();
        return Math.abs(luminance(c.getRed() / 255.0, c.getGreen() / 255.0, c.getBlue() / 255.0)
                - luminance(bg.getRed(), bg.getGreen(), bg.getBlue())) < 0.12;
    }

    private static double luminance(double r, double g, double b) {
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }

    /** A viewer that shrinks to 200 x 160 and prefers 400 x 260. */
    public static ChartViewer viewer(String id, JFreeChart chart) {
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setId(id);
        sized(viewer);
        return viewer;
    }

    public static void sized(ChartViewer viewer) {
        viewer.setMinSize(200, 160);
        viewer.setPrefSize(400, 260);
    }
}
