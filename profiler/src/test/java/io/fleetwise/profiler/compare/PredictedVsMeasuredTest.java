package io.fleetwise.profiler.compare;

import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.executor.run.Iteration;
import io.fleetwise.executor.run.IterationSchedule;
import io.fleetwise.executor.run.MemoryPlan;
import io.fleetwise.executor.run.PrefillChunk;
import io.fleetwise.executor.run.RunResult;
import io.fleetwise.executor.run.ShardShape;
import io.fleetwise.executor.run.TimingMode;
import io.fleetwise.executor.run.TimingRecord;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.OperatorClass;
import io.fleetwise.planner.perf.PerformanceModel;
import io.fleetwise.profiler.DeviceModels;
import io.fleetwise.profiler.TinyModel;
import io.fleetwise.planner.perf.CalibrationProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PredictedVsMeasuredTest {

    private static TimingRecord rec(int it, int layer, String op, long ns, boolean modelled) {
        return new TimingRecord(it, layer, op, "s", "bf16", "cpu", ns, modelled);
    }

    @Test
    void errorIsPredictedMinusMeasuredOverMeasured() {
        assertThat(new OperatorComparison(OperatorClass.QKV_GEMM, 2.0, 2.5, false).errorPct()).isCloseTo(25.0, within(1e-9));
        assertThat(new OperatorComparison(OperatorClass.QKV_GEMM, 4.0, 3.0, false).errorPct()).isCloseTo(-25.0, within(1e-9));
        assertThat(new OperatorComparison(OperatorClass.QKV_GEMM, 0.0, 3.0, false).errorPct()).isNaN();
        IterationComparison it = new IterationComparison(0, "b", 8.0, 2.0, 11.0);
        assertThat(it.totalMs()).isEqualTo(10.0);
        assertThat(it.errorPct()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void measuredTimesAreSummedPerOperatorClassAndPredictionsPerIterationMatchTheModel() {
        ModelSpec model = TinyModel.spec();
        ShardShape shard = ShardShape.of(model, 2, 1, 1, 0);
        IterationSchedule schedule = new IterationSchedule(List.of(
                new Iteration(List.of(new PrefillChunk(32, 0)), List.of()),
                new Iteration(List.of(), List.of(40, 60))));
        RunResult run = new RunResult(shard, "cpu", TimingMode.PER_KERNEL, new MemoryPlan(1, 1, 1, 1, 1), List.of(
                rec(0, 0, "gemm_qkv", 2_000_000, false), rec(0, 1, "gemm_qkv", 1_000_000, false),
                rec(0, 0, "gemm_gate_up", 500_000, false), rec(0, 0, "gemm_down", 250_000, false),
                rec(0, 0, "allreduce_attn", 100_000, true),
                rec(1, 0, "attn_decode", 300_000, false), rec(1, 0, "rmsnorm", 50_000, false), rec(1, 0, "silu_mul", 25_000, false)),
                new float[0]);
        CalibrationProfile profile = CalibrationProfile.ideal();
        PerformanceModel pm = PerformanceModel.create(model, ReplicaConfig.of(DeviceModels.cpuReference(), 2), profile,
                EngineProfile.kernelsOnly());

        Comparison c = PredictedVsMeasured.compare(run, schedule, pm);

        assertThat(c.byOperator()).filteredOn(o -> o.operatorClass() == OperatorClass.QKV_GEMM).singleElement()
                .satisfies(o -> assertThat(o.measuredMs()).isCloseTo(3.0, within(1e-9)));
        assertThat(c.byOperator()).filteredOn(o -> o.operatorClass() == OperatorClass.FFN_GEMM).singleElement()
                .satisfies(o -> assertThat(o.measuredMs()).isCloseTo(0.75, within(1e-9)));
        assertThat(c.byOperator()).filteredOn(o -> o.operatorClass() == OperatorClass.NORM_ACTIVATION).singleElement()
                .satisfies(o -> assertThat(o.measuredMs()).isCloseTo(0.075, within(1e-9)));
        assertThat(c.byOperator()).filteredOn(o -> o.operatorClass() == OperatorClass.TP_ALL_REDUCE).singleElement()
                .satisfies(o -> assertThat(o.modelled()).isTrue());
        assertThat(c.byIteration().get(0).measuredMs()).isCloseTo(3.75, within(1e-9));
        assertThat(c.byIteration().get(0).modelledMs()).isCloseTo(0.1, within(1e-9));
        double expected1 = pm.predict(PredictedVsMeasured.batchOf(schedule.iterations().get(1))).totalNs() / 1e6;
        assertThat(c.byIteration().get(1).predictedMs()).isCloseTo(expected1, within(1e-9 * expected1));
        double predictedQkv = pm.predict(PredictedVsMeasured.batchOf(schedule.iterations().get(0))).operatorNs(OperatorClass.QKV_GEMM)
                + pm.predict(PredictedVsMeasured.batchOf(schedule.iterations().get(1))).operatorNs(OperatorClass.QKV_GEMM);
        assertThat(c.byOperator()).filteredOn(o -> o.operatorClass() == OperatorClass.QKV_GEMM).singleElement()
                .satisfies(o -> assertThat(o.predictedMs()).isCloseTo(predictedQkv / 1e6, within(1e-9)));
        assertThat(c.predictedTotalMs()).isCloseTo(c.byIteration().get(0).predictedMs() + expected1, within(1e-9));
    }

    @Test
    void aPipelineStageIsComparedWithItsShareOfTheLayers() {
        ModelSpec model = TinyModel.spec();
        ShardShape stage = ShardShape.of(model, 1, 2, 1, 0);
        IterationSchedule schedule = new IterationSchedule(List.of(new Iteration(List.of(), List.of(100))));
        RunResult run = new RunResult(stage, "cpu", TimingMode.PER_KERNEL, new MemoryPlan(1, 1, 1, 1, 1),
                List.of(rec(0, 0, "gemm_o", 1_000_000, false)), new float[0]);
        PerformanceModel pm = PerformanceModel.create(model,
                ReplicaConfig.of(DeviceModels.cpuReference(), 1).withParallelism(1, 2, 1), CalibrationProfile.ideal(), EngineProfile.kernelsOnly());

        Comparison c = PredictedVsMeasured.compare(run, schedule, pm);

        double whole = pm.predict(PredictedVsMeasured.batchOf(schedule.iterations().get(0))).operatorNs(OperatorClass.O_GEMM);
        assertThat(c.byOperator()).filteredOn(o -> o.operatorClass() == OperatorClass.O_GEMM).singleElement()
                .satisfies(o -> assertThat(o.predictedMs()).isCloseTo(whole / 2 / 1e6, within(1e-12)));
    }
}
