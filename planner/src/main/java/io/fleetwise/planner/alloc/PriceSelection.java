package io.fleetwise.planner.alloc;

import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.pricing.ResolvedPrice;
import io.fleetwise.planner.pricing.ShippedPriceBook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The per-GPU hourly price a plan is costed at: the kind (on-demand, spot, reserved, owned), the price book as the
 * study chose it ({@link PriceResolver}), and prices the user typed for this plan, which win over the book.
 * A spot price is the expected one: the spot price plus the chance of an interruption times the on-demand fallback.
 *
 * @param overridesUsdPerGpuHour GPU type name to a user-entered price of this kind
 * @param catalogOnDemand        on-demand prices are the GPU types' own catalog prices where known (which the
 *                               application prices from the user's book, overrides included); set where no book
 *                               was given, so such callers keep the user's prices
 */
public record PriceSelection(PriceKind kind, Map<String, Double> overridesUsdPerGpuHour, PriceResolver resolver,
                             boolean catalogOnDemand) {

    public PriceSelection {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resolver, "resolver");
        overridesUsdPerGpuHour = Collections.unmodifiableMap(new LinkedHashMap<>(overridesUsdPerGpuHour));
        overridesUsdPerGpuHour.forEach((gpu, price) -> {
            if (price == null || !(price >= 0) || Double.isInfinite(price)) {
                throw new IllegalArgumentException("Price for " + gpu + " must be a finite number >= 0 $/h, was " + price);
            }
        });
    }

    /** Prices of this kind from a price book as a study chose it. */
    public PriceSelection(PriceKind kind, Map<String, Double> overridesUsdPerGpuHour, PriceResolver resolver) {
        this(kind, overridesUsdPerGpuHour, resolver, false);
    }

    /**
     * On-demand: each GPU type's catalog price; other kinds: the shipped price book, every offer allowed. For callers
     * that were given no book.
     */
    public PriceSelection(PriceKind kind, Map<String, Double> overridesUsdPerGpuHour) {
        this(kind, overridesUsdPerGpuHour, new PriceResolver(ShippedPriceBook.load(), PriceChoice.all()), true);
    }

    public static PriceSelection onDemand() {
        return of(PriceKind.ON_DEMAND);
    }

    public static PriceSelection of(PriceKind kind) {
        return new PriceSelection(kind, Map.of());
    }

    /** Prices of this kind from a price book as a study chose it. */
    public static PriceSelection of(PriceKind kind, PriceResolver resolver) {
        return new PriceSelection(kind, Map.of(), resolver);
    }

    public PriceSelection withPrice(String gpuType, double usdPerGpuHour) {
        Map<String, Double> m = new LinkedHashMap<>(overridesUsdPerGpuHour);
        m.put(gpuType, usdPerGpuHour);
        return new PriceSelection(kind, m, resolver, catalogOnDemand);
    }

    public PriceSelection withKind(PriceKind newKind) {
        return new PriceSelection(newKind, Map.of(), resolver, catalogOnDemand);
    }

    /**
     * Expected cost of one GPU for one hour.
     *
     * @throws IllegalArgumentException when the book has no price of this kind for the type and none was entered
     */
    public double pricePerGpuHourUsd(GpuType gpu) {
        return resolved(gpu).expectedUsdPerGpuHour();
    }

    /** The price with the offers and the rule behind it (an entered price says so). */
    public ResolvedPrice resolved(GpuType gpu) {
        Double entered = overridesUsdPerGpuHour.get(gpu.name());
        if (entered != null) {
            return ResolvedPrice.entered(gpu.name(), kind, entered);
        }
        if (catalogOnDemand && kind == PriceKind.ON_DEMAND && gpu.price().isKnown()) {
            return new ResolvedPrice(gpu.name(), kind, gpu.price().onDemandUsdPerHour(), java.util.List.of(),
                    "the catalog's on-demand price: " + gpu.price().source(), 0, 0, 0);
        }
        return resolver.resolve(gpu, kind);
    }

    /** Which book, as which choice, this selection prices from: "book 1a2b3c4d5e6f, every provider". */
    public String provenance() {
        return "price book " + resolver.book().fingerprint() + " (" + resolver.choice().describe() + ")"
                + (overridesUsdPerGpuHour.isEmpty() ? "" : "; entered prices for " + String.join(", ",
                overridesUsdPerGpuHour.keySet()));
    }
}
