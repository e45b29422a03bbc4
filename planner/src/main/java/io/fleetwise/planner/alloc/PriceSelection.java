package io.fleetwise.planner.alloc;

import io.fleetwise.planner.model.GpuType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Picks the per-GPU hourly price a plan is costed at: the kind (on-demand, spot, reserved) plus prices
 * the user entered per GPU type, which win over the catalog.
 *
 * @param overridesUsdPerGpuHour GPU type name to a user-entered price of this kind
 */
public record PriceSelection(PriceKind kind, Map<String, Double> overridesUsdPerGpuHour) {

    public PriceSelection {
        Objects.requireNonNull(kind, "kind");
        overridesUsdPerGpuHour = Collections.unmodifiableMap(new LinkedHashMap<>(overridesUsdPerGpuHour));
        overridesUsdPerGpuHour.forEach((gpu, price) -> {
            if (price == null || !(price >= 0) || Double.isInfinite(price)) {
                throw new IllegalArgumentException("Price for " + gpu + " must be a finite number >= 0 $/h, was " + price);
            }
        });
    }

    public static PriceSelection onDemand() {
        return new PriceSelection(PriceKind.ON_DEMAND, Map.of());
    }

    public static PriceSelection of(PriceKind kind) {
        return new PriceSelection(kind, Map.of());
    }

    public PriceSelection withPrice(String gpuType, double usdPerGpuHour) {
        Map<String, Double> m = new LinkedHashMap<>(overridesUsdPerGpuHour);
        m.put(gpuType, usdPerGpuHour);
        return new PriceSelection(kind, m);
    }

    /**
     * Price of one GPU for one hour.
     *
     * @throws IllegalArgumentException when the catalog has no price of this kind and none was entered
     */
    public double pricePerGpuHourUsd(GpuType gpu) {
        Double entered = overridesUsdPerGpuHour.get(gpu.name());
        if (entered != null) {
            return entered;
        }
        double price;
        switch (kind) {
            case ON_DEMAND:
                price = gpu.price().onDemandUsdPerHour();
                break;
            case SPOT:
                price = gpu.price().lowUsdPerHour();
                break;
            default:
                price = Double.NaN;
        }
        if (Double.isNaN(price)) {
            throw new IllegalArgumentException("No " + kind.label() + " price for " + gpu.name()
                    + " in the catalog; enter one for this GPU type");
        }
        return price;
    }
}
