package io.fleetwise.reports;

import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfSweepPoint;
import io.fleetwise.planner.study.WhatIfSweepResult;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * The What-if area's charts (JFreeChart): cost per variant with its delta, and a sweep's cost and GPUs. Drawn in the
 * printed (light) look; the GUI re-colours them for its theme.
 */
public final class WhatIfCharts {

    public static final String COST_SERIES = "Cost ($/h)";
    public static final String GPU_SERIES = "GPUs";
    public static final String NO_PLAN_SERIES = "No feasible plan";

    private static final Color COST = new Color(0x1F77B4);
    private static final Color GPUS = new Color(0xFF7F0E);
    private static final Color NO_PLAN = new Color(0xB00020);
    private static final Color PLOT_BACKGROUND = Color.WHITE;
    private static final Color GRIDLINE = new Color(0xDDDDDD);

    private WhatIfCharts() {
    }

    /** A parameter value as typed: 0.5, 1.25, 40 (no trailing zeros). */
    public static String number(double v) {
        String text = String.format(Locale.ROOT, "%.4g", v);
        if (text.contains(".") && !text.contains("e")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text;
    }

    /** One bar per variant with a plan, labelled with its cost delta against the base (e.g. "+12.3 %"). */
    public static JFreeChart costPerVariant(List<WhatIfRow> rows) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (WhatIfRow r : rows) {
            data.addValue(Double.isNaN(r.costPerHourUsd()) ? null : r.costPerHourUsd(), COST_SERIES, r.variant());
        }
        JFreeChart chart = ChartFactory.createBarChart("Cost per variant", null, "$/h", data, PlotOrientation.VERTICAL,
                false, true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setNoDataMessage("Run the what-if to see the cost per variant");
        plot.setBackgroundPaint(PLOT_BACKGROUND);
        plot.setRangeGridlinePaint(GRIDLINE);
        plot.getDomainAxis().setMaximumCategoryLabelLines(3);
        // room for the outermost bars' labels
        plot.getDomainAxis().setLowerMargin(0.06);
        plot.getDomainAxis().setUpperMargin(0.06);
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, COST);
        bars.setMaximumBarWidth(0.12);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(CategoryDataset dataset, int row, int column) {
                WhatIfRow r = rows.get(column);
                String cost = String.format(Locale.ROOT, "$%.0f", r.costPerHourUsd());
                return column == 0 ? cost + " (base)" : Double.isNaN(r.deltaCostPercent()) ? cost
                        : cost + String.format(Locale.ROOT, " (%+.1f %%)", r.deltaCostPercent());
            }
        });
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        bars.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
        ((NumberAxis) plot.getRangeAxis()).setUpperMargin(0.15);
        return printed(chart);
    }

    /**
     * Cost (left axis) and GPUs (right axis) against the swept parameter; a point without a feasible plan breaks the
     * lines and is marked by a red cross on the parameter axis.
     */
    public static JFreeChart sweep(WhatIfSweepResult result) {
        XYSeries cost = new XYSeries(COST_SERIES);
        XYSeries gpus = new XYSeries(GPU_SERIES);
        XYSeries noPlan = new XYSeries(NO_PLAN_SERIES);
        String axis = result == null ? "" : result.sweep().axisLabel();
        if (result != null) {
            for (WhatIfSweepPoint p : result.points()) {
                if (p.feasible()) {
                    cost.add(p.value(), p.costPerHourUsd());
                    gpus.add(p.value(), p.gpus());
                } else {
                    cost.add(p.value(), null);
                    gpus.add(p.value(), null);
                    noPlan.add(p.value(), 0.0);
                }
            }
        }
        XYSeriesCollection costData = new XYSeriesCollection(cost);
        if (noPlan.getItemCount() > 0) {
            costData.addSeries(noPlan);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(result == null ? "Sweep" : "Cost and GPUs vs " + axis, axis,
                "$/h", costData, PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        plot.setNoDataMessage("Run a sweep to see cost and GPUs against the parameter");
        plot.setBackgroundPaint(PLOT_BACKGROUND);
        plot.setDomainGridlinePaint(GRIDLINE);
        plot.setRangeGridlinePaint(GRIDLINE);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer costRenderer = new XYLineAndShapeRenderer(true, true);
        costRenderer.setSeriesPaint(0, COST);
        costRenderer.setSeriesStroke(0, new BasicStroke(2f));
        costRenderer.setSeriesPaint(1, NO_PLAN);
        costRenderer.setSeriesLinesVisible(1, false);
        costRenderer.setSeriesShape(1, ShapeUtils.createDiagonalCross(5f, 1.5f));
        plot.setRenderer(0, costRenderer);
        NumberAxis gpuAxis = new NumberAxis("GPUs");
        gpuAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.setRangeAxis(1, gpuAxis);
        plot.setRangeAxisLocation(1, AxisLocation.BOTTOM_OR_RIGHT);
        plot.setDataset(1, new XYSeriesCollection(gpus));
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer gpuRenderer = new XYLineAndShapeRenderer(true, true);
        gpuRenderer.setSeriesPaint(0, GPUS);
        gpuRenderer.setSeriesStroke(0, new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                new float[] {6f, 4f}, 0f));
        plot.setRenderer(1, gpuRenderer);
        return printed(chart);
    }

    private static JFreeChart printed(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(13f));
        return chart;
    }
}
