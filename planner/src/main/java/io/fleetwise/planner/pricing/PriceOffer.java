package io.fleetwise.planner.pricing;


import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * One price someone offers for a GPU type: who, where, how it is bought, per GPU-hour in its currency, as of
 * when, and where the figure comes from.
 *
 * @param region               "" when the offer is not tied to a region
 * @param instance             the provider's name for what is sold ("g4dn.xlarge", "1x H100 SXM"); "" if none
 * @param interruptionsPerHour spot only: how often the provider takes a GPU back (per GPU-hour); NaN = the
 *                             book's default ({@link PriceBookSettings#spotInterruptionsPerHour()})
 * @param note                 anything a buyer should know (instance shape, term conditions); may be ""
 */
public record PriceOffer(String gpuType, String provider, String region, String instance, PriceKind kind, double pricePerGpuHour,
                         String currency, LocalDate asOf, String source, OfferQuality quality,
                         double interruptionsPerHour, String note) {

    public PriceOffer {
        gpuType = requireText(gpuType, "gpu");
        provider = requireText(provider, "provider");
        region = region == null ? "" : region.trim();
        instance = instance == null ? "" : instance.trim();
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(quality, "quality");
        currency = currency == null || currency.isBlank() ? "USD" : currency.trim().toUpperCase(Locale.ROOT);
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("Offer for " + gpuType + " from " + provider
                    + ": currency must be a three-letter code such as USD or EUR, was '" + currency + "'");
        }
        if (!(pricePerGpuHour > 0) || Double.isInfinite(pricePerGpuHour)) {
            throw new IllegalArgumentException("Offer for " + gpuType + " from " + provider
                    + ": price per GPU-hour must be a finite number > 0, was " + pricePerGpuHour);
        }
        if (!Double.isNaN(interruptionsPerHour) && (interruptionsPerHour < 0 || Double.isInfinite(interruptionsPerHour))) {
            throw new IllegalArgumentException("Offer for " + gpuType + " from " + provider
                    + ": interruptions per hour must be a finite number >= 0, was " + interruptionsPerHour);
        }
        if (!Double.isNaN(interruptionsPerHour) && kind != PriceKind.SPOT) {
            throw new IllegalArgumentException("Offer for " + gpuType + " from " + provider
                    + ": only spot offers have an interruption rate, this one is " + kind.label());
        }
        source = source == null ? "" : source.trim();
        note = note == null ? "" : note.trim();
    }

    /** An offer in US dollars with no interruption rate or note. */
    public static PriceOffer usd(String gpuType, String provider, String region, PriceKind kind, double price,
                                 LocalDate asOf, String source, OfferQuality quality) {
        return new PriceOffer(gpuType, provider, region, "", kind, price, "USD", asOf, source, quality, Double.NaN, "");
    }

    /**
     * What tells this offer apart from every other one in a book: GPU type, provider, instance, region, kind and
     * date ("H100-SXM/AWS/p5.48xlarge/us-east-1/on_demand/2024-12-31"). A book holds at most one offer per key.
     */
    public String key() {
        return gpuType + "/" + provider + "/" + instance + "/" + region + "/" + kind.key() + "/" + asOf;
    }

    /** "RunPod (US) on-demand 2.99 USD per GPU-hour, 2026-11-22". */
    public String describe() {
        return String.format(Locale.ROOT, "%s%s%s %s %s %s per GPU-hour, %s", provider,
                instance.isEmpty() ? "" : " " + instance, region.isEmpty() ? "" : " (" + region + ")", kind.label(),
                trimmed(pricePerGpuHour), currency, asOf);
    }

    public PriceOffer withPrice(double newPrice) {
        return new PriceOffer(gpuType, provider, region, instance, kind, newPrice, currency, asOf, source, quality,
                interruptionsPerHour, note);
    }

    static String trimmed(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A price offer needs a " + field);
        }
        return value.trim();
    }
}
