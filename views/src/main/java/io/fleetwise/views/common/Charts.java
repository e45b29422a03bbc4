package io.fleetwise.views.common;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

import java.awt.Color;

/** The look every area's JFreeChart shares, and its viewer's size, so charts match across areas. */
public final class Charts {

    public static final Color PLOT_BACKGROUND = new Color(0xFAFAFA);
    public static final Color GRIDLINE = new Color(0xDDDDDD);

    private Charts() {
    }

    /** White chart, 13 pt title. */
    public static JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(13f));
        return chart;
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
