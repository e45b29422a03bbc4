package io.fleetwise.executor.device;

import io.fleetwise.planner.catalog.Catalog;

import java.util.List;
import java.util.Optional;

/**
 * Finds the local CUDA devices through JCuda's driver API, and always offers the CPU device.
 * Without a driver JCuda's native library fails to load: an {@link UnsatisfiedLinkError} the first
 * time and {@link NoClassDefFoundError} afterwards. Both are caught here, the first reason is kept,
 * and the result says plainly why there is no GPU.
 */
public final class DeviceDiscovery {

    /** Devices found. {@code cudaUnavailableReason} is empty when at least one GPU was found. */
    public record Result(List<DeviceInfo> gpus, String cudaUnavailableReason, DeviceInfo cpu) {
        public Result {
            gpus = List.copyOf(gpus);
        }

        public boolean cudaAvailable() {
            return !gpus.isEmpty();
        }

        /** One line per device, for the command line and the Execute view. */
        public List<String> describe() {
            java.util.ArrayList<String> lines = new java.util.ArrayList<>();
            if (gpus.isEmpty()) {
                lines.add("CUDA: " + cudaUnavailableReason);
            }
            gpus.forEach(g -> lines.add(g.summary()));
            lines.add("CPU device: " + cpu.summary());
            return lines;
        }
    }

    private static volatile String firstLoadFailure;

    private DeviceDiscovery() {
    }

    public static Result discover(Catalog catalog) {
        DeviceInfo cpu = CpuDevice.cpuInfo();
        try {
            List<DeviceInfo> gpus = CudaDriverProbe.listDevices(new GpuTypeMatcher(catalog));
            if (gpus.isEmpty()) {
                return new Result(List.of(), "no CUDA device: the driver loaded but reports 0 devices", cpu);
            }
            return new Result(gpus, "", cpu);
        } catch (LinkageError e) {
            return new Result(List.of(), "no CUDA driver: " + loadFailureReason(e), cpu);
        } catch (RuntimeException e) {
            return new Result(List.of(), "CUDA driver error: " + e.getMessage(), cpu);
        }
    }

    /** Opens GPU {@code index}; the caller closes it. */
    public static CudaDevice open(Catalog catalog, int index) {
        Result r = discover(catalog);
        if (index < 0 || index >= r.gpus().size()) {
            throw new DeviceException(r.cudaAvailable()
                    ? "No GPU " + index + "; found " + r.gpus().size()
                    : "Cannot open GPU " + index + ": " + r.cudaUnavailableReason());
        }
        return CudaDevice.open(r.gpus().get(index));
    }

    static synchronized String loadFailureReason(LinkageError e) {
        if (firstLoadFailure == null) {
            firstLoadFailure = explain(e);
        }
        return firstLoadFailure;
    }

    private static String explain(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        String text = all.toString();
        // JCuda nests the loader's messages; the useful one is the dynamic linker's line.
        Optional<String> linker = text.lines().filter(l -> l.contains("cannot open shared object file")).findFirst();
        if (linker.isPresent() && linker.get().contains("libcuda.so.1")) {
            return "libcuda.so.1 not found (install the NVIDIA driver to use a GPU; the CPU device still works)";
        }
        if (linker.isPresent()) {
            return "JCuda's native library could not load: " + linker.get().strip();
        }
        if (text.contains("nvcuda.dll")) {
            return "nvcuda.dll not found (install the NVIDIA driver to use a GPU; the CPU device still works)";
        }
        return e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
