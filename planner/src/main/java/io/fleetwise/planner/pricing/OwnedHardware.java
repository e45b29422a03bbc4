package io.fleetwise.planner.pricing;

import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.perf.EnergyModel;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * Servers you buy and host, turned into a price per GPU-hour: the purchase spread evenly over the amortization
 * years, the electricity the node draws (GPUs from the energy model at {@code gpuUtilization}, plus the rest of the
 * server) times the facility's PUE, and the hosting fee per node-month. Every hour of the term is paid whether the
 * GPUs serve or idle, which is why owned capacity is a committed kind.
 *
 * @param name                   how the user calls this purchase ("lab A, 2026 quote")
 * @param hostPowerWPerNode      what the server draws besides its GPUs (CPUs, memory, NICs, fans), W
 * @param gpuUtilization         average GPU utilization the power is costed at (1 = TDP all the time, the safe
 *                               upper bound)
 * @param hostingUsdPerNodeMonth rack space, network and operations per node and month
 */
public record OwnedHardware(String name, String gpuType, int gpusPerNode, double purchaseUsdPerNode,
                            double amortizationYears, double hostingUsdPerNodeMonth, double usdPerKwh, double pue,
                            double hostPowerWPerNode, double gpuUtilization, LocalDate asOf, String source) {

    public static final double HOURS_PER_YEAR = 8760.0;
    public static final double HOURS_PER_MONTH = HOURS_PER_YEAR / 12.0;

    public OwnedHardware {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Owned hardware needs a name");
        }
        name = name.trim();
        if (gpuType == null || gpuType.isBlank()) {
            throw new IllegalArgumentException("Owned hardware '" + name + "' needs a GPU type");
        }
        gpuType = gpuType.trim();
        Objects.requireNonNull(asOf, "asOf");
        source = source == null ? "" : source.trim();
        String what = "Owned hardware '" + name + "': ";
        if (gpusPerNode < 1) {
            throw new IllegalArgumentException(what + "GPUs per node must be >= 1, was " + gpusPerNode);
        }
        positive(purchaseUsdPerNode, what + "purchase price per node (USD)");
        positive(amortizationYears, what + "amortization (years)");
        nonNegative(hostingUsdPerNodeMonth, what + "hosting per node-month (USD)");
        nonNegative(usdPerKwh, what + "electricity price (USD per kWh)");
        nonNegative(hostPowerWPerNode, what + "server power besides the GPUs (W)");
        if (!(pue >= 1) || Double.isInfinite(pue)) {
            throw new IllegalArgumentException(what + "PUE must be a finite number >= 1 (1.0 = no cooling overhead), was "
                    + pue);
        }
        if (!(gpuUtilization >= 0 && gpuUtilization <= 1)) {
            throw new IllegalArgumentException(what + "GPU utilization must be in [0, 1], was " + gpuUtilization);
        }
    }

    /** What one GPU-hour of this hardware costs, part by part. */
    public OwnedCost cost(GpuType gpu, EnergyModel energy) {
        Objects.requireNonNull(gpu, "gpu");
        if (!gpu.name().equalsIgnoreCase(gpuType)) {
            throw new IllegalArgumentException("Owned hardware '" + name + "' holds " + gpuType + ", not " + gpu.name());
        }
        double capital = purchaseUsdPerNode / (amortizationYears * HOURS_PER_YEAR) / gpusPerNode;
        double gpuW = energy.powerW(gpu, gpuUtilization);
        double nodeW = gpuW * gpusPerNode + hostPowerWPerNode;
        double power = nodeW / 1000.0 * pue * usdPerKwh / gpusPerNode;
        double hosting = hostingUsdPerNodeMonth / HOURS_PER_MONTH / gpusPerNode;
        return new OwnedCost(capital, power, hosting, nodeW / gpusPerNode * pue);
    }

    /** The owned price as a book offer (provider "owned: NAME"), so results name it like any other offer. */
    public PriceOffer toOffer(GpuType gpu, EnergyModel energy) {
        OwnedCost c = cost(gpu, energy);
        return new PriceOffer(gpu.name(), "owned: " + name, "", gpusPerNode + "-GPU node",
                io.fleetwise.planner.pricing.PriceKind.OWNED, c.totalUsdPerGpuHour(), "USD", asOf, describe(c),
                OfferQuality.NEGOTIATED, Double.NaN, source);
    }

    /** "purchase 300000 USD per 8-GPU node over 4 years = 1.07/GPU-h; power ... ". */
    public String describe(OwnedCost c) {
        return String.format(Locale.ROOT, "purchase %s USD per %d-GPU node over %s years = %.3f; power %.0f W per GPU "
                        + "x PUE %s at %s USD/kWh = %.3f; hosting %s USD per node-month = %.3f (USD per GPU-hour)",
                PriceOffer.trimmed(purchaseUsdPerNode), gpusPerNode, PriceOffer.trimmed(amortizationYears),
                c.capitalUsdPerGpuHour(), c.facilityWattsPerGpu() / pue, PriceOffer.trimmed(pue),
                PriceOffer.trimmed(usdPerKwh), c.powerUsdPerGpuHour(), PriceOffer.trimmed(hostingUsdPerNodeMonth),
                c.hostingUsdPerGpuHour());
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
