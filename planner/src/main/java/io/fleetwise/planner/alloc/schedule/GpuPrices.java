package io.fleetwise.planner.alloc.schedule;

import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.pricing.ResolvedPrice;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one GPU type may be bought in a schedule: a baseline paid for every hour of the profile (reserved or owned;
 * on-demand for a fleet that never changes), on demand per period, and spot per period (at its expected price),
 * each present only where the price book has a price.
 */
public record GpuPrices(String gpuType, Optional<ResolvedPrice> baseline, Optional<ResolvedPrice> onDemand,
                        Optional<ResolvedPrice> spot) {

    public GpuPrices {
        Objects.requireNonNull(gpuType, "gpuType");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(onDemand, "onDemand");
        Objects.requireNonNull(spot, "spot");
    }

    /**
     * The prices a study's book gives a GPU type; {@code baselineKind} null = no baseline. Kinds the book has no
     * price for are left out and named in {@code missing}.
     */
    public static GpuPrices from(PriceResolver resolver, GpuType gpu, PriceKind baselineKind, boolean onDemand,
                                 boolean spot, List<String> missing) {
        return new GpuPrices(gpu.name(), baselineKind == null ? Optional.empty() : attempt(resolver, gpu, baselineKind, missing),
                onDemand ? attempt(resolver, gpu, PriceKind.ON_DEMAND, missing) : Optional.empty(),
                spot ? attempt(resolver, gpu, PriceKind.SPOT, missing) : Optional.empty());
    }

    private static Optional<ResolvedPrice> attempt(PriceResolver resolver, GpuType gpu, PriceKind kind,
                                                   List<String> missing) {
        try {
            return Optional.of(resolver.resolve(gpu, kind));
        } catch (IllegalArgumentException e) {
            missing.add(e.getMessage());
            return Optional.empty();
        }
    }

    public double baselineUsdPerGpuHour() {
        return baseline.map(ResolvedPrice::expectedUsdPerGpuHour).orElse(Double.NaN);
    }

    public double onDemandUsdPerGpuHour() {
        return onDemand.map(ResolvedPrice::expectedUsdPerGpuHour).orElse(Double.NaN);
    }

    public double spotExpectedUsdPerGpuHour() {
        return spot.map(ResolvedPrice::expectedUsdPerGpuHour).orElse(Double.NaN);
    }

    /** Every price this type was costed with, for provenance. */
    public List<ResolvedPrice> all() {
        List<ResolvedPrice> list = new ArrayList<>();
        baseline.ifPresent(list::add);
        onDemand.ifPresent(list::add);
        spot.ifPresent(list::add);
        return list;
    }

    /**
     * The same type bought as a fleet that never changes: its baseline kind, or on demand around the clock where it
     * has no baseline.
     */
    public GpuPrices constantFleet() {
        return new GpuPrices(gpuType, baseline.isPresent() ? baseline : onDemand, Optional.empty(), Optional.empty());
    }
}
