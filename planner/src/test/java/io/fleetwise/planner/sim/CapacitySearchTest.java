package io.fleetwise.planner.sim;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.throughput.CapacityEstimate;
import io.fleetwise.planner.workload.FixedLengths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CapacitySearchTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final double TOLERANCE = 0.05;

    /**
     * The fast search (early-stopped runs, the reference's moves played against the closed-form estimate and checked
     * at the ends of the bracket they lead to, the lone-request check) gives the reference search's answer: the same
     * rate, not only one within the tolerance.
     */
    @ParameterizedTest(name = "{0} on {1} TP{2}, {3} in / {4} out")
    @CsvSource({
            "Llama-3.1-8B,  H100-SXM,      1, 320,  160",
            "Llama-3.1-8B,  H100-SXM,      1, 1280, 640",
            "Llama-3.1-8B,  L4,            1, 64,   32",
            "Llama-3.1-70B, H100-SXM,      4, 64,   640",
            "Llama-3.1-70B, A100-80GB-SXM, 4, 1280, 32",
            "Llama-3.1-70B, A100-80GB-SXM, 4, 5120, 160"})
    void fastSearchGivesTheReferenceAnswer(String modelName, String gpu, int tp, int in, int out) {
        ModelSpec model = CATALOG.model(modelName);
        ReplicaConfig replica = ReplicaConfig.of(CATALOG.gpu(gpu), tp);
        Slo slo = Slo.of(500, 50, 0.9);
        FixedLengths lengths = new FixedLengths(in, out);
        CapacitySearch.Options options = new CapacitySearch.Options(200, 42L, TOLERANCE, 24);
        CapacitySearch.Result reference = CapacitySearch.maxRate(model, replica, lengths, slo,
                options.withFullRuns(true), CalibrationSet.builtIn(), null);
        double estimate = CapacityEstimate.startRatePerS(model, replica, in, out, slo, CalibrationSet.builtIn());
        CapacitySearch.Result fast = CapacitySearch.maxRate(model, replica, lengths, slo, options,
                CalibrationSet.builtIn(), estimate, null);
        assertThat(fast.maxRatePerS()).isEqualTo(reference.maxRatePerS());
    }

    @Test
    void aRequestThatMissesTheSloAloneMeansNoCapacityWithoutSearching() {
        ModelSpec model = CATALOG.model("Llama-3.1-70B");
        ReplicaConfig replica = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 4);
        // a 20k-token prompt cannot start its first token within 500 ms on four H100s
        CapacitySearch.Result r = CapacitySearch.maxRate(model, replica, new FixedLengths(20480, 160),
                Slo.of(500, 50, 0.9), new CapacitySearch.Options(200, 42L, TOLERANCE, 24), CalibrationSet.builtIn(), null);
        assertThat(r.maxRatePerS()).isZero();
        assertThat(r.simulations()).isZero();
    }

    @Test
    void theSummaryAtTheFoundRateIsAWholeRun() {
        ReplicaConfig replica = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1).withBatching(BatchingPolicy.sarathi(512));
        CapacitySearch.Result r = CapacitySearch.maxRate(CATALOG.model("Llama-3.1-8B"), replica,
                new FixedLengths(320, 160), Slo.of(2000, 100, 0.9), new CapacitySearch.Options(150, 1L, 0.05, 24), CalibrationSet.builtIn(), null);
        SimulationSummary whole = r.atMaxRate();
        assertThat(whole.completed()).isEqualTo(whole.requests());
        assertThat(r.measuredAttainment()).isGreaterThanOrEqualTo(0.9);
    }
}
