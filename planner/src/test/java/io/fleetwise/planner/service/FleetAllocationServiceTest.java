package io.fleetwise.planner.service;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.study.DemoStudy;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WorkloadSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetAllocationServiceTest {
    private static final Catalog CATALOG = Catalog.builtIn();

    private static StudyDocument smallStudy() {
        List<NodeGroup> groups = List.of(
                new NodeGroup("H100", Node.standard(CATALOG.gpu("H100-SXM")), 1, 0),
                new NodeGroup("L4", new Node(CATALOG.gpu("L4"), 4, Interconnect.intraNodeOf(CATALOG.gpu("L4")),
                        Interconnect.INFINIBAND_NDR), 2, 6));
        return StudyDocument.empty("small").withNodeGroups(groups).withModelName("Llama-3.1-8B")
                .withWorkload(WorkloadSpec.preset("chat", 3.0));
    }

    private static FleetAllocationRequest quick(StudyDocument study) {
        return FleetAllocationRequest.fromStudy(study, CalibrationSet.builtIn())
                .withSizing(1, CapacitySettings.defaults().withRequestsPerSearch(100)).withChecks(false, 1000, 0);
    }

    @Test
    void aStudysRequestTakesItsModelGpuTypesCapsWorkloadAndSlo() {
        FleetAllocationRequest r = FleetAllocationRequest.fromStudy(smallStudy(), CalibrationSet.builtIn());

        assertThat(r.model()).isEqualTo("Llama-3.1-8B");
        assertThat(r.gpuTypes()).containsExactly("H100-SXM", "L4");
        assertThat(r.gpuCaps()).isEqualTo(Map.of("L4", 6));
        assertThat(r.ratePerS()).isEqualTo(3.0);
        assertThat(r.slo()).isEqualTo(smallStudy().slo());
        assertThat(r.withCalibration(CalibrationSet.builtIn())).as("equal requests are equal values").isEqualTo(r);
    }

    @Test
    void theDemoStudysRequestIsTheDefaultsWithTheStudysChoices() {
        var demo = DemoStudy.create(CATALOG);
        FleetAllocationRequest r = FleetAllocationRequest.fromStudy(demo, CalibrationSet.builtIn());
        FleetAllocationRequest d = FleetAllocationRequest.defaults();

        assertThat(r.capacity()).isEqualTo(d.capacity());
        assertThat(r.replicaSizesPerType()).isEqualTo(d.replicaSizesPerType());
        assertThat(r.sliceFactor()).isEqualTo(d.sliceFactor());
        // the study's choice of GPU types is its cluster's, in the cluster's order
        assertThat(r.gpuTypes()).containsExactlyElementsOf(demo.nodeGroups().stream().map(g -> g.gpu().name())
                .distinct().toList()).hasSizeGreaterThan(1);
    }

    @Test
    void aGpuTypeThatCannotHoldTheModelIsLeftOutWithANoteAndTheOthersArePlanned() {
        FleetAllocationService service = FleetAllocationService.withDefaults(() -> CATALOG);
        FleetAllocationRequest request = FleetAllocationRequest.defaults().withModel("Llama-3.1-405B")
                .withCandidates(List.of("H100-SXM", "L4"), Map.of(), Map.of());

        FleetAllocationService.Prepared prepared = service.prepare(request);

        assertThat(prepared.gpuTypes()).containsExactly("H100-SXM");
        assertThat(prepared.leftOut()).singleElement().asString().startsWith("L4 left out: Llama-3.1-405B does not fit");
        assertThatThrownBy(() -> service.prepare(request.withCandidates(List.of("L4"), Map.of(), Map.of())))
                .hasMessageContaining("does not fit with a KV pool that can serve on any of L4");
    }

    @Test
    void theWhatIfsDefaultSettingsAreTheAllocationsDefaults() {
        FleetAllocationRequest d = FleetAllocationRequest.defaults();

        assertThat(io.fleetwise.planner.study.WhatIfSettings.defaults().replicaSizesPerType())
                .isEqualTo(d.replicaSizesPerType());
        assertThat(io.fleetwise.planner.study.WhatIfSettings.defaults().requestsPerSearch())
                .isEqualTo(d.capacity().requestsPerSearch());
    }

    @Test
    void aStudyWithoutAClusterOrModelSaysWhereToAddIt() {
        assertThatThrownBy(() -> FleetAllocationRequest.fromStudy(StudyDocument.empty("e").withModelName("Llama-3.1-8B"),
                CalibrationSet.builtIn())).hasMessageContaining("no cluster yet").hasMessageContaining("Cluster area");
        assertThatThrownBy(() -> FleetAllocationRequest.fromStudy(StudyDocument.empty("e"), CalibrationSet.builtIn()))
                .hasMessageContaining("has no model");
    }

    @Test
    void aSecondAllocationOfTheSameRequestReusesTheTableAndAnswersTheSame() {
        FleetAllocationService service = new FleetAllocationService(() -> CATALOG, ThroughputTableCache.inMemory(64), 2);
        FleetAllocationRequest request = quick(smallStudy());

        FleetAllocationService.FleetAllocation first = service.allocate(request, null);
        FleetAllocationService.FleetAllocation again = service.allocate(request.withRate(6.0), null);

        assertThat(first.comparison().mix().hasPlan()).isTrue();
        assertThat(first.searchesRun()).isPositive();
        assertThat(again.searchesRun()).as("rate changes only the solve").isZero();
        assertThat(again.comparison().mix().costPerHourUsd())
                .isGreaterThanOrEqualTo(first.comparison().mix().costPerHourUsd());
        FleetAllocationService.FleetAllocation third = service.allocate(request, null);
        assertThat(third.comparison().mix().costPerHourUsd()).isEqualTo(first.comparison().mix().costPerHourUsd());
        assertThat(third.comparison().mix().replicaCounts()).isEqualTo(first.comparison().mix().replicaCounts());
    }

    @Test
    void theCheapestMixIsAFleetPlanWithItsCountsSharesAndCost() {
        FleetAllocationService service = new FleetAllocationService(() -> CATALOG, ThroughputTableCache.inMemory(64), 2);
        FleetAllocationService.FleetAllocation allocation = service.allocate(quick(smallStudy()), null);

        io.fleetwise.planner.plan.FleetPlan plan = FleetPlans.of(allocation).orElseThrow();

        assertThat(plan.costPerHourUsd()).isEqualTo(allocation.comparison().mix().costPerHourUsd());
        assertThat(plan.gpuCount()).isEqualTo(allocation.comparison().mix().totalGpus());
        assertThat(plan.parts().stream().mapToDouble(io.fleetwise.planner.plan.FleetPlan.Part::routingShare).sum())
                .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(plan.provenance().service()).isEqualTo(io.fleetwise.planner.plan.FleetPlan.FLEET_ALLOCATION);
        assertThat(plan.provenance().calibrationFingerprint()).isEqualTo(CalibrationSet.builtIn().fingerprint());
        assertThat(plan.provenance().priceOffersUsdPerGpuHour()).containsKey(plan.parts().get(0).replica().gpu().name());
    }

    @Test
    void anotherCalibrationOfAnOfferedGpuTypeNeedsNewSearches() {
        FleetAllocationService service = new FleetAllocationService(() -> CATALOG, ThroughputTableCache.inMemory(64), 2);
        FleetAllocationRequest request = quick(smallStudy());
        FleetAllocationService.Prepared before = service.prepare(request);
        service.table(before, request.slo(), null);
        CalibrationSet calibrated = CalibrationSet.builtIn().withCalibration("L4",
                CalibrationProfiles.h100Measured().withKernelFloors(3.0, 20.0), "L4 calibration v1");

        FleetAllocationService.Prepared after = service.prepare(request.withCalibration(calibrated));

        assertThat(service.isTableReady(before, request.slo())).isTrue();
        assertThat(service.searchesNeeded(after, request.slo())).as("only the L4 row").isEqualTo(after.buckets().size());
    }

    @Test
    void anUnknownGpuTypeOrAGpuThatCannotHoldTheModelIsNamed() {
        FleetAllocationService service = FleetAllocationService.withDefaults(() -> CATALOG);
        FleetAllocationRequest request = quick(smallStudy());

        assertThatThrownBy(() -> service.prepare(request.withCandidates(List.of("No-GPU"), Map.of(), Map.of())))
                .hasMessageContaining("No-GPU");
        assertThatThrownBy(() -> service.prepare(request.withModel("DeepSeek-V3")
                .withCandidates(List.of("T4"), Map.of(), Map.of()))).hasMessageContaining("on any of T4");
    }

    @Test
    void theBucketGridIsTheSameForEveryWorkflow() {
        assertThat(BucketGrid.inputEdges()).containsExactly(0, 512, 2048, 8192, 32768);
        assertThat(BucketGrid.of(WorkloadRequest.generated("chat", 1, 100)))
                .allSatisfy(b -> assertThat(b.rateShare()).isPositive());
    }
}
