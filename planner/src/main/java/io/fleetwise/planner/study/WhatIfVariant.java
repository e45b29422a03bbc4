package io.fleetwise.planner.study;

import java.util.Map;
import java.util.Objects;

/**
 * One "what if" of a study: traffic scaled by {@code rateFactor}, optionally another TPOT target, and GPU prices
 * scaled per type ({@code priceFactors}: GPU type name to factor, 0.7 = 30% cheaper).
 *
 * @param tpotMs the TPOT target of this variant, or NaN to keep the study's
 */
public record WhatIfVariant(String name, double rateFactor, double tpotMs, Map<String, Double> priceFactors) {

    public WhatIfVariant {
        Objects.requireNonNull(name, "name");
        priceFactors = Map.copyOf(priceFactors);
        if (!(rateFactor > 0) || Double.isInfinite(rateFactor)) {
            throw new IllegalArgumentException("What-if '" + name + "': rateFactor must be > 0, was " + rateFactor);
        }
        if (!Double.isNaN(tpotMs) && !(tpotMs > 0)) {
            throw new IllegalArgumentException("What-if '" + name + "': tpotMs must be > 0, was " + tpotMs);
        }
        priceFactors.forEach((gpu, f) -> {
            if (!(f > 0) || Double.isInfinite(f)) {
                throw new IllegalArgumentException("What-if '" + name + "': price factor of " + gpu + " must be > 0, was " + f);
            }
        });
    }

    public static WhatIfVariant base() {
        return new WhatIfVariant("Base", 1.0, Double.NaN, Map.of());
    }

    public static WhatIfVariant traffic(double factor) {
        return new WhatIfVariant(String.format(java.util.Locale.ROOT, "Traffic %+.0f%%", (factor - 1) * 100), factor,
                Double.NaN, Map.of());
    }

    public static WhatIfVariant tpot(double tpotMs) {
        return new WhatIfVariant(String.format(java.util.Locale.ROOT, "TPOT %.0f ms", tpotMs), 1.0, tpotMs, Map.of());
    }

    public static WhatIfVariant price(String gpuType, double factor) {
        return new WhatIfVariant(String.format(java.util.Locale.ROOT, "%s price %+.0f%%", gpuType, (factor - 1) * 100), 1.0,
                Double.NaN, Map.of(gpuType, factor));
    }

    /** Whether this variant needs its own throughput table (capacity searches depend on the SLO). */
    public boolean changesSlo() {
        return !Double.isNaN(tpotMs);
    }
}
