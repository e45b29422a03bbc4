package io.fleetwise.executor.device;

import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The only class discovery uses that touches JCuda, so a missing driver fails here and nowhere else. */
final class CudaDriverProbe {
    private CudaDriverProbe() {
    }

    static List<DeviceInfo> listDevices(GpuTypeMatcher matcher) {
        PrivateNativeLibraries.loadJCudaDriver();
        int init = JCudaDriver.cuInit(0);
        if (init == CUresult.CUDA_ERROR_NO_DEVICE) {
            return List.of();
        }
        check(init, "cuInit");
        int[] count = new int[1];
        check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        int[] driver = new int[1];
        check(JCudaDriver.cuDriverGetVersion(driver), "cuDriverGetVersion");
        List<DeviceInfo> devices = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            CUdevice dev = new CUdevice();
            check(JCudaDriver.cuDeviceGet(dev, i), "cuDeviceGet");
            byte[] nameBytes = new byte[256];
            check(JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, dev), "cuDeviceGetName");
            String name = new String(nameBytes, StandardCharsets.US_ASCII);
            name = name.substring(0, Math.max(0, name.indexOf('\0') < 0 ? name.length() : name.indexOf('\0'))).strip();
            long[] mem = new long[1];
            check(JCudaDriver.cuDeviceTotalMem(mem, dev), "cuDeviceTotalMem");
            devices.add(new DeviceInfo(DeviceInfo.Kind.CUDA, i, name,
                    attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                    attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                    attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
                    mem[0],
                    attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_CLOCK_RATE),
                    attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE),
                    attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH),
                    driver[0],
                    matcher.match(name, mem[0])));
        }
        return devices;
    }

    private static int attribute(CUdevice dev, int attribute) {
        int[] v = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(v, attribute, dev), "cuDeviceGetAttribute(" + CUdevice_attribute.stringFor(attribute) + ")");
        return v[0];
    }

    static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new DeviceException(call + " failed: " + CUresult.stringFor(result));
        }
    }
}
