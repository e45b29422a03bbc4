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

    /** GPU 0, or the test is skipped with e.g. "no CUDA driver: libcuda.so.1 not found ...". */
    public static CudaDevice openGpuOrSkip() {
        DeviceDiscovery.Result r = DeviceDiscovery.discover(Catalog.builtIn());
        assumeTrue(r.cudaAvailable(), () -> "GPU test skipped: " + r.cudaUnavailableReason());
        return DeviceDiscovery.open(Catalog.builtIn(), 0);
    }
}
