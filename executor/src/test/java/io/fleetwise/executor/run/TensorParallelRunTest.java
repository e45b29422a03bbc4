package io.fleetwise.executor.run;

import io.fleetwise.executor.device.CpuDevice;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A TP group on several local devices (here CPU devices) runs its all-reduces for real and computes what TP 1 computes. */
class TensorParallelRunTest {
    private static final CollectiveModel NVLINK = new CollectiveModel(450, 5);
    private static final PlanRunner.Options CAPTURE = PlanRunner.Options.defaults().withCaptureHidden(true);

    /** hidden 64, 4 query / 2 KV heads of 64, FFN 192, vocab 160, 2 layers; as the shard of one GPU of TP {@code tp}. */
    private static ShardShape dense(int tp) {
        return new ShardShape("tiny dense TP" + tp, 2, 0, 64, 4 / tp, 2 / tp, 64, 192 / tp, Integer.MAX_VALUE, 0, 0, 0, 0, 160 / tp,
                1e-5f, 10000f, tp, 1, 1);
    }

    /** The same with MoE from layer 1: 8 experts, top 2, expert FFN 64, TP splitting every expert's FFN (EP 1). */
    private static ShardShape moe(int tp) {
        return new ShardShape("tiny moe TP" + tp, 2, 0, 64, 4 / tp, 2 / tp, 64, 192 / tp, 1, 8, 8, 2, 64 / tp, 0, 1e-5f, 10000f, tp, 1, 1);
    }

    private static float[] runAlone(ShardShape shard) {
        try (CpuDevice cpu = new CpuDevice(64L << 20)) {
            return new PlanRunner(cpu, shard, NVLINK, CAPTURE).run(PlanRunnerTest.schedule(), ProgressListener.NONE).finalHidden();
        }
    }

    private static RunResult runOn(int devices, ShardShape shard) {
        List<CpuDevice> cpus = java.util.stream.IntStream.range(0, devices).mapToObj(i -> new CpuDevice(64L << 20, i)).toList();
        try {
            return PlanRunner.runTensorParallel(cpus, shard, NVLINK, PlanRunnerTest.schedule(), CAPTURE, ProgressListener.NONE);
        } finally {
            cpus.forEach(CpuDevice::close);
        }
    }

    private static void assertBf16Close(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double maxAbs = 0;
        for (float v : expected) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            // bf16 keeps 8 significant bits; partial sums rounded on each rank differ from the TP-1 sum by a few ulps
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i],
                    org.assertj.core.data.Offset.offset(0.02 * maxAbs + 0.02 * Math.abs(expected[i])));
        }
    }

    @Test
    void denseTp2OnTwoDevicesEqualsTp1AndMeasuresTheRingAllReduce() {
        float[] tp1 = runAlone(dense(1));
        RunResult tp2 = runOn(2, dense(2));

        assertBf16Close(tp2.finalHidden(), tp1);
        assertThat(tp2.records()).filteredOn(t -> t.op().startsWith("allreduce")).hasSize(2 * 2 * 2).allSatisfy(t -> {
            assertThat(t.modelled()).as("run for real, not modelled").isFalse();
            assertThat(t.shape()).endsWith("gpus=2 ring");
            assertThat(t.timeNs()).isPositive();
        });
        assertThat(tp2.device()).startsWith("CPU (plain Java");
    }

    @Test
    void moeTp2AndDenseTp4MatchTp1() {
        assertBf16Close(runOn(2, moe(2)).finalHidden(), runAlone(moe(1)));
        ShardShape tp4 = new ShardShape("tiny dense TP4", 2, 0, 64, 1, 1, 64, 48, Integer.MAX_VALUE, 0, 0, 0, 0, 40, 1e-5f, 10000f, 4, 1, 1);
        ShardShape tp1 = new ShardShape("tiny dense TP1 of 4 KV heads", 2, 0, 64, 4, 4, 64, 192, Integer.MAX_VALUE, 0, 0, 0, 0, 160,
                1e-5f, 10000f, 1, 1, 1);
        assertBf16Close(runOn(4, tp4).finalHidden(), runAlone(tp1));
    }

    @Test
    void withoutTheAllReduceTheRanksWouldDisagree() {
        // The comparison can fail: one rank's partial result alone is far from the TP-1 result.
        float[] tp1 = runAlone(dense(1));
        float[] lonelyRank = runAlone(dense(2));
        assertThatThrownBy(() -> assertBf16Close(lonelyRank, tp1)).isInstanceOf(AssertionError.class);
    }

    @Test
    void aCancelledGroupStopsEveryRankAndFreesTheirMemory() {
        List<CpuDevice> cpus = List.of(new CpuDevice(64L << 20, 0), new CpuDevice(64L << 20, 1));
        ProgressListener cancelled = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> PlanRunner.runTensorParallel(cpus, dense(2), NVLINK, PlanRunnerTest.schedule(), CAPTURE, cancelled))
                .isInstanceOf(CancellationException.class);
        assertThat(cpus).allSatisfy(c -> assertThat(c.freeMemoryBytes()).isEqualTo(64L << 20));
    }

    @Test
    void theGroupNeedsOneDevicePerRank() {
        List<CpuDevice> one = List.of(new CpuDevice(64L << 20, 0));
        assertThatThrownBy(() -> PlanRunner.runTensorParallel(one, dense(2), NVLINK, PlanRunnerTest.schedule(), CAPTURE, ProgressListener.NONE))
                .hasMessageContaining("TP 2 needs 2 devices, got 1");
    }
}
