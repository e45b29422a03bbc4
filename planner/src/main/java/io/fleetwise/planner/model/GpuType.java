package io.fleetwise.planner.model;

import java.util.Objects;

/**
 * One accelerator model. TFLOPS are dense tensor-core figures; 0 means the GPU has no tensor
 * path for that format. Bandwidths are GB/s (10^9 bytes per second).
 *
 * @param linkBandwidthGBps bidirectional GPU-to-GPU bandwidth inside a node (NVLink etc.); 0 if
 *                          GPUs only talk over PCIe
 * @param pcieGBps          bidirectional host PCIe bandwidth per GPU
 * @param cudaMemoryGib     device memory as CUDA reports it ({@code cudaMemGetInfo} total, which vLLM logs as
 *                          total_gpu_memory), in GiB: less than the datasheet's "80 GB" (an H100 80GB shows 79.22 GiB,
 *                          85.06e9 bytes), because the driver keeps part of the framebuffer back
 * @param cudaMemorySource  where that figure comes from (a log line with its link, or how it was estimated)
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
        String notes,
        double cudaMemoryGib,
        String cudaMemorySource) {

    /**
     * CUDA's share of the datasheet memory on H100 80GB (79.22 GiB of 80 GiB); the estimate for a GPU type whose
     * CUDA figure nobody has measured.
     */
    public static final double CUDA_SHARE_OF_DATASHEET_GIB = 79.22 / 80.0;
    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    /** A GPU type whose CUDA-visible memory is estimated from its datasheet figure (see {@link #CUDA_SHARE_OF_DATASHEET_GIB}). */
    public GpuType(String name, String vendor, String architecture, String formFactor, double memoryGb,
                   String memoryType, double memBandwidthGBps, double bf16Tflops, double fp16Tflops, double fp8Tflops,
                   double int8Tops, String interconnect, double linkBandwidthGBps, double pcieGBps, double tdpW,
                   Price price, String specSource, String notes) {
        this(name, vendor, architecture, formFactor, memoryGb, memoryType, memBandwidthGBps, bf16Tflops, fp16Tflops,
                fp8Tflops, int8Tops, interconnect, linkBandwidthGBps, pcieGBps, tdpW, price, specSource, notes,
                memoryGb * CUDA_SHARE_OF_DATASHEET_GIB, "estimated: datasheet " + memoryGb
                        + " GiB x " + String.format(java.util.Locale.ROOT, "%.5f", CUDA_SHARE_OF_DATASHEET_GIB)
                        + " (H100's ratio of CUDA total to datasheet)");
    }

    public GpuType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(price, "price");
        if (memoryGb <= 0) {
            throw new IllegalArgumentException("GPU " + name + ": memoryGb must be > 0, was " + memoryGb);
        }
        if (!(cudaMemoryGib > 0) || cudaMemoryGib > memoryGb * 1.1) {
            throw new IllegalArgumentException("GPU " + name + ": cudaMemoryGib must be > 0 and about memoryGb or less, was "
                    + cudaMemoryGib + " (memoryGb " + memoryGb + ")");
        }
        cudaMemorySource = cudaMemorySource == null ? "" : cudaMemorySource;
        if (memBandwidthGBps <= 0) {
            throw new IllegalArgumentException("GPU " + name + ": memBandwidthGBps must be > 0, was " + memBandwidthGBps);
        }
    }

    /** Bytes of device memory by the datasheet (GB = 1e9 bytes); see {@link #cudaMemoryBytes()} for what engines size with. */
    public double memoryBytes() {
        return memoryGb * 1e9;
    }

    /** Bytes of device memory as CUDA reports it: what vLLM multiplies by gpu-memory-utilization. */
    public double cudaMemoryBytes() {
        return cudaMemoryGib * GIB;
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
                newPrice, specSource, notes, cudaMemoryGib, cudaMemorySource);
    }
}
