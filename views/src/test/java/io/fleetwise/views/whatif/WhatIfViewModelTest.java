package io.fleetwise.views.whatif;

import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.simulated.FleetValidator;
import io.fleetwise.planner.alloc.simulated.SimulatedAllocation;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WhatIfAnalysis;
import io.fleetwise.planner.study.WhatIfVariant;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.views.study.CurrentStudy;
import io.fleetwise.views.study.TestStudies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WhatIfViewModelTest {

    private static final Catalog CATALOG = Catalog.builtIn();
    private CurrentStudy study;
    private WhatIfViewModel viewModel;

    @BeforeEach
    void open() {
        List<NodeGroup> groups = List.of(
                new NodeGroup("H100", Node.standard(CATALOG.gpu("H100-SXM")), 1, 0),
                new NodeGroup("L4", new Node(CATALOG.gpu("L4"), 4, Interconnect.intraNodeOf(CATALOG.gpu("L4")),
                        Interconnect.INFINIBAND_NDR), 2, 0));
        study = TestStudies.open(StudyDocument.empty("w").withNodeGroups(groups).withModelName("Llama-3.1-8B")
                .withWorkload(WorkloadSpec.preset("chat", 3.0).withRequests(300)));
        viewModel = new WhatIfViewModel(study, new CurrentThreadTaskExecutor(), new WhatIfAnalysis(new SimulatedAllocation(
                new FleetAllocator(), new SimulatedThroughputTable.Options(new CapacitySearch.Options(200, 42L, 0.05, 15), 2),
                FleetValidator.Options.defaults())));
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
        assertThat(viewModel.variants()).hasSize(4);
    }

    @Test
    void aPriceChangeNeedsAGpuType() {
        viewModel.pricePercentTextProperty().set("-20");

        assertThat(viewModel.addVariant()).isFalse();
    }

    @Test
    void runningStoresTheRowsInTheStudy() {
        viewModel.variants().setAll(WhatIfVariant.base(), WhatIfVariant.traffic(2.0));

        viewModel.run();

        assertThat(viewModel.rows()).hasSize(2);
        assertThat(study.document().results().get("whatIf").get(1).path("variant").asText()).isEqualTo("Traffic +100%");
    }
}
