package io.fleetwise.planner.service;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfiles;
import io.fleetwise.planner.perf.CalibrationProfiles;

import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WhatIfJson;
import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfSettings;
import io.fleetwise.planner.study.WhatIfSweep;
import io.fleetwise.planner.study.WhatIfSweepPoint;
import io.fleetwise.planner.study.WhatIfSweepResult;
import io.fleetwise.planner.study.WhatIfVariant;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WhatIfServiceTest {
    /**
     * The rates and SLOs here were sized for vLLM 0.6's capacity per GPU (one H100 then serves a few tens of req/s);
     * the default engine (vLLM V1) serves several times more, so one replica would cover every variant.
     */
    private static final CalibrationSet CALIBRATIONS = CalibrationSet.builtIn().withEngine(EngineProfiles.vllm06());

    private static final Catalog CATALOG = Catalog.builtIn();
    private static List<WhatIfRow> rows;

    /** Small capacity searches (200 requests) keep this under a few seconds; the figures are still simulated. */
    private static final WhatIfSettings SMALL = new WhatIfSettings(200, 1);
    private static final FleetAllocationService ALLOCATIONS = new FleetAllocationService(() -> CATALOG,
            ThroughputTableCache.inMemory(512), 2);
    private static final WhatIfService ANALYSIS = new WhatIfService(ALLOCATIONS);

    private static WhatIfService analysis() {
        return ANALYSIS;
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
        rows = analysis().run(study(), SMALL, CALIBRATIONS, List.of(WhatIfVariant.base(), WhatIfVariant.traffic(1.5),
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
    void theBaseRowIsTheStudysFleetAllocation() {
        FleetAllocationRequest request = FleetAllocationRequest.fromStudy(study(), CALIBRATIONS)
                .withSizing(SMALL.replicaSizesPerType(),
                        CapacitySettings.defaults().withRequestsPerSearch(SMALL.requestsPerSearch()))
                .withChecks(false, 1000, 0);

        FleetAllocationService.FleetAllocation fleet = ALLOCATIONS.allocate(request, null);

        assertThat(fleet.searchesRun()).as("the what-if's table is the Fleet area's").isZero();
        assertThat(rows.get(0).costPerHourUsd()).isEqualTo(fleet.comparison().mix().costPerHourUsd());
        assertThat(rows.get(0).gpus()).isEqualTo(fleet.comparison().mix().totalGpus());
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
        assertThatThrownBy(() -> analysis().run(StudyDocument.empty("e").withModelName("Llama-3.1-8B"), SMALL, CALIBRATIONS,
                List.of(WhatIfVariant.base()), null)).hasMessageContaining("no cluster").hasMessageContaining("Cluster area");
    }

    @Test
    void trafficAndPriceVariantsReplanFromTheCachedTable() {
        WhatIfStudy prepared = analysis().prepare(study(), SMALL, CALIBRATIONS);

        assertThat(analysis().missingTables(prepared, List.of(WhatIfVariant.traffic(3.0),
                WhatIfVariant.price("L4", 2.0)))).isEmpty();
        assertThat(analysis().replan(prepared, List.of(WhatIfVariant.base(), WhatIfVariant.traffic(3.0))).get(1)
                .costPerHourUsd()).isGreaterThan(rows.get(0).costPerHourUsd());
    }

    @Test
    void aTpotVariantNeedsItsOwnTableAndReplanRefusesWithoutIt() {
        WhatIfStudy prepared = analysis().prepare(study(), SMALL, CALIBRATIONS);
        List<WhatIfVariant> tighter = List.of(WhatIfVariant.base(), WhatIfVariant.tpot(17));

        assertThat(analysis().missingTables(prepared, tighter)).containsExactly(17.0);
        assertThatThrownBy(() -> analysis().replan(prepared, tighter)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TPOT 17 ms");
    }

    @Test
    void aNewCalibrationNeedsANewTable() {
        WhatIfStudy before = analysis().prepare(study(), SMALL, CALIBRATIONS);
        assertThat(analysis().isReady(before, List.of(WhatIfVariant.base()))).isTrue();
        CalibrationSet calibrated = CALIBRATIONS.withCalibration("H100-SXM",
                CalibrationProfiles.h100Measured().withKernelFloors(3.0, 20.0), "H100-SXM calibration v9");

        WhatIfStudy after = analysis().prepare(study(), SMALL, calibrated);

        assertThat(analysis().isReady(after, List.of(WhatIfVariant.base()))).isFalse();
    }

    @Test
    void otherSettingsNeedAnotherTable() {
        WhatIfStudy finer = analysis().prepare(study(), new WhatIfSettings(300, 1), CALIBRATIONS);

        assertThat(analysis().isReady(finer, List.of(WhatIfVariant.base()))).isFalse();
    }

    @Test
    void aPriceSweepGivesOnePointPerValueAndCheaperNeverCostsMore() {
        WhatIfStudy prepared = analysis().prepare(study(), SMALL, CALIBRATIONS);

        WhatIfSweepResult result = analysis().sweep(prepared,
                new WhatIfSweep(WhatIfSweep.Parameter.GPU_PRICE_FACTOR, "H100-SXM", 0.4, 1.6, 4), null);

        assertThat(result.points()).extracting(WhatIfSweepPoint::value).containsExactly(0.4, 0.8, 1.2000000000000002, 1.6);
        assertThat(result.points()).allMatch(WhatIfSweepPoint::feasible);
        for (int i = 1; i < 4; i++) {
            assertThat(result.points().get(i).costPerHourUsd())
                    .isGreaterThanOrEqualTo(result.points().get(i - 1).costPerHourUsd());
        }
    }

    @Test
    void aPriceSweepOfAGpuOutsideTheClusterNamesTheKnownTypes() {
        WhatIfStudy prepared = analysis().prepare(study(), SMALL, CALIBRATIONS);

        assertThatThrownBy(() -> analysis().sweep(prepared,
                new WhatIfSweep(WhatIfSweep.Parameter.GPU_PRICE_FACTOR, "B200", 0.5, 1, 3), null))
                .hasMessageContaining("'B200'").hasMessageContaining("H100-SXM");
    }

    @Test
    void theBaseVariantsBandBracketsItsCostAndItsNominalEndIsTheRowsAnswer() {
        WhatIfStudy prepared = analysis().prepare(study(), SMALL, CALIBRATIONS);
        io.fleetwise.planner.uncertainty.ModelErrorBand band = io.fleetwise.planner.uncertainty.ModelErrorBand.validated();
        assertThatThrownBy(() -> analysis().band(prepared, WhatIfVariant.base(),
                new io.fleetwise.planner.uncertainty.ModelErrorBand(0.5, 0.5, 0, "wide")))
                .as("an end whose table is not built").isInstanceOf(IllegalStateException.class);
        analysis().buildBandTables(prepared, WhatIfVariant.base(), band, null);
        assertThat(analysis().missingBandTables(prepared, WhatIfVariant.base(), band)).isEmpty();

        io.fleetwise.planner.uncertainty.AllocationBand result = analysis().band(prepared, WhatIfVariant.base(), band);

        assertThat(result.nominal().costPerHourUsd()).isEqualTo(rows.get(0).costPerHourUsd());
        // less capacity per replica at the pessimistic end can only cost more; more at the optimistic end, less
        assertThat(result.costHighUsdPerHour()).isGreaterThanOrEqualTo(result.nominal().costPerHourUsd());
        assertThat(result.costLowUsdPerHour()).isLessThanOrEqualTo(result.nominal().costPerHourUsd());
        assertThat(result.describe()).startsWith("Within the model's error band (TTFT +-");
    }

    @Test
    void aBandFromMeasuredThroughputNeedsNoTableAndACollapsedBandIsTheNominalPlan() {
        WhatIfStudy prepared = analysis().prepare(study(), SMALL, CALIBRATIONS);
        io.fleetwise.planner.uncertainty.ModelErrorBand capacity =
                new io.fleetwise.planner.uncertainty.ModelErrorBand(0, 0, 0.8, "test: capacity +-80 %");
        assertThat(analysis().missingBandTables(prepared, WhatIfVariant.base(), capacity)).isEmpty();

        io.fleetwise.planner.uncertainty.AllocationBand wide = analysis().band(prepared, WhatIfVariant.base(), capacity);
        io.fleetwise.planner.uncertainty.AllocationBand none = analysis().band(prepared, WhatIfVariant.base(),
                io.fleetwise.planner.uncertainty.ModelErrorBand.none());

        assertThat(wide.costHighUsdPerHour()).as(wide.describe()).isGreaterThan(wide.nominal().costPerHourUsd());
        assertThat(none.costHighUsdPerHour()).isEqualTo(none.nominal().costPerHourUsd());
        assertThat(none.mixChanges()).isFalse();
    }

    @Test
    void aSweepSurvivesTheJsonRoundTrip() {
        WhatIfSweepResult result = new WhatIfSweepResult(new WhatIfSweep(WhatIfSweep.Parameter.RATE_FACTOR, "", 1, 2, 2),
                List.of(new WhatIfSweepPoint(1, 4, 50, 12.5, 2, "2 x L4 TP1", ""),
                        new WhatIfSweepPoint(2, 8, 50, Double.NaN, 0, "", "infeasible")));

        WhatIfSweepResult back = WhatIfJson.sweep(WhatIfJson.sweep(result));

        assertThat(back.points()).hasSize(2);
        assertThat(back.points().get(1).feasible()).isFalse();
        assertThat(back.points().get(0)).isEqualTo(result.points().get(0));
        assertThat(back.sweep()).isEqualTo(result.sweep());
    }

    @Test
    void storedRowsReadBackWithTheirDeltas() {
        assertThat(WhatIfJson.rows(WhatIfJson.rows(rows))).isEqualTo(rows);
    }

    @Test
    void variantsSurviveTheJsonRoundTrip() {
        List<WhatIfVariant> variants = List.of(WhatIfVariant.base(), WhatIfVariant.tpot(40),
                new WhatIfVariant("both", 1.5, Double.NaN, java.util.Map.of("H100-SXM", 0.8)));

        assertThat(WhatIfJson.variants(WhatIfJson.variants(variants))).isEqualTo(variants);
    }

    @Test
    void aStoredVariantWithANegativeRateIsNamed() {
        var array = WhatIfJson.variants(List.of(WhatIfVariant.base()));
        ((com.fasterxml.jackson.databind.node.ObjectNode) array.get(0)).put("rateFactor", -1.0);

        assertThatThrownBy(() -> WhatIfJson.variants(array)).hasMessageContaining("whatIfVariants[0]")
                .hasMessageContaining("-1.0");
    }

    @Test
    void aCancelledTableBuildKeepsNoTable() {
        WhatIfStudy prepared = analysis().prepare(study(), SMALL, CALIBRATIONS);
        io.fleetwise.planner.progress.ProgressListener cancelled = new io.fleetwise.planner.progress.ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };

        assertThatThrownBy(() -> analysis().buildTables(prepared, java.util.Set.of(23.0), cancelled))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(analysis().missingTables(prepared, List.of(WhatIfVariant.tpot(23)))).containsExactly(23.0);
    }
}
