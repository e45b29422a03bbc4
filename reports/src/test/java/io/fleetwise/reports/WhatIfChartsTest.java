package io.fleetwise.reports;

import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfSweep;
import io.fleetwise.planner.study.WhatIfSweepPoint;
import io.fleetwise.planner.study.WhatIfSweepResult;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WhatIfChartsTest {

    private static final WhatIfSweepResult TPOT_SWEEP = new WhatIfSweepResult(
            new WhatIfSweep(WhatIfSweep.Parameter.TPOT_MS, "", 10, 50, 3),
            List.of(new WhatIfSweepPoint(10, 8, 10, Double.NaN, 0, "", "Infeasible"),
                    new WhatIfSweepPoint(30, 8, 30, 300, 40, "10 x H100-SXM TP4", ""),
                    new WhatIfSweepPoint(50, 8, 50, 180, 28, "5 x H100-SXM TP4", "")));

    @Test
    void aPointWithoutPlanBreaksTheCostLineAndIsMarkedOnTheAxis() {
        XYDataset cost = WhatIfCharts.sweep(TPOT_SWEEP).getXYPlot().getDataset(0);

        assertThat(cost.getYValue(0, 0)).isNaN();
        assertThat(cost.getSeriesKey(1)).isEqualTo(WhatIfCharts.NO_PLAN_SERIES);
        assertThat(cost.getItemCount(1)).isEqualTo(1);
        assertThat(cost.getXValue(1, 0)).isEqualTo(10.0);
    }

    @Test
    void gpusGoOnTheirOwnAxis() {
        JFreeChart chart = WhatIfCharts.sweep(TPOT_SWEEP);

        assertThat(chart.getXYPlot().getRangeAxis(1).getLabel()).isEqualTo("GPUs");
        assertThat(chart.getXYPlot().getDataset(1).getYValue(0, 2)).isEqualTo(28.0);
    }

    @Test
    void aVariantWithoutPlanHasNoBarButStaysACategory() {
        List<WhatIfRow> rows = List.of(new WhatIfRow("Base", 8, 50, 180, Double.NaN, 28, 0, "5 x H100", "", ""),
                new WhatIfRow("TPOT 10 ms", 8, 10, Double.NaN, Double.NaN, 0, Double.NaN, "", "Infeasible", ""));

        var data = WhatIfCharts.costPerVariant(rows).getCategoryPlot().getDataset();

        assertThat(data.getColumnKeys()).containsExactly("Base", "TPOT 10 ms");
        assertThat(data.getValue(0, 1)).isNull();
    }

    @Test
    void parameterValuesShowAsTyped() {
        assertThat(List.of(WhatIfCharts.number(0.5), WhatIfCharts.number(40), WhatIfCharts.number(1.25)))
                .containsExactly("0.5", "40", "1.25");
    }
}
