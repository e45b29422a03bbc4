package io.fleetwise.planner.sim;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.workload.RequestTrace;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The light-load workload replayed on layouts the measured runs did not use (docs/validation.md, "Other layouts"):
 * no measurement exists, so the checks are physical: a decode step streams weights that shrink with TP while the host
 * and the all-reduces do not, so TPOT falls with TP but less than in proportion; two TP4 replicas on the same 8 GPUs
 * as TP8 each run half the batch of one TP4 replica; an fp8 model of 123B streams about the bytes of a 70B bf16 one.
 */
class LayoutCheckTest {

    private static double tpot(LayoutCheck.Layout l, RequestTrace trace) {
        Catalog catalog = Catalog.builtIn();
        EngineProfile engine = EngineProfile.vllm06();
        CalibrationSet calibration = CalibrationSet.uniform(CalibrationProfiles.h100Measured(),
                engine.withHost(engine.host().withApiInEngineProcess(true)));
        SimulationConfig cfg = new SimulationConfig(catalog.model(l.model()),
                List.of(ReplicaGroup.of(LayoutCheck.server(catalog, engine, l), l.replicas())), RouterPolicy.ROUND_ROBIN,
                calibration, null, EnergyModel.standard());
        return Simulator.run(cfg, trace).summary().tpotTokenWeightedMs();
    }

    @Test
    void tpotFallsWithTpButLessThanInProportionAndDataParallelHalvesTheBatch() throws IOException {
        RequestTrace lmsys = VllmValidation.readRequests("requests/vllm-llama3.1-70b-tp8-lmsys_025.jsonl");
        for (String model : List.of("Llama-3.1-70B", "Mistral-Large-2407")) {
            DType w = model.startsWith("Mistral") ? DType.FP8 : DType.BF16;
            double tp2 = tpot(new LayoutCheck.Layout(model, w, w, 2, 1), lmsys);
            double tp4 = tpot(new LayoutCheck.Layout(model, w, w, 4, 1), lmsys);
            double tp8 = tpot(new LayoutCheck.Layout(model, w, w, 8, 1), lmsys);
            double dp = tpot(new LayoutCheck.Layout(model, w, w, 4, 2), lmsys);
            assertThat(tp2).as(model).isGreaterThan(tp4);
            assertThat(tp4).as(model).isGreaterThan(tp8);
            assertThat(tp2 / tp8).as(model + ": weights shrink 4x, host and all-reduces do not").isBetween(1.5, 3.5);
            assertThat(dp).as(model + ": two TP4 replicas").isLessThanOrEqualTo(tp4).isGreaterThan(tp8);
        }
        double llama = tpot(new LayoutCheck.Layout("Llama-3.1-70B", DType.BF16, DType.BF16, 4, 1), lmsys);
        double mistral = tpot(new LayoutCheck.Layout("Mistral-Large-2407", DType.FP8, DType.FP8, 4, 1), lmsys);
        assertThat(mistral / llama).isBetween(0.85, 1.25);
    }
}
