package io.fleetwise.planner.perf;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PerformanceModelTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec LLAMA8B = CATALOG.model("Llama-3.1-8B");
    private static final ModelSpec LLAMA70B = CATALOG.model("Llama-3.1-70B");
    private static final ReplicaConfig H100_TP1 = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1);

    @Test
    void largeGemmRunsAtComputeRoofline() {
        PerformanceModel ideal = PerformanceModel.create(LLAMA8B, H100_TP1, CalibrationProfile.ideal(), EngineProfile.kernelsOnly());
        IterationPrediction p = ideal.predict(BatchShape.prefill(4096));
        // QKV of Llama-3.1-8B: K = 4096, N = 4096 + 2 * 1024 = 6144; 2*M*K*N FLOPs at 989 TFLOP/s, 32 layers.
        double perLayerNs = 2.0 * 4096 * 4096 * 6144 / 989e12 * 1e9;
        assertThat(p.operatorNs(OperatorClass.QKV_GEMM)).isCloseTo(32 * perLayerNs, within(1.0));
    }

    @Test
    void singleTokenGemmRunsAtBandwidthRoofline() {
        PerformanceModel ideal = PerformanceModel.create(LLAMA8B, H100_TP1, CalibrationProfile.ideal(), EngineProfile.kernelsOnly());
        IterationPrediction p = ideal.predict(BatchShape.decode(1, 100));
        // Bytes: weights 4096*6144*2 plus one token's input (4096) and output (6144) at 2 bytes, over 3.35 TB/s.
        double bytes = 4096.0 * 6144 * 2 + (4096 + 6144) * 2.0;
        assertThat(p.operatorNs(OperatorClass.QKV_GEMM)).isCloseTo(32 * bytes / 3350e9 * 1e9, within(1.0));
    }

    @Test
    void ringAllReduceFollowsTheRingFormula() {
        Interconnect nvlink = new Interconnect("NVLink4", 450, 3.0);
        // 64 MB over 8 GPUs: 2*(n-1) latency steps + 2*(n-1)/n of the bytes at 0.8 * 450 GB/s.
        double expected = 14 * 3000 + 1.75 * 64e6 / 360.0;
        assertThat(DefaultPerformanceModel.allReduceNs(64e6, 8, nvlink, 0.8)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void smallAllReduceTakesTheLatencyOptimalTree() {
        Interconnect nvlink = new Interconnect("NVLink4", 450, 3.0);
        double tree = 2 * 3 * 3000 + 2 * 16384 / 360.0;
        assertThat(DefaultPerformanceModel.allReduceNs(16384, 8, nvlink, 0.8)).isCloseTo(tree, within(1e-6));
    }

    @Test
    void decodeAttentionGrowsWithContext() {
        PerformanceModel m = PerformanceModel.create(LLAMA70B, ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 8), CalibrationSet.builtIn());
        double shortCtx = m.predict(BatchShape.decode(64, 1000)).operatorNs(OperatorClass.ATTENTION_DECODE);
        double longCtx = m.predict(BatchShape.decode(64, 8000)).operatorNs(OperatorClass.ATTENTION_DECODE);
        assertThat(longCtx).isGreaterThan(4 * shortCtx);
    }

    @Test
    void prefillAttentionIsQuadraticInPromptLength() {
        PerformanceModel ideal = PerformanceModel.create(LLAMA8B, H100_TP1, CalibrationProfile.ideal(), EngineProfile.kernelsOnly());
        double a = ideal.predict(BatchShape.prefill(4000)).operatorNs(OperatorClass.ATTENTION_PREFILL);
        double b = ideal.predict(BatchShape.prefill(8000)).operatorNs(OperatorClass.ATTENTION_PREFILL);
        assertThat(b / a).isCloseTo(4.0, within(0.01));
    }

    @Test
    void breakdownsSumToTheTotal() {
        PerformanceModel m = PerformanceModel.create(LLAMA70B, ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 8), CalibrationSet.builtIn());
        IterationPrediction p = m.predict(BatchShape.EMPTY.plusPrefill(300, 1200).plusDecode(900).plusDecode(50));
        double ops = p.byOperatorNs().values().stream().mapToDouble(Double::doubleValue).sum();
        double res = p.byResourceNs().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(ops).isCloseTo(p.totalNs(), within(1e-3 * p.totalNs()));
        assertThat(res).isCloseTo(p.totalNs(), within(1e-3 * p.totalNs()));
    }

    @Test
    void fastPathAgreesWithFullPrediction() {
        PerformanceModel m = PerformanceModel.create(LLAMA70B, ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 8), CalibrationSet.builtIn());
        BatchShape b = BatchShape.EMPTY.plusPrefill(512, 0).plusDecode(700);
        assertThat(m.iterationTimeNs(b)).isCloseTo(m.predict(b).totalNs(), within(1e-6));
        assertThat(m.iterationTimeNs(b)).isCloseTo(m.predict(b).totalNs(), within(1e-6)); // second call hits the cache
    }

    @Test
    void fp8WeightsDecodeFasterThanBf16() {
        ReplicaConfig bf16 = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1);
        ReplicaConfig fp8 = bf16.withDtypes(DType.FP8, DType.BF16, DType.BF16);
        double tBf16 = PerformanceModel.create(LLAMA8B, bf16, CalibrationSet.builtIn()).predict(BatchShape.decode(8, 500)).totalNs();
        double tFp8 = PerformanceModel.create(LLAMA8B, fp8, CalibrationSet.builtIn()).predict(BatchShape.decode(8, 500)).totalNs();
        assertThat(tFp8).isLessThan(tBf16);
    }

    @Test
    void tensorParallelismAddsAllReduceTime() {
        PerformanceModel tp1 = PerformanceModel.create(LLAMA8B, H100_TP1, CalibrationSet.builtIn());
        PerformanceModel tp4 = PerformanceModel.create(LLAMA8B, ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 4), CalibrationSet.builtIn());
        assertThat(tp1.predict(BatchShape.decode(4, 100)).operatorNs(OperatorClass.TP_ALL_REDUCE)).isZero();
        assertThat(tp4.predict(BatchShape.decode(4, 100)).operatorNs(OperatorClass.TP_ALL_REDUCE)).isPositive();
    }

    @Test
    void moeModelReportsAllToAllOnlyWithExpertParallelism() {
        ModelSpec mixtral = CATALOG.model("Mixtral-8x7B");
        ReplicaConfig tp2 = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 2);
        assertThat(PerformanceModel.create(mixtral, tp2, CalibrationSet.builtIn()).predict(BatchShape.decode(16, 200)).operatorNs(OperatorClass.MOE_ALL_TO_ALL)).isZero();
        assertThat(PerformanceModel.create(mixtral, tp2.withParallelism(2, 1, 2), CalibrationSet.builtIn()).predict(BatchShape.decode(16, 200))
                .operatorNs(OperatorClass.MOE_ALL_TO_ALL)).isPositive();
    }

    @Test
    void otherGpusScaleByTheirSpecs() {
        BatchShape decode = BatchShape.decode(32, 1000);
        double h100 = PerformanceModel.create(LLAMA8B, H100_TP1, CalibrationSet.builtIn()).predict(decode).totalNs();
        double h200 = PerformanceModel.create(LLAMA8B, ReplicaConfig.of(CATALOG.gpu("H200-SXM"), 1), CalibrationSet.builtIn()).predict(decode).totalNs();
        double a100 = PerformanceModel.create(LLAMA8B, ReplicaConfig.of(CATALOG.gpu("A100-80GB-SXM"), 1), CalibrationSet.builtIn()).predict(decode).totalNs();
        // Decode streams weights: H200's 4.8 TB/s beats H100's 3.35, the A100's 2.0 TB/s trails.
        assertThat(h200).isLessThan(h100);
        assertThat(a100).isGreaterThan(h100);
        BatchShape prefill = BatchShape.prefill(8192);
        double h100Prefill = PerformanceModel.create(LLAMA8B, H100_TP1, CalibrationSet.builtIn()).predict(prefill).totalNs();
        double h200Prefill = PerformanceModel.create(LLAMA8B, ReplicaConfig.of(CATALOG.gpu("H200-SXM"), 1), CalibrationSet.builtIn()).predict(prefill).totalNs();
        // Same tensor-core peak: a long prefill is compute bound, so within a few percent.
        assertThat(h200Prefill / h100Prefill).isBetween(0.9, 1.0);
    }

    /**
     * vLLM's custom all-reduce on H100 (vLLM benchmark_device_communicators, PRs 24111 / 24532): one stage of 0.5 MB
     * 7 us at TP2 and 10 us at TP4; its small-message latency barely grows with TP, where NCCL's tree adds a step per
     * doubling.
     */
    @Test
    void customAllReduceMatchesVllmsH100BenchmarksAndBarelyGrowsWithTp() {
        Interconnect nvlink = new Interconnect("NVLink4", 450, 3.0);
        assertThat(DefaultPerformanceModel.customAllReduceNs(512 * 1024, 2, nvlink, 0.8) / 1e3).isBetween(5.6, 8.4);
        assertThat(DefaultPerformanceModel.customAllReduceNs(4.0 * 1024 * 1024, 4, nvlink, 0.8) / 1e3).isBetween(26.0, 50.0);
        double tp2 = DefaultPerformanceModel.customAllReduceNs(32 * 1024, 2, nvlink, 0.8);
        double tp8 = DefaultPerformanceModel.customAllReduceNs(32 * 1024, 8, nvlink, 0.8);
        assertThat(tp8 / tp2).isLessThan(1.5);
        assertThat(tp8).isLessThan(DefaultPerformanceModel.allReduceNs(32 * 1024, 8, nvlink, 0.8));
        // 8 MiB and more (and TP sizes the kernel does not support) go to NCCL.
        assertThat(DefaultPerformanceModel.customAllReduceNs(8.0 * 1024 * 1024, 8, nvlink, 0.8)).isZero();
        assertThat(DefaultPerformanceModel.customAllReduceNs(1024, 3, nvlink, 0.8)).isZero();
    }

    @Test
    void aDecodeStepOnNvlinkUsesTheCustomAllReduceAndAPcieOneDoesNot() {
        PerformanceModel tp8 = PerformanceModel.create(LLAMA70B, ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 8), CalibrationSet.builtIn());
        double perAllReduce = tp8.predict(BatchShape.decode(8, 1000)).operatorNs(OperatorClass.TP_ALL_REDUCE) / (2 * 80);
        // 8 x 8192 x 2 bytes = 128 KiB: one stage, well under NCCL's 2 * 3 tree steps of 3 us.
        assertThat(perAllReduce / 1e3).isBetween(5.5, 12.0);
        PerformanceModel pcie = PerformanceModel.create(LLAMA8B, ReplicaConfig.of(CATALOG.gpu("L40S"), 2), CalibrationSet.builtIn());
        double pcieAr = pcie.predict(BatchShape.decode(8, 1000)).operatorNs(OperatorClass.TP_ALL_REDUCE) / (2 * 32);
        assertThat(pcieAr).isGreaterThanOrEqualTo(DefaultPerformanceModel.allReduceNs(8 * 4096 * 2.0, 2,
                Interconnect.intraNodeOf(CATALOG.gpu("L40S")), CalibrationProfiles.h100Measured().collectiveBusEff()) - 1);
    }
}
