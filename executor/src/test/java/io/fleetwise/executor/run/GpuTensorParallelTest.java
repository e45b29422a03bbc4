package io.fleetwise.executor.run;

import io.fleetwise.executor.device.CpuDevice;
import io.fleetwise.executor.device.CudaDevice;
import io.fleetwise.executor.device.DeviceDiscovery;
import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A TP-2 group on two local GPUs with peer copies against TP 1 on the CPU device; skipped with the reason below 2 GPUs. */
@Tag("gpu")
class GpuTensorParallelTest {
    private List<DeviceInfo> gpus;

    @BeforeEach
    void requireTwoGpus() {
        DeviceDiscovery.Result found = DeviceDiscovery.discover(Catalog.builtIn());
        assumeTrue(found.cudaAvailable(), () -> "GPU test skipped: " + found.cudaUnavailableReason());
        assumeTrue(found.gpus().size() >= 2, () -> "GPU test skipped: the tensor-parallel group needs 2 CUDA devices, this machine has "
                + found.gpus().size());
        gpus = found.gpus().subList(0, 2);
    }

    @Test
    void tp2OnTwoGpusWithPeerCopiesEqualsTp1OnTheCpuDevice() {
        ShardShape tp1 = new ShardShape("dense TP1", 2, 0, 256, 8, 4, 64, 512, Integer.MAX_VALUE, 0, 0, 0, 0, 512, 1e-5f, 500000f, 1, 1, 1);
        ShardShape tp2 = new ShardShape("dense TP2", 2, 0, 256, 4, 2, 64, 256, Integer.MAX_VALUE, 0, 0, 0, 0, 256, 1e-5f, 500000f, 2, 1, 1);
        CollectiveModel links = new CollectiveModel(450, 5);
        PlanRunner.Options options = PlanRunner.Options.defaults().withCaptureHidden(true);
        float[] expected;
        try (CpuDevice cpu = new CpuDevice(256L << 20)) {
            expected = new PlanRunner(cpu, tp1, links, options).run(PlanRunnerTest.schedule(), ProgressListener.NONE).finalHidden();
        }
        try (CudaDevice a = CudaDevice.open(gpus.get(0)); CudaDevice b = CudaDevice.open(gpus.get(1))) {
            System.err.println("peer access GPU0->GPU1: " + a.enablePeerAccess(b) + ", GPU1->GPU0: " + b.enablePeerAccess(a)
                    + " (false: copies are staged through the host)");
            RunResult r = PlanRunner.runTensorParallel(List.of(a, b), tp2, links, PlanRunnerTest.schedule(), options, ProgressListener.NONE);
            float[] actual = r.finalHidden();
            double maxAbs = 0;
            for (float v : expected) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) actual[i]).as("element %d", i)
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(0.02 * maxAbs + 0.02 * Math.abs(expected[i])));
            }
            assertThat(r.records()).filteredOn(t -> t.op().startsWith("allreduce")).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.modelled()).isFalse());
            r.records().stream().filter(t -> t.op().startsWith("allreduce") && t.iteration() == 0 && t.layer() == 0)
                    .forEach(t -> System.err.println("measured " + t.op() + " " + t.shape() + ": " + t.timeNs() / 1e3 + " us"));
        }
    }
}
