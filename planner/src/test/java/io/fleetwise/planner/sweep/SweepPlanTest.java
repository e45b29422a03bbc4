package io.fleetwise.planner.sweep;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.service.FleetAllocationService;
import io.fleetwise.planner.service.ThroughputTableCache;
import io.fleetwise.planner.service.WhatIfService;
import io.fleetwise.planner.service.WhatIfStudy;
import io.fleetwise.planner.study.WhatIfSettings;
import io.fleetwise.planner.study.WhatIfSweep;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.throughput.CellKey;
import io.fleetwise.planner.throughput.CellResult;
import io.fleetwise.planner.throughput.ThroughputCellStore;
import io.fleetwise.planner.throughput.ThroughputCells;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepPlanTest {
    private static final Catalog CATALOG = Catalog.builtIn();

    private static SweepPlan expand(String json) {
        return SweepPlan.expand(SweepSpecJson.parse(json, "s.json"), CATALOG, engine -> engine == null
                ? CalibrationSet.builtIn() : CalibrationSet.builtIn().withEngine(engine.equals("fast-host")
                ? EngineProfile.vllm06().withHostCosts(100, 10, 100) : EngineProfile.vllm06()));
    }

    @Test
    void theExampleGridIsEveryFittingReplicaTimesLengthsTimesSlos() {
        SweepPlan plan = SweepPlan.expand(SweepSpecJson.read(SweepSpecJsonTest.EXAMPLE), CATALOG,
                engine -> CalibrationSet.builtIn());
        // 8B fits one GPU of each of the four types: TP1 and TP2 each, 6 lengths, 2 SLOs, minus what a KV cache cannot hold
        int skippedCells = plan.skipped().stream().mapToInt(SweepPlan.Skipped::count).sum();
        assertThat(plan.cells().size() + skippedCells).isEqualTo(4 * 2 * 6 * 2);
        assertThat(plan.cells()).extracting(c -> c.key().fingerprint()).doesNotHaveDuplicates();
        assertThat(plan.cells()).extracting(c -> c.replica().label()).contains("H100-SXM TP1 bf16 vllm",
                "L4 TP2 bf16 vllm");
    }

    @Test
    void explicitSizesLeaveOutWhatCannotRunAndSayWhy() {
        SweepPlan plan = expand("""
                {"format": "fleetwise-sweep/1", "models": ["Llama-3.1-70B"], "gpuTypes": ["H100-SXM"],
                 "replicas": {"tp": [1, 3, 4, 8]}, "lengths": {"input": [512], "output": [128]},
                 "slos": [{"ttftMs": 1000, "tpotMs": 50}]}""");
        assertThat(plan.cells()).extracting(c -> c.replica().tp()).containsExactly(4, 8);
        assertThat(plan.skipped()).extracting(SweepPlan.Skipped::reason).containsExactlyInAnyOrder(
                "a TP degree that does not divide the attention heads and KV heads",
                "a replica that cannot hold the model with a KV pool that can serve (>= 16384 tokens)");
        assertThat(plan.skipped()).extracting(SweepPlan.Skipped::example).contains("Llama-3.1-70B on H100-SXM TP1 bf16 vllm");
    }

    @Test
    void eachEngineIsItsOwnCell() {
        SweepPlan plan = expand("""
                {"format": "fleetwise-sweep/1", "models": ["Llama-3.1-8B"], "gpuTypes": ["H100-SXM"],
                 "lengths": {"input": [512], "output": [128]}, "slos": [{"ttftMs": 1000, "tpotMs": 50}],
                 "engines": ["vllm-0.6", "fast-host"]}""");
        assertThat(plan.cells()).hasSize(2);
        assertThat(plan.cells().get(0).key().engine()).isNotEqualTo(plan.cells().get(1).key().engine());
    }

    @Test
    void anUnknownModelIsNamed() {
        assertThatThrownBy(() -> expand("""
                {"format": "fleetwise-sweep/1", "models": ["Llama-9"], "gpuTypes": ["H100-SXM"],
                 "lengths": {"input": [512], "output": [128]}, "slos": [{"ttftMs": 1000, "tpotMs": 50}]}"""))
                .hasMessageContaining("Llama-9");
    }

    /**
     * A what-if sweep's cells, stored beforehand (as a Spark sweep stores them), are exactly what its tables look up:
     * the sweep then runs no capacity search at all.
     */
    @Test
    void storedWhatIfCellsLeaveTheSweepNothingToSearch() {
        List<NodeGroup> groups = List.of(new NodeGroup("H100", Node.standard(CATALOG.gpu("H100-SXM")), 2, 0),
                new NodeGroup("L4", new Node(CATALOG.gpu("L4"), 4, Interconnect.intraNodeOf(CATALOG.gpu("L4")),
                        Interconnect.INFINIBAND_NDR), 4, 0));
        StudyDocument doc = StudyDocument.empty("w").withNodeGroups(groups).withModelName("Llama-3.1-8B")
                .withWorkload(WorkloadSpec.preset("chat", 4.0).withRequests(300));
        CountingStore store = new CountingStore();
        WhatIfService analysis = new WhatIfService(new FleetAllocationService(() -> CATALOG,
                ThroughputTableCache.inMemory(64), 2, store));
        WhatIfStudy study = analysis.prepare(doc, new WhatIfSettings(60, 1), CalibrationSet.builtIn());
        WhatIfSweep sweep = new WhatIfSweep(WhatIfSweep.Parameter.TPOT_MS, "", 40, 80, 2);

        SweepPlan plan = new SweepPlan();
        plan.addAll(analysis.cells(study, WhatIfService.tpotTargets(study, sweep)));
        new ThroughputCells(store, 2, Clock.systemUTC()).resolve(plan.cells(), null);
        int searchedBefore = store.saved.get();
        assertThat(searchedBefore).isEqualTo(plan.cells().size()).isPositive();

        analysis.sweep(study, sweep, null);
        assertThat(store.saved.get()).as("cells searched by the sweep itself").isEqualTo(searchedBefore);
    }

    private static final class CountingStore implements ThroughputCellStore {
        private final ThroughputCellStore inner = ThroughputCellStore.inMemory();
        private final AtomicInteger saved = new AtomicInteger();
        private final Set<String> keys = new HashSet<>();

        @Override
        public Map<String, CellResult> find(Collection<CellKey> wanted) {
            return inner.find(wanted);
        }

        @Override
        public synchronized void save(CellKey key, CellResult result) {
            keys.add(key.fingerprint());
            saved.incrementAndGet();
            inner.save(key, result);
        }
    }
}
