package io.fleetwise.executor.device;

import io.fleetwise.planner.catalog.Catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Opens GPU 0 for GPU tests, or skips the test with the reason there is none. */
public final class CudaTestSupport {
    private CudaTestSupport() {
    }

    /** Whether the driver library is on a standard path (decides which discovery path a test can check). */
    public static boolean driverLibraryPresent() {
        List<String> dirs = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/usr/local/nvidia/lib64",
                "/usr/lib/wsl/lib");
        String ld = System.getenv().getOrDefault("LD_LIBRARY_PATH", "");
        return dirs.stream().anyMatch(d -> Files.exists(Path.of(d, "libcuda.so.1")))
                || java.util.Arrays.stream(ld.split(":")).filter(s -> !s.isBlank()).anyMatch(d -> Files.exists(Path.of(d, "libcuda.so.1")));
    }

    /**
     * GPU 0, or null with the reason printed once to stderr (call from {@code @BeforeAll}; then
     * {@link #assumeGpu} in {@code @BeforeEach} reports every test as skipped with that reason).
     */
    public static CudaDevice openGpuOrNull() {
        DeviceDiscovery.Result r = DeviceDiscovery.discover(Catalog.builtIn());
        if (!r.cudaAvailable()) {
            System.err.println("GPU tests skipped: " + r.cudaUnavailableReason());
            return null;
        }
        return DeviceDiscovery.open(Catalog.builtIn(), 0);
    }

    public static void assumeGpu(CudaDevice gpu) {
        assumeTrue(gpu != null, () -> "GPU test skipped: " + DeviceDiscovery.discover(Catalog.builtIn()).cudaUnavailableReason());
    }
}
