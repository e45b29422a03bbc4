package io.fleetwise.uitests;

import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfSweepPoint;
import io.fleetwise.reports.WhatIfCharts;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the What-if area of the demo study the way a planner would: solves the fleet in the Fleet area, then in
 * What-if picks a coarser capacity search (the area's own option), adds "+50 % traffic with H100 20 % cheaper", runs
 * the comparison (without the TPOT variant, which would need a second table), reads the delta in the table and the bar in the chart, sees a further edit re-plan at once, and
 * sweeps the traffic factor over four points.
 */
class WhatIfFlowTest extends AppFlowTest {

    private static final String VARIANT = "traffic +50%, H100-SXM -20%";

    /** Types into a field without Enter, as a user moving on with the mouse. */
    private void fill(String id, String text) {
        robot.clickOn(id);
        robot.push(KeyCode.CONTROL, KeyCode.A).push(KeyCode.BACK_SPACE).write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private TableView<WhatIfRow> table() {
        return robot.lookup("#whatIfTable").queryAs(TableView.class);
    }

    /** The text the delta column shows for the variant's row. */
    private String shownDelta(String variant) {
        return robot.lookup("#whatIfTable .table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> c.getTableColumn() != null && "deltaColumn".equals(c.getTableColumn().getId()))
                .filter(c -> c.getTableRow() != null && c.getTableRow().getItem() instanceof WhatIfRow r
                        && r.variant().equals(variant))
                .map(c -> c.getText() == null ? "" : c.getText()).findFirst().orElse("");
    }

    @Test
    void aVariantIsComparedAgainstTheFleetPlanAndSwept() throws Exception {
        startApp(true);

        openArea("Fleet");
        robot.clickOn("#fleetSolve");
        waitUntil(150, () -> label("#fleetStatus").startsWith("Mix:"));
        assertThat(tile("#tileFleetCost")).isPositive();
        assertThat(label("#fleetStatus")).contains("$");

        openArea("What-if");
        typeInto("#requestsPerSearchField", "150");
        robot.clickOn((javafx.scene.Node) robot.lookup("#variantList .list-cell").match(n -> n instanceof ListCell<?> c
                && c.getText() != null && c.getText().startsWith("TPOT")).query());
        robot.clickOn("#removeVariantButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(label("#whatIfMessage")).startsWith("Removed variant TPOT");
        fill("#trafficField", "50");
        fill("#tpotField", "");
        robot.interact(() -> robot.lookup("#priceGpuChoice").queryAs(ComboBox.class).getSelectionModel()
                .select("H100-SXM"));
        fill("#priceField", "-20");
        robot.clickOn("#addVariantButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(label("#whatIfMessage")).contains("Added variant " + VARIANT);

        robot.clickOn("#runWhatIfButton");
        waitUntil(120, () -> table().getItems().stream().anyMatch(r -> r.variant().equals(VARIANT)));
        WhatIfRow row = table().getItems().stream().filter(r -> r.variant().equals(VARIANT)).findFirst().orElseThrow();
        assertThat(row.costPerHourUsd()).isPositive();
        // the cells render on a later pulse than the items change
        waitUntil(5, () -> shownDelta(VARIANT).matches("[+-]\\d+\\.\\d %"));
        assertThat(shownDelta(VARIANT)).matches("[+-]\\d+\\.\\d %");
        ChartViewer costChart = robot.lookup("#whatIfCostChart").queryAs(ChartViewer.class);
        assertThat(costChart.getChart().getCategoryPlot().getDataset().getColumnKeys()).contains("Base", VARIANT);

        fill("#trafficField", "100");
        fill("#priceField", "0");
        robot.clickOn("#addVariantButton");
        waitUntil(5, () -> table().getItems().stream().anyMatch(r -> r.variant().equals("traffic +100%")));
        assertThat(label("#whatIfStatus")).contains("Re-planned 5 variants");

        fill("#trafficField", "-150");
        robot.clickOn("#addVariantButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(label("#whatIfMessage")).contains("Traffic change (%)", "-150");

        robot.clickOn("#whatIfSweepTab");
        fill("#sweepFrom", "0.5");
        fill("#sweepTo", "2");
        fill("#sweepPoints", "4");
        robot.clickOn("#runSweepButton");
        waitUntil(60, () -> robot.lookup("#whatIfSweepTable").queryAs(TableView.class).getItems().size() == 4);
        @SuppressWarnings("unchecked")
        List<WhatIfSweepPoint> points = robot.lookup("#whatIfSweepTable").queryAs(TableView.class).getItems();
        assertThat(points).extracting(WhatIfSweepPoint::value).containsExactly(0.5, 1.0, 1.5, 2.0);
        assertThat(points).allMatch(WhatIfSweepPoint::feasible);
        assertThat(points.get(3).costPerHourUsd()).isGreaterThan(points.get(0).costPerHourUsd());
        XYDataset cost = robot.lookup("#whatIfSweepChart").queryAs(ChartViewer.class).getChart().getXYPlot().getDataset(0);
        assertThat(cost.getSeriesKey(0)).isEqualTo(WhatIfCharts.COST_SERIES);
        assertThat(cost.getItemCount(0)).isEqualTo(4);
        // the table fills with the last point one FX pulse before the sweep's task reports that it finished
        waitUntil(10, () -> robot.lookup("#whatIfStatus").queryAs(Label.class).getText().contains("Sweep of 4 points"));
        assertThat(robot.lookup("#whatIfStatus").queryAs(Label.class).getText()).contains("Sweep of 4 points");
    }
}
