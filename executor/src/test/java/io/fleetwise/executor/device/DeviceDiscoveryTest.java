package io.fleetwise.executor.device;

import io.fleetwise.planner.catalog.Catalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class DeviceDiscoveryTest {

    @Test
    void machineWithoutDriverGetsAPlainReasonAndTheCpuDevice() {
        assumeFalse(CudaTestSupport.driverLibraryPresent(), "this machine has a CUDA driver; the no-driver path is tested on machines without one");
        Catalog catalog = Catalog.builtIn();

        DeviceDiscovery.Result first = DeviceDiscovery.discover(catalog);
        DeviceDiscovery.Result second = DeviceDiscovery.discover(catalog);

        assertThat(first.cudaAvailable()).isFalse();
        assertThat(first.gpus()).isEmpty();
        assertThat(first.cudaUnavailableReason()).startsWith("no CUDA driver: ").contains("libcuda.so.1 not found");
        // The second attempt meets NoClassDefFoundError; the first, more useful reason is kept.
        assertThat(second.cudaUnavailableReason()).isEqualTo(first.cudaUnavailableReason());
        assertThat(first.cpu().kind()).isEqualTo(DeviceInfo.Kind.CPU);
        assertThat(first.describe()).first().asString().startsWith("CUDA: no CUDA driver");
    }

    @Test
    void openingAGpuWithoutDriverFailsWithTheReason() {
        assumeFalse(CudaTestSupport.driverLibraryPresent(), "this machine has a CUDA driver");
        assertThatThrownBy(() -> DeviceDiscovery.open(Catalog.builtIn(), 0))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("Cannot open GPU 0: no CUDA driver");
    }

    @Test
    void cpuDeviceIsAlwaysOffered() {
        try (CpuDevice cpu = new CpuDevice(1 << 20)) {
            assertThat(cpu.info().kind()).isEqualTo(DeviceInfo.Kind.CPU);
            assertThat(cpu.info().summary()).contains("CPU");
            assertThat(cpu.freeMemoryBytes()).isEqualTo(1 << 20);
        }
    }
}
