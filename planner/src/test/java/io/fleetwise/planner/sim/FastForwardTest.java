package io.fleetwise.planner.sim;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.WorkloadGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator runs stretches of pure decode iterations in one go. A run must be the same as one that takes every
 * iteration through the event loop: the same trace records (iterations, counters, requests, preemptions), the same
 * summary (utilization and energy included) and the same time for every request.
 */
class FastForwardTest {
    private static final Catalog CATALOG = Catalog.builtIn();

    @ParameterizedTest(name = "{0} on {1}, {2}, {3} req/s, memory {4}, at most {5} in flight")
    @CsvSource({
            "Llama-3.1-8B,  H100-SXM,      vllm,    8,  0.9,  0",
            "Llama-3.1-8B,  H100-SXM,      sarathi, 12, 0.9,  0",
            "Llama-3.1-70B, A100-80GB-SXM, vllm,    3,  0.9,  0",
            // a small KV pool: sequences outgrow it and are preempted mid-decode
            "Llama-3.1-70B, A100-80GB-SXM, sarathi, 4,  0.55, 0",
            // a closed loop sends the next request when one finishes
            "Llama-3.1-8B,  H100-SXM,      vllm,    20, 0.9,  16"})
    void decodeStretchesRunInOneGoTimeEveryRequestAsTheEventLoopDoes(String modelName, String gpu, String batching,
                                                                      double rate, double memory, int maxInFlight) {
        ModelSpec model = CATALOG.model(modelName);
        int tp = model.name().contains("70B") ? 4 : 1;
        BatchingPolicy policy = (batching.equals("sarathi") ? BatchingPolicy.sarathi(512) : BatchingPolicy.vllmDefault())
                .withGpuMemoryUtilization(memory);
        ReplicaConfig replica = ReplicaConfig.of(CATALOG.gpu(gpu), tp).withBatching(policy);
        SimulationConfig config = new SimulationConfig(model, List.of(ReplicaGroup.of(replica, 1)),
                RouterPolicy.ROUND_ROBIN, CalibrationSet.builtIn(), null, EnergyModel.standard())
                .withLoad(maxInFlight > 0 ? LoadMode.closedLoop(maxInFlight) : LoadMode.openLoop());
        RequestTrace trace = WorkloadGenerator.poisson("chat", rate, 400, 11);
        SimulationResult whole = Simulator.run(config, trace);
        assertThat(whole.summary().completed()).isEqualTo(400);
        if (memory < 0.6) {
            assertThat(whole.summary().preemptions()).as("preemptions in the small-pool case").isPositive();
        }
        RecordingSink reference = new RecordingSink();
        RecordingSink fast = new RecordingSink();
        SimulationResult stepwise = Simulator.runEventByEvent(config, trace, reference);
        SimulationResult stretched = Simulator.run(config, trace, ProgressListener.NONE, fast);
        assertThat(Simulator.stretchedIterations(config, trace)).as("iterations run in stretches").isPositive();
        assertThat(fast.records).isEqualTo(reference.records);
        assertThat(stretched.summary()).isEqualTo(stepwise.summary());
        for (int i = 0; i < trace.size(); i++) {
            assertThat(stretched.e2eMs(i)).isEqualTo(stepwise.e2eMs(i));
        }
    }

    /** Every trace record a run emits, in order. */
    private static final class RecordingSink implements SimulationTraceSink {
        final List<String> records = new ArrayList<>();

        @Override
        public void iteration(int replicaId, long startNs, long endNs, int prefillSeqs, int prefillTokens, int decodeSeqs,
                              long decodeContextTokens) {
            records.add("it " + replicaId + " " + startNs + " " + endNs + " " + prefillSeqs + " " + prefillTokens + " "
                    + decodeSeqs + " " + decodeContextTokens);
        }

        @Override
        public void counters(int replicaId, long timeNs, int queued, int running, double kvUtilization) {
            records.add("c " + replicaId + " " + timeNs + " " + queued + " " + running + " " + kvUtilization);
        }

        @Override
        public void request(int requestId, int prefillReplicaId, int replicaId, long arrivalNs, long scheduledNs,
                            long firstTokenNs, long finishNs, int inputTokens, int outputTokens, int preemptions) {
            records.add("r " + requestId + " " + firstTokenNs + " " + finishNs + " " + preemptions);
        }

        @Override
        public void preemption(int replicaId, long timeNs, int requestId) {
            records.add("p " + replicaId + " " + timeNs + " " + requestId);
        }
    }
}
