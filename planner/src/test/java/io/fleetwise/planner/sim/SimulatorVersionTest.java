package io.fleetwise.planner.sim;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.WorkloadGenerator;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored throughput cells are keyed by {@link SimulatorVersion#CURRENT}. This test pins a digest of a few simulations
 * (every request's first-token and finish time) per version, so a change to what the simulator computes fails here
 * until the version is bumped, and no cell simulated under the old rules is served as if it were new.
 */
class SimulatorVersionTest {
    private static final Catalog CATALOG = Catalog.builtIn();

    /** Digest of {@link #simulations()} per simulator version. */
    private static final Map<Integer, String> DIGESTS = Map.of(
            1, "e1cbe998e2cadaff",
            2, "611fa5c7eb895f61", // engine profiles: host costs, API-server FIFO, default engine vLLM V1, KV sized per engine
            3, "d108c9da416cf96c"); // GEMM weight streaming with a fixed device time per GEMM, vLLM custom all-reduce, 16-bit embeddings in W8A8

    @Test
    void theSimulatorComputesWhatItsVersionSays() throws Exception {
        String digest = digest();
        assertThat(DIGESTS.get(SimulatorVersion.CURRENT))
                .as("The simulator's output changed (digest %s). If that is intended, bump SimulatorVersion.CURRENT to %d "
                        + "and add  %d, \"%s\"  to DIGESTS here, so stored throughput cells of the old simulator are not "
                        + "served again.", digest, SimulatorVersion.CURRENT + 1, SimulatorVersion.CURRENT + 1, digest)
                .isEqualTo(digest);
    }

    private static List<SimulationResult> simulations() {
        ModelSpec small = CATALOG.model("Llama-3.1-8B");
        ModelSpec large = CATALOG.model("Llama-3.1-70B");
        Slo slo = Slo.of(2000, 100, 0.9);
        RequestTrace chat = WorkloadGenerator.poisson("chat", 6, 300, 3);
        ReplicaConfig vllm = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1);
        ReplicaConfig pipelined = ReplicaConfig.of(CATALOG.gpu("A100-80GB-SXM"), 4).withParallelism(4, 2, 1)
                .withBatching(BatchingPolicy.sarathi(512));
        return List.of(
                Simulator.run(SimulationConfig.of(small, List.of(ReplicaGroup.of(vllm, 1)), slo, CalibrationSet.builtIn()), chat),
                Simulator.run(SimulationConfig.of(large, List.of(ReplicaGroup.of(pipelined, 1)), slo, CalibrationSet.builtIn()), chat));
    }

    private static String digest() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer b = ByteBuffer.allocate(16);
        for (SimulationResult r : simulations()) {
            for (int i = 0; i < r.requestCount(); i++) {
                b.clear();
                b.putDouble(r.completed(i) ? r.ttftMs(i) : -1).putDouble(r.completed(i) ? r.e2eMs(i) : -1);
                sha.update(b.array());
            }
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }
}
