package io.fleetwise.reports;

import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.RateSweepPoint;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The report's charts (JFreeChart, drawn with java.awt so no JavaFX is needed). */
public final class ReportCharts {

    /** A chart with the file stem its PNG export gets. */
    public record NamedChart(String fileStem, JFreeChart chart) {
    }

    private static final Color MIX = new Color(0x2E7D32);
    private static final Color SINGLE = new Color(0x90A4AE);

    private ReportCharts() {
    }

    /**
     * Whether the mix-against-single-types chart shows a difference: at least one single-type fleet can serve the
     * workload and the mix is cheaper than the best of them (two equal bars say nothing a sentence cannot).
     */
    public static boolean comparisonSaysSomething(ReportInput input) {
        BaselineComparison comparison = input.comparison();
        return comparison.mix().hasPlan() && comparison.bestSingleType().isPresent()
                && comparison.bestSingleType().get().costPerHourUsd() > comparison.mix().costPerHourUsd() * 1.005;
    }

    /** What-if variants with a cost: a chart of fewer than two bars is left out. */
    static long variantsWithCost(ReportInput input) {
        return input.saved().whatIf().stream().filter(r -> !Double.isNaN(r.costPerHourUsd())).count();
    }

    /** Cost per hour of the mix and of each single-type fleet that can serve the workload alone. */
    public static JFreeChart costComparison(ReportInput input) {
        BaselineComparison comparison = input.comparison();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        data.addValue(comparison.mix().costPerHourUsd(), "cost", "Mix");
        for (AllocationResult single : comparison.singleTypeFleets()) {
            if (single.hasPlan()) {
                data.addValue(single.costPerHourUsd(), "cost", "Only " + BaselineComparison.candidateOf(single));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Cost per hour: mix vs single-type fleets", null, "$ / hour",
                data, PlotOrientation.HORIZONTAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = new BarRenderer() {
            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return column == 0 ? MIX : SINGLE;
            }
        };
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("0.00")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setMaximumBarWidth(0.15);
        plot.setRenderer(renderer);
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.45f);
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        plot.getRangeAxis().setUpperMargin(0.15);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        style(chart);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    /** Cost against total request rate for the mix and each single type; empty without a sweep. */
    public static Optional<JFreeChart> rateSweep(ReportInput input) {
        List<RateSweepPoint> points = input.rateSweep();
        if (points.isEmpty()) {
            return Optional.empty();
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries mix = new XYSeries("Mix");
        for (RateSweepPoint p : points) {
            if (!Double.isNaN(p.mixCostPerHourUsd())) {
                mix.add(p.totalRatePerSecond(), p.mixCostPerHourUsd());
            }
        }
        data.addSeries(mix);
        for (String candidate : points.get(0).singleTypeCostPerHourUsd().keySet()) {
            XYSeries series = new XYSeries("Only " + candidate);
            for (RateSweepPoint p : points) {
                Double cost = p.singleTypeCostPerHourUsd().get(candidate);
                if (cost != null && !Double.isNaN(cost)) {
                    series.add(p.totalRatePerSecond(), cost);
                }
            }
            if (series.getItemCount() > 0) {
                data.addSeries(series);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Cost against request rate", "total request rate (req/s)",
                "$ / hour", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, MIX);
        renderer.setSeriesStroke(0, new BasicStroke(3f));
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        style(chart);
        return Optional.of(chart);
    }

    public static List<NamedChart> all(ReportInput input) {
        List<NamedChart> charts = new ArrayList<>();
        if (comparisonSaysSomething(input)) {
            charts.add(new NamedChart("cost_comparison", costComparison(input)));
        }
        rateSweep(input).ifPresent(c -> charts.add(new NamedChart("rate_sweep", c)));
        if (variantsWithCost(input) >= 2) {
            charts.add(new NamedChart("what_if_cost", io.fleetwise.reports.WhatIfCharts.costPerVariant(
                    input.saved().whatIf())));
        }
        input.saved().whatIfSweep().ifPresent(s -> charts.add(new NamedChart("what_if_sweep",
                io.fleetwise.reports.WhatIfCharts.sweep(s))));
        return charts;
    }

    /** Draws at {@code scale} times the size so the image stays sharp when the PDF is zoomed. */
    public static BufferedImage render(JFreeChart chart, int widthPt, int heightPt, double scale) {
        return chart.createBufferedImage((int) Math.round(widthPt * scale), (int) Math.round(heightPt * scale),
                widthPt, heightPt, null);
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        chart.setAntiAlias(true);
    }

}
