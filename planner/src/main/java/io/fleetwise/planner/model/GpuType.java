package io.fleetwise.planner.model;

import java.util.Objects;

/**
 * One accelerator model. TFLOPS are dense tensor-core figures; 0 means the GPU has no tensor
 * path for that format. Bandwidths are GB/s (10^9 bytes per second).
 *
 * @param linkBandwidthGBps bidirectional GPU-to-GPU bandwidth inside a node (NVLink etc.); 0 if
 *                          GPUs only talk over PCIe
 * @param pcieGBps          bidirectional host PCIe bandwidth per GPU
 */
public record GpuType(
        String name,
        String vendor,
        String architecture,
        String formFactor,
        double memoryGb,
        String memoryType,
        double memBandwidthGBps,
        double bf16Tflops,
        double fp16Tflops,
        double fp8Tflops,
        double int8Tops,
        String interconnect,
        double linkBandwidthGBps,
        double pcieGBps,
        double tdpW,
        Price price,
        String specSource,
        String notes) {

    public GpuType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(price, "price");
        if (memoryGb <= 0) {
            throw new IllegalArgumentException("GPU " + name + ": memoryGb must be > 0, was " + memoryGb);
        }
        if (memBandwidthGBps <= 0) {
            throw new IllegalArgumentException("GPU " + name + ": memBandwidthGBps must be > 0, was " + memBandwidthGBps);
        }
    }

    /** Bytes of device memory. */
    public double memoryBytes() {
        return memoryGb * 1e9;
    }

    /**
     * Peak dense tensor throughput for a compute dtype, in TFLOP/s. Formats a GPU lacks run on the
     * widest 16-bit path it has (a T4 computes bf16 models in fp16; fp8/int weights are upcast).
     */
    public double peakTflops(DType computeDtype) {
        double sixteen = bf16Tflops > 0 ? bf16Tflops : fp16Tflops;
        switch (computeDtype) {
            case FP8: return fp8Tflops > 0 ? fp8Tflops : sixteen;
            case INT8: return int8Tops > 0 ? int8Tops : sixteen;
            case FP16: return fp16Tflops > 0 ? fp16Tflops : sixteen;
            case FP32: return sixteen / 2.0; // tensor-core TF32 is half the 16-bit rate on every listed part
            default: return sixteen;
        }
    }

    /** Whether the GPU has a native tensor path for the format (no upcast). */
    public boolean supportsNatively(DType dtype) {
        switch (dtype) {
            case BF16: return bf16Tflops > 0;
            case FP16: return fp16Tflops > 0;
            case FP8: return fp8Tflops > 0;
            case INT8: return int8Tops > 0;
            default: return true;
        }
    }

    public GpuType withPrice(Price newPrice) {
        return new GpuType(name, vendor, architecture, formFactor, memoryGb, memoryType, memBandwidthGBps,
                bf16Tflops, fp16Tflops, fp8Tflops, int8Tops, interconnect, linkBandwidthGBps, pcieGBps, tdpW,
                newPrice, specSource, notes);
    }
}
