package io.fleetwise.planner.sim;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.WorkloadGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A run stopped once its verdict is certain gives the whole run's verdict. */
class SteadyStateVerdictTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec LLAMA8B = CATALOG.model("Llama-3.1-8B");

    @ParameterizedTest(name = "{0} at TTFT {1} ms / TPOT {2} ms")
    @CsvSource({
            "vllm,    2000, 100",
            "sarathi, 2000, 100",
            "sarathi, 300,  30",
            "vllm,    Infinity, 40"})
    void earlyVerdictIsTheWholeRunVerdictAtEveryRate(String batching, double ttftMs, double tpotMs) {
        ReplicaConfig replica = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1);
        if (batching.equals("sarathi")) {
            replica = replica.withBatching(BatchingPolicy.sarathi(512));
        }
        Slo slo = Slo.of(ttftMs, tpotMs, 0.9);
        SimulationConfig config = new SimulationConfig(LLAMA8B, List.of(ReplicaGroup.of(replica, 1)),
                RouterPolicy.ROUND_ROBIN, CalibrationSet.builtIn(), slo, EnergyModel.standard());
        int early = 0;
        int attained = 0;
        for (double rate = 2; rate <= 40; rate *= 1.25) {
            int measured = SteadyStateWindow.measuredRequests(120, rate);
            int warmUp = SteadyStateWindow.warmUpRequests(measured, rate);
            RequestTrace trace = WorkloadGenerator.poisson("chat", rate,
                    SteadyStateWindow.totalRequests(measured, rate), 7);
            SimulationResult whole = Simulator.run(config, trace);
            boolean wholeVerdict = whole.summary().dropped() == 0
                    && SteadyStateWindow.attainment(whole, slo, warmUp, warmUp + measured) >= slo.attainment()
                    && SteadyStateWindow.attainment(whole, slo, warmUp + measured / 2, warmUp + measured) >= slo.attainment();
            SteadyStateVerdict verdict = Simulator.runToVerdict(config, trace, ReplicaModelFactory.STANDARD,
                    SteadyStateVerdict.of(slo, warmUp, measured, false), ProgressListener.NONE);
            assertThat(verdict.attained()).as("verdict at %.2f req/s", rate).isEqualTo(wholeVerdict);
            early += verdict.decidedEarly() ? 1 : 0;
            attained += wholeVerdict ? 1 : 0;
        }
        assertThat(attained).as("rates attained").isPositive();
        assertThat(early).as("runs stopped early").isPositive();
    }
}
