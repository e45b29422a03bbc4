package io.fleetwise.planner.throughput;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.workload.FixedLengths;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThroughputCellTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec MODEL = CATALOG.model("Llama-3.1-8B");
    private static final GpuType H100 = CATALOG.gpu("H100-SXM");
    private static final CapacitySearch.Options SEARCH = new CapacitySearch.Options(200, 42L, 0.05, 20);

    private static ThroughputCell cell(ReplicaConfig replica, Slo slo, CapacitySearch.Options search) {
        return new ThroughputCell(MODEL, replica, new FixedLengths(320, 160), slo, CalibrationSet.builtIn(),
                search);
    }

    private static ThroughputCell base() {
        return cell(ReplicaConfig.of(H100, 1), Slo.of(500, 50, 0.9), SEARCH);
    }

    @Test
    void equalInputsGiveEqualKeys() {
        assertThat(base().key()).isEqualTo(base().key());
        assertThat(base().key().fingerprint()).hasSize(64);
    }

    @Test
    void aPriceChangeKeepsTheKeyBecauseCellsHoldNoPrices() {
        GpuType cheaper = H100.withPrice(H100.price().withOnDemand(1.0, java.time.LocalDate.of(2026, 1, 1), "negotiated"));
        assertThat(cell(ReplicaConfig.of(cheaper, 1), Slo.of(500, 50, 0.9), SEARCH).key()).isEqualTo(base().key());
    }

    @Test
    void everyInputThatChangesTheAnswerChangesTheKey() {
        String f = base().key().fingerprint();
        assertThat(cell(ReplicaConfig.of(H100, 2), Slo.of(500, 50, 0.9), SEARCH).key().fingerprint()).isNotEqualTo(f);
        assertThat(cell(ReplicaConfig.of(H100, 1).withBatching(BatchingPolicy.sarathi(512)), Slo.of(500, 50, 0.9),
                SEARCH).key().fingerprint()).isNotEqualTo(f);
        assertThat(cell(ReplicaConfig.of(H100, 1), Slo.of(500, 40, 0.9), SEARCH).key().fingerprint()).isNotEqualTo(f);
        assertThat(cell(ReplicaConfig.of(H100, 1), Slo.of(500, 50, 0.9), new CapacitySearch.Options(400, 42L, 0.05, 20))
                .key().fingerprint()).isNotEqualTo(f);
        assertThat(new ThroughputCell(MODEL, ReplicaConfig.of(H100, 1), new FixedLengths(320, 161), Slo.of(500, 50, 0.9),
                CalibrationSet.builtIn(), SEARCH).key().fingerprint()).isNotEqualTo(f);
        assertThat(new ThroughputCell(MODEL, ReplicaConfig.of(H100, 1), new FixedLengths(320, 160), Slo.of(500, 50, 0.9),
                CalibrationSet.builtIn().withEngine(EngineProfile.vllm06().withHostCosts(1000, 100, 5000)), SEARCH).key().fingerprint())
                .isNotEqualTo(f);
        assertThat(new ThroughputCell(CATALOG.model("Llama-3.1-70B"), ReplicaConfig.of(H100, 1), new FixedLengths(320, 160),
                Slo.of(500, 50, 0.9), CalibrationSet.builtIn(), SEARCH).key().fingerprint()).isNotEqualTo(f);
    }

    @Test
    void theKeyNamesItsInputsForPeople() {
        CellKey key = base().key();
        assertThat(key.model()).isEqualTo("Llama-3.1-8B");
        assertThat(key.replica()).isEqualTo(ReplicaConfig.of(H100, 1).label());
        assertThat(key.lengths()).isEqualTo("fixed 320 in / 160 out");
        assertThat(key.slo()).isEqualTo("TTFT 500 ms, TPOT 50 ms, E2E inf ms at 0.9");
        assertThat(key.search()).startsWith("200 requests, seed 42, tolerance 0.05, max 20, v");
    }
}
