package io.fleetwise.planner.service;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.SchedulerKind;
import io.fleetwise.planner.sim.LoadMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationServiceTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private final SimulationService service = new SimulationService(() -> CATALOG);

    @Test
    void theDefaultsRunTheEnginesOwnSchedulerForTheModel() {
        SimulationService.Resolved r = service.resolve(SimulationRequest.defaults());
        io.fleetwise.planner.model.BatchingPolicy engines = SimulationRequest.defaults().calibration().engine().defaults()
                .batching(CATALOG.gpu("H100-SXM"), r.model());

        // the default engine (vLLM V1) chunks every prompt, with its H100 budget and sequence cap
        assertThat(r.replica().batching().scheduler()).isEqualTo(SchedulerKind.SARATHI);
        assertThat(r.replica().batching()).isEqualTo(engines);
        assertThat(r.replica().weightDtype()).isEqualTo(r.model().nativeWeightDtype());
    }

    @Test
    void vllm06ChunksOnlyTheLongContextsWithItsSmallBudget() {
        SimulationRequest v06 = SimulationRequest.defaults().withCalibration(io.fleetwise.planner.calibration.CalibrationSet
                .builtIn().withEngine(io.fleetwise.planner.engine.EngineProfiles.vllm06()));

        // Llama-3.1's 131,072-token context is over vLLM 0.6's 32K threshold: chunked, 512 tokens
        assertThat(service.resolve(v06).replica().batching().scheduler()).isEqualTo(SchedulerKind.SARATHI);
        assertThat(service.resolve(v06).replica().batching().maxBatchedTokens()).isEqualTo(512);
        // served with an 8K context it schedules whole prompts
        SimulationRequest shortContext = v06.withReplica(ReplicaSpec.defaults().withServer(8192, null));
        assertThat(service.resolve(shortContext).replica().batching().scheduler()).isEqualTo(SchedulerKind.VLLM);
    }

    @Test
    void aSchedulerTheUserChoseIsKept() {
        SimulationRequest vllm = SimulationRequest.defaults().withReplica(ReplicaSpec.defaults()
                .withBatching(SchedulerKind.VLLM, null, 256, 0.9, false));

        assertThat(service.resolve(vllm).replica().batching().scheduler()).isEqualTo(SchedulerKind.VLLM);
    }

    @Test
    void aBrokenRuleIsRefusedWithTheSameMessageAsEveryEntryPoint() {
        SimulationRequest tp3 = SimulationRequest.defaults().withReplica(ReplicaSpec.defaults().withParallelism(3, 1, 1));

        assertThatThrownBy(() -> service.resolve(tp3)).hasMessageStartingWith("TP 3 does not divide Llama-3.1-8B's 32");
        assertThatThrownBy(() -> service.resolve(SimulationRequest.defaults().withModel("No-Such-Model")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No-Such-Model");
    }

    @Test
    void anOpenLoopAtAnInfiniteRateIsRefused() {
        assertThatThrownBy(() -> SimulationRequest.defaults().withWorkload(WorkloadRequest.defaults()
                .withRate(Double.POSITIVE_INFINITY))).hasMessageContaining("open loop needs a finite rate");
        assertThat(SimulationRequest.defaults().withLoad(LoadMode.closedLoop(4))
                .withWorkload(WorkloadRequest.defaults().withRate(Double.POSITIVE_INFINITY)).load().capsConcurrency())
                .isTrue();
    }

    @Test
    void aSimulationRunsTheRequestedWorkload() {
        SimulationRequest small = SimulationRequest.defaults().withWorkload(WorkloadRequest.generated("chat", 2, 60));

        SimulationService.Outcome o = service.simulate(small, null, null);

        assertThat(o.trace().size()).isEqualTo(60);
        assertThat(o.result().summary().completed()).isEqualTo(60);
    }

    @Test
    void aSweepRunsAtEachFactorOfTheRate() {
        SimulationRequest small = SimulationRequest.defaults().withWorkload(WorkloadRequest.generated("chat", 2, 40));

        assertThat(service.sweep(small, null)).extracting(SimulationService.SweepPoint::x)
                .containsExactly(0.5, 1.0, 2.0, 3.0, 4.0, 6.0);
    }
}
