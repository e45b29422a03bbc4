package io.fleetwise.views.whatif;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.service.WhatIfService;
import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfSweep;
import io.fleetwise.planner.study.WhatIfSweepPoint;
import io.fleetwise.planner.study.WhatIfVariant;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.reports.WhatIfCharts;
import io.fleetwise.views.study.CurrentStudy;
import io.fleetwise.views.study.TestStudies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WhatIfViewModelTest {

    private static final Catalog CATALOG = Catalog.builtIn();
    /** Shared, like the app's one engine per session: the throughput table of the study is simulated once. */
    private static final WhatIfService ANALYSIS = new WhatIfService(new io.fleetwise.planner.service.FleetAllocationService(
            Catalog::builtIn, io.fleetwise.planner.service.ThroughputTableCache.inMemory(512), 2));
    private CurrentStudy study;
    private CurrentThreadTaskExecutor executor;
    private WhatIfViewModel viewModel;

    @TempDir
    Path dir;

    @BeforeEach
    void open() {
        List<NodeGroup> groups = List.of(
                new NodeGroup("H100", Node.standard(CATALOG.gpu("H100-SXM")), 1, 0),
                new NodeGroup("L4", new Node(CATALOG.gpu("L4"), 4, Interconnect.intraNodeOf(CATALOG.gpu("L4")),
                        Interconnect.INFINIBAND_NDR), 2, 0));
        study = TestStudies.open(StudyDocument.empty("w").withNodeGroups(groups).withModelName("Llama-3.1-8B")
                .withWorkload(WorkloadSpec.preset("chat", 3.0).withRequests(300)));
        executor = new CurrentThreadTaskExecutor();
        viewModel = newViewModel();
        viewModel.requestsPerSearchTextProperty().set("200");
    }

    private WhatIfViewModel newViewModel() {
        WhatIfViewModel vm = new WhatIfViewModel(study, CalibrationSet::builtIn, executor, ANALYSIS, Runnable::run);
        vm.requestsPerSearchTextProperty().set("200");
        return vm;
    }

    private void runBaseAndTraffic() {
        viewModel.variants().setAll(WhatIfVariant.base(), WhatIfVariant.traffic(2.0));
        viewModel.run();
    }

    @Test
    void theDefaultVariantsEndWithTheDearestGpuCheaper() {
        assertThat(viewModel.variants()).extracting(WhatIfVariant::name)
                .containsExactly("Base", "Traffic +50%", "TPOT 40 ms", "H100-SXM price -30%");
    }

    @Test
    void aVariantWithABadNumberIsNotAddedAndTheFieldIsNamed() {
        viewModel.trafficPercentTextProperty().set("double");

        assertThat(viewModel.addVariant()).isFalse();
        assertThat(viewModel.messageProperty().get()).contains("Traffic change", "'double'");
        assertThat(viewModel.messageIsErrorProperty().get()).isTrue();
        assertThat(viewModel.variants()).hasSize(4);
        assertThat(viewModel.trafficPercentTextProperty().get()).isEqualTo("double");
    }

    @Test
    void aTrafficCutOfAHundredPercentOrMoreIsRefusedWithItsValue() {
        viewModel.trafficPercentTextProperty().set("-150");

        assertThat(viewModel.addVariant()).isFalse();
        assertThat(viewModel.messageProperty().get()).contains("Traffic change (%)", "-150");
    }

    @Test
    void aPriceChangeNeedsAGpuType() {
        viewModel.pricePercentTextProperty().set("-20");

        assertThat(viewModel.addVariant()).isFalse();
        assertThat(viewModel.messageProperty().get()).contains("GPU price change (%)", "-20", "GPU type");
        assertThat(viewModel.pricePercentTextProperty().get()).isEqualTo("-20");
    }

    @Test
    void runningStoresTheRowsInTheStudy() {
        runBaseAndTraffic();

        assertThat(viewModel.rows()).hasSize(2);
        assertThat(study.document().results().get("whatIf").get(1).path("variant").asText()).isEqualTo("Traffic +100%");
        assertThat(viewModel.liveProperty().get()).isTrue();
    }

    @Test
    void theErrorBandBuildsItsTablesOnceThenFollowsEveryReplanAndGoesWhenSwitchedOff() {
        runBaseAndTraffic();
        assertThat(viewModel.bandTextProperty().get()).isEmpty();

        viewModel.bandProperty().set(true);

        assertThat(viewModel.bandTextProperty().get()).as(viewModel.statusProperty().get())
                .startsWith("Base: Within the model's error band (TTFT +-");
        assertThat(executor.progressMessages()).anyMatch(m -> m.contains("Error band table"));
        int progressBefore = executor.progressMessages().size();
        viewModel.trafficPercentTextProperty().set("50");
        assertThat(viewModel.addVariant()).isTrue();
        assertThat(executor.progressMessages()).as("no new searches for the band").hasSize(progressBefore);
        assertThat(viewModel.bandTextProperty().get()).startsWith("Base: Within the model's error band");

        viewModel.bandProperty().set(false);
        assertThat(viewModel.bandTextProperty().get()).isEmpty();
    }

    @Test
    void afterTheFirstRunAddingAVariantReplansAtOnceWithoutNewSearches() {
        runBaseAndTraffic();
        int progressBefore = executor.progressMessages().size();
        viewModel.trafficPercentTextProperty().set("50");
        viewModel.priceGpuProperty().set("H100-SXM");
        viewModel.pricePercentTextProperty().set("-30");

        assertThat(viewModel.addVariant()).isTrue();

        assertThat(viewModel.rows()).extracting(WhatIfRow::variant).last().isEqualTo("traffic +50%, H100-SXM -30%");
        assertThat(viewModel.rows().get(2).deltaCostPercent()).isFinite();
        assertThat(executor.progressMessages()).hasSize(progressBefore);
        assertThat(viewModel.statusProperty().get()).contains("Re-planned 3 variants");
    }

    @Test
    void removingAVariantReplansAndTheBaseStays() {
        runBaseAndTraffic();

        viewModel.removeVariant(viewModel.variants().get(1));
        viewModel.removeVariant(viewModel.variants().get(0));

        assertThat(viewModel.rows()).extracting(WhatIfRow::variant).containsExactly("Base");
        assertThat(viewModel.messageProperty().get()).contains("base");
    }

    @Test
    void aTighterStudySloBuildsANewTableAndReplans() {
        runBaseAndTraffic();
        int progressBefore = executor.progressMessages().size();

        study.edit(d -> d.withSlo(new Slo(d.slo().ttftMs(), 45, d.slo().e2eMs(), d.slo().attainment())));

        assertThat(executor.progressMessages().size()).isGreaterThan(progressBefore);
        assertThat(viewModel.rows()).extracting(WhatIfRow::tpotMs).containsOnly(45.0);
    }

    @Test
    void badSettingsAreNamedAndNothingRuns() {
        viewModel.requestsPerSearchTextProperty().set("lots");

        viewModel.run();

        assertThat(viewModel.messageProperty().get()).contains("Requests per search", "'lots'");
        assertThat(viewModel.rows()).isEmpty();
    }

    @Test
    void aPriceSweepIsStoredChartedAndExportedAsCsv() throws Exception {
        viewModel.sweepParameterProperty().set(WhatIfSweep.Parameter.GPU_PRICE_FACTOR);
        viewModel.sweepGpuProperty().set("H100-SXM");
        viewModel.sweepFromTextProperty().set("0.5");
        viewModel.sweepToTextProperty().set("1.5");
        viewModel.sweepPointsTextProperty().set("3");

        viewModel.runSweep();

        assertThat(viewModel.sweepPoints()).extracting(WhatIfSweepPoint::value).containsExactly(0.5, 1.0, 1.5);
        assertThat(study.document().results().get("whatIfSweep").get("points")).hasSize(3);
        List<String> csv = Files.readAllLines(viewModel.exportSweepCsv(dir.resolve("sweep.csv")));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).startsWith("H100-SXM price factor (x),Rate (req/s)");
        assertThat(WhatIfCharts.sweep(viewModel.sweepResultProperty().get()).getXYPlot().getDataset(0).getItemCount(0))
                .isEqualTo(3);
    }

    @Test
    void aSweepWithBadPointsNamesTheFieldAndKeepsTheText() {
        viewModel.sweepPointsTextProperty().set("1");

        viewModel.runSweep();

        assertThat(viewModel.messageProperty().get()).contains("Sweep points", "1");
        assertThat(viewModel.sweepPointsTextProperty().get()).isEqualTo("1");
        assertThat(viewModel.sweepResultProperty().get()).isNull();
    }

    @Test
    void storedRowsAndSweepShowAgainInANewViewModel() {
        runBaseAndTraffic();
        viewModel.runSweep();

        WhatIfViewModel reopened = newViewModel();

        assertThat(reopened.rows()).hasSize(2);
        assertThat(reopened.variants()).extracting(WhatIfVariant::name).containsExactly("Base", "Traffic +100%");
        assertThat(reopened.sweepPoints()).hasSize(7);
    }

    @Test
    void theCostChartLabelsTheDeltaAgainstTheBase() {
        runBaseAndTraffic();

        var chart = WhatIfCharts.costPerVariant(viewModel.rows());
        var renderer = chart.getCategoryPlot().getRenderer();
        String label = renderer.getDefaultItemLabelGenerator().generateLabel(chart.getCategoryPlot().getDataset(), 0, 1);

        assertThat(label).contains(String.format(java.util.Locale.ROOT, "%+.1f %%", viewModel.rows().get(1).deltaCostPercent()));
        assertThat(chart.getCategoryPlot().getDataset().getColumnKeys()).containsExactly("Base", "Traffic +100%");
    }

    @Test
    void updatingAVariantReplacesItInPlaceAndReplans() {
        runBaseAndTraffic();
        viewModel.fillForm(viewModel.variants().get(1));
        assertThat(viewModel.trafficPercentTextProperty().get()).isEqualTo("100");
        viewModel.trafficPercentTextProperty().set("25");

        assertThat(viewModel.updateVariant(viewModel.variants().get(1))).isTrue();

        assertThat(viewModel.rows()).extracting(WhatIfRow::variant).containsExactly("Base", "traffic +25%");
        assertThat(viewModel.rows().get(1).ratePerS()).isEqualTo(3.75);
    }
}
