package io.fleetwise.datastore.trace;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.datastore.trace.interop.ChromeTraceExporter;
import io.fleetwise.datastore.trace.interop.ChromeTraceImporter;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.ReplicaGroup;
import io.fleetwise.planner.sim.RouterPolicy;
import io.fleetwise.planner.sim.SimulationConfig;
import io.fleetwise.planner.sim.SimulationSummary;
import io.fleetwise.planner.sim.Simulator;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.WorkloadGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationTraceRecorderTest {
    @TempDir
    Path dir;

    @Test
    void aSimulationRunIsStoredWithOneRequestSlicePerRequestAndFirstTokenFlows() throws Exception {
        TraceStore store = TraceStore.open(dir.resolve("traces.db"));
        Catalog catalog = Catalog.builtIn();
        ModelSpec model = catalog.model("Llama-3.1-8B");
        SimulationConfig config = new SimulationConfig(model, List.of(ReplicaGroup.of(ReplicaConfig.of(catalog.gpu("H100-SXM"), 1), 2)),
                RouterPolicy.ROUND_ROBIN, CalibrationSet.builtIn(), Slo.of(2000, 100, 0.9), EnergyModel.standard());
        RequestTrace workload = WorkloadGenerator.poisson("chat", 4, 120, 3);
        long traceId;
        SimulationSummary summary;
        try (TraceWriter w = store.beginTrace("simulation", null, "simulator", ProgressListener.NONE)) {
            summary = Simulator.run(config, workload, ProgressListener.NONE, new SimulationTraceRecorder(w)).summary();
            traceId = w.commit().id();
        }
        List<SliceRow> slices = new ArrayList<>();
        store.forEachSlice(traceId, slices::add);
        assertThat(slices.stream().filter(s -> "request".equals(s.category())).count()).isEqualTo(120);
        assertThat(slices.stream().filter(s -> "iteration".equals(s.category())).count()).isPositive();
        long[] flows = {0};
        store.forEachFlow(traceId, f -> flows[0]++);
        assertThat(flows[0]).isEqualTo(120);
        assertThat(store.tracks(traceId)).extracting(TrackInfo::name).contains("iterations", "requests", "KV cache utilization");
        assertThat(summary).isNotNull();

        // Simulation traces go through the same interop: export and re-import keep every event.
        Path json = dir.resolve("sim.json.gz");
        new ChromeTraceExporter(store).export(traceId, json, ProgressListener.NONE);
        TraceInfo back = new ChromeTraceImporter(store).importFile(json, "back", null, ProgressListener.NONE).trace();
        assertThat(back.eventCount()).isEqualTo(store.requireTrace(traceId).eventCount());
        long[] backFlows = {0};
        store.forEachFlow(back.id(), f -> backFlows[0]++);
        assertThat(backFlows[0]).isEqualTo(120);
    }
}
