package io.fleetwise.profiler.calibrate;

import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.BatchShape;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.OperatorClass;
import io.fleetwise.planner.perf.PerformanceModel;
import io.fleetwise.profiler.DeviceModels;
import io.fleetwise.profiler.TinyModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibrationSweepTest {
    @Test
    void anElementwiseSweepPointCountsTheBytesThePerformanceModelChargesForALayer() {
        ModelSpec tiny = TinyModel.spec();
        int tp = 2, tokens = 64;
        PerformanceModel m = PerformanceModel.create(tiny, ReplicaConfig.of(DeviceModels.cpuReference(), tp), CalibrationProfile.ideal(), EngineProfile.kernelsOnly());
        double perLayerNs = m.predict(BatchShape.prefill(tokens)).operatorNs(OperatorClass.NORM_ACTIVATION) / tiny.numLayers();

        double bytes = CalibrationSweep.layerElementwiseBytes(tokens, tiny.hiddenSize(), tiny.intermediateSize() / tp,
                tiny.numAttentionHeads() / tp, tiny.numKvHeads() / tp, tiny.headDim());

        assertThat(perLayerNs).isCloseTo(bytes / (DeviceModels.CPU_REFERENCE_GBPS * 1e9) * 1e9, within(1e-6 * perLayerNs));
    }

    @Test
    void theCpuPlanTimesAnElementwiseBundlePerSizeAndGemmsWithATpSplitK() {
        CalibrationSweep.Plan plan = CalibrationSweep.cpuPlan();
        assertThat(plan.elementwise()).allSatisfy(e -> assertThat(e).hasSize(4)).anySatisfy(e -> assertThat(e[3]).isEqualTo(2));
        assertThat(plan.gemms()).anySatisfy(g -> assertThat(g[2]).isEqualTo(128));
        assertThat(plan.cases()).isEqualTo(plan.gemms().size() + plan.prefills().size() + plan.decodes().size() + plan.elementwise().size());
    }
}
