package io.fleetwise.planner.sim;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.HostCosts;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.workload.RequestTrace;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The API server handles requests one after another: a burst queues in front of the engine. */
class FrontendQueueTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec MODEL = CATALOG.model("Llama-3.1-8B");
    private static final double FRONTEND_US = 20_000;

    private static SimulationResult run(RequestTrace trace, LoadMode load) {
        EngineProfile frontendOnly = EngineProfile.kernelsOnly().withHost(new HostCosts(0, 0, 0, 0, 0, FRONTEND_US, 0, false, false, false));
        CalibrationSet p = CalibrationSet.uniform(CalibrationProfiles.h100Measured(), frontendOnly);
        ReplicaConfig rc = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1).withBatching(BatchingPolicy.sarathi(8192).withMaxNumSeqs(1024));
        SimulationConfig cfg = new SimulationConfig(MODEL, List.of(ReplicaGroup.of(rc, 1)), RouterPolicy.ROUND_ROBIN, p, null,
                EnergyModel.standard(), load);
        return Simulator.run(cfg, trace);
    }

    private static RequestTrace burst(int n) {
        int[] in = new int[n];
        int[] out = new int[n];
        Arrays.fill(in, 100);
        Arrays.fill(out, 4);
        return new RequestTrace("burst", new long[n], in, out);
    }

    @Test
    void aBurstWaitsForTheApiServerOneRequestAfterAnother() {
        SimulationResult r = run(burst(200), LoadMode.openLoop());
        // The last request reaches the engine after 200 requests' worth of API-server work.
        assertThat(r.summary().ttft().maxMs()).isGreaterThan(200 * FRONTEND_US / 1e3);
        assertThat(r.summary().requestThroughputPerS()).isLessThanOrEqualTo(1e6 / FRONTEND_US * 1.001);
    }

    @Test
    void spacedRequestsPayTheApiServerOnce() {
        int n = 20;
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 500_000_000L;
        }
        int[] in = new int[n];
        int[] out = new int[n];
        Arrays.fill(in, 100);
        Arrays.fill(out, 4);
        SimulationResult r = run(new RequestTrace("spaced", t, in, out), LoadMode.openLoop());
        assertThat(r.summary().ttft().maxMs() - r.summary().ttft().p50Ms()).isCloseTo(0, within(1.0));
        assertThat(r.summary().ttft().p50Ms()).isGreaterThan(FRONTEND_US / 1e3).isLessThan(2 * FRONTEND_US / 1e3);
    }

    @Test
    void offlineRequestsSkipTheApiServer() {
        SimulationResult r = run(burst(200), LoadMode.offline());
        assertThat(r.summary().requestThroughputPerS()).isGreaterThan(3 * 1e6 / FRONTEND_US);
    }
}
