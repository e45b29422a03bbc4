package io.fleetwise.planner.pricing;


import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The price a GPU type is costed at for one kind, with the offers it came from and the rule that picked it.
 *
 * @param usdPerGpuHour         the price itself (for spot: what the provider charges while it runs)
 * @param basis                 the offers the price was computed from (for a derived reserved price: the on-demand
 *                              offers it was derived from)
 * @param rule                  how the price follows from the basis, in words
 * @param interruptionsPerHour  spot only, else 0
 * @param fallbackUsdPerGpuHour spot only: the on-demand price of the replacement for an interrupted GPU, else 0
 * @param fallbackHours         spot only: how long a replacement runs, else 0
 */
public record ResolvedPrice(String gpuType, PriceKind kind, double usdPerGpuHour, List<PriceOffer> basis, String rule,
                            double interruptionsPerHour, double fallbackUsdPerGpuHour, double fallbackHours) {

    public ResolvedPrice {
        Objects.requireNonNull(gpuType, "gpuType");
        Objects.requireNonNull(kind, "kind");
        basis = List.copyOf(basis);
        rule = rule == null ? "" : rule;
        if (!(usdPerGpuHour >= 0) || Double.isInfinite(usdPerGpuHour)) {
            throw new IllegalArgumentException(gpuType + " " + kind.label() + ": price must be a finite number >= 0, was "
                    + usdPerGpuHour);
        }
    }

    /** A price the user typed for one plan, not taken from the book. */
    public static ResolvedPrice entered(String gpuType, PriceKind kind, double usdPerGpuHour) {
        return new ResolvedPrice(gpuType, kind, usdPerGpuHour, List.of(), "entered for this plan", 0, 0, 0);
    }

    /**
     * What one GPU-hour is expected to cost: the price, plus for spot the chance of an interruption times the
     * on-demand replacement that keeps the SLO while spot capacity is gone.
     */
    public double expectedUsdPerGpuHour() {
        return usdPerGpuHour + interruptionsPerHour * fallbackHours * fallbackUsdPerGpuHour;
    }

    /** "H100-SXM reserved 1-year 1.884 USD/GPU-h: on-demand default x (1 - 37 %) [RunPod ...]". */
    public String describe() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s %s %s USD/GPU-h", gpuType, kind.label(),
                PriceOffer.trimmed(usdPerGpuHour)));
        if (kind == PriceKind.SPOT) {
            sb.append(String.format(Locale.ROOT, " (expected %s with %s interruptions/h and a %s h on-demand fallback at %s)",
                    PriceOffer.trimmed(expectedUsdPerGpuHour()), PriceOffer.trimmed(interruptionsPerHour),
                    PriceOffer.trimmed(fallbackHours), PriceOffer.trimmed(fallbackUsdPerGpuHour)));
        }
        sb.append(": ").append(rule);
        return sb.toString();
    }
}
