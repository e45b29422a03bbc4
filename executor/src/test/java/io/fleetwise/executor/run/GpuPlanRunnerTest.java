package io.fleetwise.executor.run;

import io.fleetwise.executor.device.CpuDevice;
import io.fleetwise.executor.device.CudaDevice;
import io.fleetwise.executor.device.CudaTestSupport;
import io.fleetwise.executor.device.InsufficientDeviceMemoryException;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole layer path on the GPU against the CPU device; skipped with the discovery reason without a GPU. */
@Tag("gpu")
class GpuPlanRunnerTest {
    private static CudaDevice gpu;

    @BeforeAll
    static void open() {
        gpu = CudaTestSupport.openGpuOrNull();
    }

    @AfterAll
    static void close() {
        if (gpu != null) {
            gpu.close();
        }
    }

    @BeforeEach
    void requireGpu() {
        CudaTestSupport.assumeGpu(gpu);
    }

    private static void assertSameHidden(ShardShape shard) {
        CollectiveModel links = new CollectiveModel(450, 5);
        PlanRunner.Options options = PlanRunner.Options.defaults().withCaptureHidden(true);
        float[] expected;
        try (CpuDevice cpu = new CpuDevice(256L << 20)) {
            expected = new PlanRunner(cpu, shard, links, options).run(PlanRunnerTest.schedule(), ProgressListener.NONE).finalHidden();
        }
        RunResult onGpu = new PlanRunner(gpu, shard, links, options).run(PlanRunnerTest.schedule(), ProgressListener.NONE);
        float[] actual = onGpu.finalHidden();
        assertThat(actual).hasSize(expected.length);
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            // Two layers of bf16 rounding in different orders: compare against the tensor's magnitude.
            assertThat((double) Math.abs(actual[i] - expected[i])).as("hidden element " + i).isLessThanOrEqualTo(0.05 * scale);
        }
        assertThat(onGpu.records()).filteredOn(r -> !r.modelled()).allSatisfy(r -> assertThat(r.timeNs()).isPositive());
    }

    @Test
    void denseLayersOnTheGpuMatchTheCpuDevice() {
        assertSameHidden(PlanRunnerTest.denseShard());
    }

    @Test
    void moeLayersOnTheGpuMatchTheCpuDevice() {
        assertSameHidden(PlanRunnerTest.moeShard());
    }

    @Test
    void llama8bShardRunsWithRealShapesInBothTimingModes() {
        ShardShape shard = ShardShape.of(Catalog.builtIn().model("Llama-3.1-8B"), 1, 1, 1, 0);
        IterationSchedule schedule = new IterationSchedule(List.of(
                new Iteration(List.of(new PrefillChunk(512, 0)), List.of(1000, 2000, 3000)),
                new Iteration(List.of(), java.util.Collections.nCopies(32, 2048))));
        CollectiveModel links = CollectiveModel.forGpu(gpu.info().catalogMatch().orElse(Catalog.builtIn().gpu("H100-SXM")));
        RunResult perKernel = new PlanRunner(gpu, shard, links, PlanRunner.Options.defaults()).run(schedule, ProgressListener.NONE);
        RunResult perIteration = new PlanRunner(gpu, shard, links, PlanRunner.Options.defaults().withMode(TimingMode.PER_ITERATION))
                .run(schedule, ProgressListener.NONE);
        for (int i = 0; i < 2; i++) {
            long kernels = perKernel.measuredNs(i), whole = perIteration.measuredNs(i);
            System.out.printf("iteration %d: per-kernel sum %.3f ms, whole iteration %.3f ms%n", i, kernels / 1e6, whole / 1e6);
            assertThat(whole).isPositive();
            assertThat((double) kernels).isBetween(0.5 * whole, 2.0 * whole);
        }
    }

    @Test
    void runTooLargeForTheGpuIsRefusedAndTheGpuStaysUsable() {
        ShardShape huge = ShardShape.of(Catalog.builtIn().model("Llama-3.1-405B"), 1, 1, 1, 0);
        IterationSchedule one = new IterationSchedule(List.of(new Iteration(List.of(), List.of(100))));
        assertThatThrownBy(() -> new PlanRunner(gpu, huge, new CollectiveModel(450, 5), PlanRunner.Options.defaults()).run(one, ProgressListener.NONE))
                .isInstanceOf(InsufficientDeviceMemoryException.class).hasMessageContaining("Llama-3.1-405B");
        assertSameHidden(PlanRunnerTest.denseShard());
    }
}
