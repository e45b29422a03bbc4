package io.fleetwise.planner.sim;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.perf.PerformanceModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.RequestTrace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** vLLM's {@code --num-scheduler-steps N}: a decode-only batch runs N steps before the scheduler looks again. */
class MultiStepSchedulingTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec MODEL = CATALOG.model("Llama-3.1-8B");

    /** Iteration boundaries a replica reported. */
    static final class Iterations implements SimulationTraceSink {
        final List<long[]> spans = new ArrayList<>();
        final List<long[]> requests = new ArrayList<>();

        @Override
        public void iteration(int replicaId, long startNs, long endNs, int prefillSeqs, int prefillTokens, int decodeSeqs, long ctx) {
            spans.add(new long[] {startNs, endNs, prefillTokens, decodeSeqs});
        }

        @Override
        public void request(int requestId, int prefillReplicaId, int replicaId, long arrivalNs, long scheduledNs,
                            long firstTokenNs, long finishNs, int inputTokens, int outputTokens, int preemptions) {
            requests.add(new long[] {requestId, arrivalNs, firstTokenNs, finishNs});
        }
    }

    private static Iterations run(int steps, RequestTrace trace) {
        ReplicaConfig rc = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1)
                .withBatching(BatchingPolicy.vllmDefault().withSchedulerSteps(steps));
        SimulationConfig cfg = new SimulationConfig(MODEL, List.of(ReplicaGroup.of(rc, 1)), RouterPolicy.ROUND_ROBIN,
                CalibrationSet.uniform(CalibrationProfiles.h100Measured(), EngineProfile.vllm06()), null, EnergyModel.standard());
        Iterations sink = new Iterations();
        Simulator.run(cfg, trace, ProgressListener.NONE, sink);
        return sink;
    }

    @Test
    void decodeBatchesRunTheirStepsBackToBack() {
        RequestTrace one = new RequestTrace("one", new long[] {0}, new int[] {100}, new int[] {9});
        Iterations multi = run(4, one);
        // One prefill (first token), then 8 more tokens in two 4-step batches.
        assertThat(multi.spans).hasSize(3);
        assertThat(multi.spans.get(0)[2]).isEqualTo(100);
        PerformanceModel perf = PerformanceModel.create(MODEL, ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1),
                CalibrationProfiles.h100Measured(), EngineProfile.vllm06());
        double fourSteps = perf.multiStepTimeNs(4, 1, 101);
        assertThat((double) (multi.spans.get(1)[1] - multi.spans.get(1)[0])).isCloseTo(fourSteps, within(1.0));
        Iterations single = run(1, one);
        assertThat(single.spans).hasSize(9);
        // One scheduling serves four steps, so the same tokens come out sooner than with a scheduling per step.
        assertThat(multi.requests.get(0)[3]).isLessThan(single.requests.get(0)[3]);
    }

    @Test
    void aRequestArrivingDuringAMultiStepBatchWaitsForItsEnd() {
        // The first request decodes 40 tokens in 10-step batches; the second arrives just after one started.
        Iterations probe = run(10, new RequestTrace("probe", new long[] {0}, new int[] {100}, new int[] {41}));
        long secondBatchStart = probe.spans.get(1)[0];
        long secondBatchEnd = probe.spans.get(1)[1];
        RequestTrace two = new RequestTrace("two", new long[] {0, secondBatchStart + 1_000}, new int[] {100, 100},
                new int[] {41, 2});
        Iterations it = run(10, two);
        long firstTokenOfSecond = it.requests.stream().filter(r -> r[0] == 1).findFirst().orElseThrow()[2];
        assertThat(firstTokenOfSecond).isGreaterThan(secondBatchEnd);
    }
}
