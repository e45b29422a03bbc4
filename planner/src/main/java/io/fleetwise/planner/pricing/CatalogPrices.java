package io.fleetwise.planner.pricing;

import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.Price;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the price book's on-demand default on each GPU type, so every place that shows or uses "the" price of a GPU
 * (catalog table, cluster cost, plan search, simulator cost) agrees with what the allocator is priced at. The low
 * and high figures are the range of on-demand offers the choice allows; a type without any keeps no price.
 */
public final class CatalogPrices {

    private CatalogPrices() {
    }

    public static List<GpuType> priced(List<GpuType> gpus, PriceResolver resolver) {
        List<GpuType> out = new ArrayList<>();
        for (GpuType g : gpus) {
            out.add(priced(g, resolver));
        }
        return out;
    }

    public static GpuType priced(GpuType gpu, PriceResolver resolver) {
        return resolver.tryResolve(gpu, PriceKind.ON_DEMAND).map(p -> gpu.withPrice(price(gpu, p, resolver)))
                .orElseGet(() -> gpu.withPrice(Price.unknown("no on-demand offer for " + gpu.name() + " in the price book")));
    }

    private static Price price(GpuType gpu, ResolvedPrice p, PriceResolver resolver) {
        double low = p.usdPerGpuHour();
        double high = p.usdPerGpuHour();
        LocalDate newest = LocalDate.MIN;
        for (PriceOffer o : resolver.book().offers(gpu.name(), PriceKind.ON_DEMAND)) {
            if (resolver.choice().allows(o)) {
                double usd = resolver.book().settings().toUsd(o.pricePerGpuHour(), o.currency());
                if (!Double.isNaN(usd)) {
                    low = Math.min(low, usd);
                    high = Math.max(high, usd);
                }
            }
        }
        String instance = "";
        for (PriceOffer o : p.basis()) {
            if (o.asOf().isAfter(newest)) {
                newest = o.asOf();
                instance = o.provider() + (o.instance().isEmpty() ? "" : " " + o.instance());
            }
        }
        if (p.basis().size() > 1) {
            instance = p.basis().size() + " offers";
        }
        return new Price(p.usdPerGpuHour(), low, high, newest.equals(LocalDate.MIN) ? LocalDate.EPOCH : newest, instance,
                p.rule());
    }
}
