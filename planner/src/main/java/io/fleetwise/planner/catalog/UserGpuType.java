package io.fleetwise.planner.catalog;

import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.Price;

import java.util.Locale;
import java.util.Objects;

/**
 * A GPU type the user entered (GB200, H20, RTX PRO 6000, Gaudi 3, an in-house part): its datasheet figures, memory in
 * bytes as the device reports it, and whose efficiency curves predict it, since a type without measurements has
 * none of its own. Once added it is planned like a built-in type; its price comes from the price book.
 *
 * @param memoryBytes       device memory as the device reports it ({@code cudaMemGetInfo} total, {@code nvidia-smi}),
 *                          which is what serving engines size the KV cache from (an H100 80GB reports 85.06e9)
 * @param datasheetMemoryGb the datasheet's memory figure; 0 = estimate it from the reported bytes
 * @param efficiencyFrom    whose efficiency curves to borrow: {@code catalog:TYPE} (that type's curves, its newest
 *                          calibration when it has one) or {@code calibration:ID} (one stored calibration)
 */
public record UserGpuType(String name, String vendor, String architecture, String formFactor, long memoryBytes,
                          double datasheetMemoryGb,
                          String memoryType, double memBandwidthGBps, double bf16Tflops, double fp16Tflops,
                          double fp8Tflops, double int8Tops, String interconnect, double linkBandwidthGBps,
                          double pcieGBps, double tdpW, String efficiencyFrom, String specSource,
                          String notes) {

    public static final String FROM_CATALOG = "catalog:";
    public static final String FROM_CALIBRATION = "calibration:";

    public UserGpuType {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A GPU type needs a name");
        }
        name = name.trim();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9 ._+()-]{0,63}")) {
            throw new IllegalArgumentException("GPU type name '" + name + "' may use letters, digits, space and . _ + ( ) -"
                    + " (up to 64 characters)");
        }
        String what = "GPU type " + name + ": ";
        vendor = text(vendor);
        architecture = text(architecture);
        formFactor = text(formFactor);
        memoryType = text(memoryType);
        interconnect = text(interconnect);
        specSource = text(specSource);
        notes = text(notes);
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException(what + "memory must be > 0 bytes, was " + memoryBytes);
        }
        nonNegative(datasheetMemoryGb, what + "datasheet memory (GB)");
        if (datasheetMemoryGb > 0 && memoryBytes / (1024.0 * 1024.0 * 1024.0) > datasheetMemoryGb * 1.1) {
            throw new IllegalArgumentException(what + "the device reports " + memoryBytes + " bytes ("
                    + String.format(Locale.ROOT, "%.2f", memoryBytes / (1024.0 * 1024.0 * 1024.0))
                    + " GiB), more than the datasheet's " + datasheetMemoryGb + " GB allows; check both figures");
        }
        positive(memBandwidthGBps, what + "memory bandwidth (GB/s)");
        positive(tdpW, what + "TDP (W)");
        nonNegative(bf16Tflops, what + "BF16 dense TFLOPS");
        nonNegative(fp16Tflops, what + "FP16 dense TFLOPS");
        nonNegative(fp8Tflops, what + "FP8 dense TFLOPS");
        nonNegative(int8Tops, what + "INT8 dense TOPS");
        nonNegative(linkBandwidthGBps, what + "GPU-to-GPU link bandwidth (GB/s)");
        nonNegative(pcieGBps, what + "PCIe bandwidth (GB/s)");
        if (bf16Tflops <= 0 && fp16Tflops <= 0) {
            throw new IllegalArgumentException(what + "needs BF16 or FP16 dense TFLOPS > 0");
        }
        efficiencyFrom = text(efficiencyFrom);
        String lower = efficiencyFrom.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith(FROM_CATALOG) && efficiencyFrom.length() > FROM_CATALOG.length())
                && !(lower.startsWith(FROM_CALIBRATION) && efficiencyFrom.substring(FROM_CALIBRATION.length()).matches("\\d+"))) {
            throw new IllegalArgumentException(what + "efficiency curves must be borrowed from a catalog type "
                    + "(catalog:H100-SXM) or a stored calibration (calibration:12), was '" + efficiencyFrom + "'");
        }
    }

    /** The catalog type whose curves this one borrows, or empty when it borrows a stored calibration. */
    public java.util.Optional<String> borrowedCatalogType() {
        return efficiencyFrom.toLowerCase(Locale.ROOT).startsWith(FROM_CATALOG)
                ? java.util.Optional.of(efficiencyFrom.substring(FROM_CATALOG.length()).trim())
                : java.util.Optional.empty();
    }

    /** The stored calibration this one borrows, or empty when it borrows a catalog type's curves. */
    public java.util.OptionalLong borrowedCalibrationId() {
        return efficiencyFrom.toLowerCase(Locale.ROOT).startsWith(FROM_CALIBRATION)
                ? java.util.OptionalLong.of(Long.parseLong(efficiencyFrom.substring(FROM_CALIBRATION.length())))
                : java.util.OptionalLong.empty();
    }

    /** Memory as the device reports it, in GiB. */
    public double reportedMemoryGib() {
        return memoryBytes / (1024.0 * 1024.0 * 1024.0);
    }

    /** The planner's type, with no price (the price book prices it); engines size memory from the reported bytes. */
    public GpuType toGpuType() {
        double datasheet = datasheetMemoryGb > 0 ? datasheetMemoryGb : reportedMemoryGib() / GpuType.CUDA_SHARE_OF_DATASHEET_GIB;
        return new GpuType(name, vendor, architecture, formFactor, datasheet, memoryType, memBandwidthGBps,
                bf16Tflops, fp16Tflops, fp8Tflops, int8Tops, interconnect, linkBandwidthGBps, pcieGBps, tdpW,
                Price.unknown("no price for " + name + " yet: add an offer in the price book"),
                specSource.isEmpty() ? "entered by the user" : specSource,
                (notes.isEmpty() ? "" : notes + "; ") + "user GPU type, efficiency curves from " + efficiencyFrom,
                reportedMemoryGib(), memoryBytes + " bytes as the device reports it (entered)");
    }

    /** A starting point copied from a catalog type (its figures, borrowing its curves), for "add a type like ...". */
    public static UserGpuType like(GpuType base, String newName) {
        Objects.requireNonNull(base, "base");
        return new UserGpuType(newName, base.vendor(), base.architecture(), base.formFactor(),
                Math.round(base.cudaMemoryBytes()), base.memoryGb(), base.memoryType(), base.memBandwidthGBps(), base.bf16Tflops(),
                base.fp16Tflops(), base.fp8Tflops(), base.int8Tops(), base.interconnect(), base.linkBandwidthGBps(),
                base.pcieGBps(), base.tdpW(), FROM_CATALOG + base.name(), "copied from " + base.name(), "");
    }

    private static String text(String s) {
        return s == null ? "" : s.trim();
    }

    private static void positive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a finite number > 0, was " + v);
        }
    }

    private static void nonNegative(double v, String what) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0, was " + v);
        }
    }
}
