package io.fleetwise.planner.study;

import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.simulated.FleetValidator;
import io.fleetwise.planner.alloc.simulated.SimulatedAllocation;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.sim.CapacitySearch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WhatIfAnalysisTest {

    private static final Catalog CATALOG = Catalog.builtIn();
    private static List<WhatIfRow> rows;

    /** Small capacity searches (200 requests, 5%) keep this under a few seconds; the figures are still simulated. */
    private static WhatIfAnalysis analysis() {
        return new WhatIfAnalysis(new SimulatedAllocation(new FleetAllocator(),
                new SimulatedThroughputTable.Options(new CapacitySearch.Options(200, 42L, 0.05, 15), 2),
                FleetValidator.Options.defaults()));
    }

    private static StudyDocument study() {
        List<NodeGroup> groups = List.of(
                new NodeGroup("H100", Node.standard(CATALOG.gpu("H100-SXM")), 2, 0),
                new NodeGroup("L4", new Node(CATALOG.gpu("L4"), 4, Interconnect.intraNodeOf(CATALOG.gpu("L4")),
                        Interconnect.INFINIBAND_NDR), 4, 0));
        return StudyDocument.empty("w").withNodeGroups(groups).withModelName("Llama-3.1-8B")
                .withWorkload(WorkloadSpec.preset("chat", 4.0).withRequests(300));
    }

    @BeforeAll
    static void runOnce() {
        rows = analysis().run(study(), CATALOG, List.of(WhatIfVariant.base(), WhatIfVariant.traffic(1.5),
                WhatIfVariant.price("H100-SXM", 0.7)), null);
    }

    @Test
    void everyVariantGetsARowWithAPlan() {
        assertThat(rows).extracting(WhatIfRow::message).containsOnly("");
    }

    @Test
    void requestsNoCandidateCanServeAreNamedInTheNote() {
        assertThat(rows.get(0).note()).contains("input 8192-32768", "10% miss");
    }

    @Test
    void moreTrafficNeverCostsLess() {
        assertThat(rows.get(1).costPerHourUsd()).isGreaterThanOrEqualTo(rows.get(0).costPerHourUsd());
    }

    @Test
    void aCheaperH100NeverCostsMore() {
        assertThat(rows.get(2).costPerHourUsd()).isLessThanOrEqualTo(rows.get(0).costPerHourUsd());
    }

    @Test
    void theDeltaIsAgainstTheBase() {
        double expected = (rows.get(1).costPerHourUsd() / rows.get(0).costPerHourUsd() - 1) * 100;

        assertThat(rows.get(1).deltaCostPercent()).isEqualTo(expected);
    }

    @Test
    void theTrafficVariantRunsAtOneAndAHalfTimesTheRate() {
        assertThat(rows.get(1).ratePerS()).isEqualTo(6.0);
    }

    @Test
    void aStudyWithoutClusterIsRefusedWithAHint() {
        assertThatThrownBy(() -> analysis().run(StudyDocument.empty("e").withModelName("Llama-3.1-8B"), CATALOG,
                List.of(WhatIfVariant.base()), null)).hasMessageContaining("no cluster").hasMessageContaining("Cluster area");
    }
}
