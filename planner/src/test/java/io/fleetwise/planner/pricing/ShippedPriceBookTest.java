package io.fleetwise.planner.pricing;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class ShippedPriceBookTest {

    private final Catalog catalog = Catalog.builtIn();
    private final PriceResolver resolver = new PriceResolver(ShippedPriceBook.load(), PriceChoice.all());

    @Test
    void everyOfferNamesACatalogGpuType() {
        for (PriceOffer o : ShippedPriceBook.load().offers()) {
            assertThat(catalog.gpus()).extracting(GpuType::name).as(o.key()).contains(o.gpuType());
        }
    }

    @Test
    void everyCatalogGpuTypeHasOnDemandAndReservedPrices() {
        for (GpuType g : catalog.gpus()) {
            assertThat(resolver.tryResolve(g, PriceKind.ON_DEMAND)).as(g.name()).isPresent();
            assertThat(resolver.tryResolve(g, PriceKind.RESERVED_1Y)).as(g.name()).isPresent();
            assertThat(resolver.tryResolve(g, PriceKind.RESERVED_3Y)).as(g.name()).isPresent();
        }
    }

    /** The issue that started the book: H200 came out cheaper than H100 because the two prices had different sources. */
    @ParameterizedTest
    @EnumSource(value = PriceKind.class, names = {"ON_DEMAND", "SPOT", "RESERVED_1Y", "RESERVED_3Y"})
    void h200IsNeverCheaperThanH100(PriceKind kind) {
        double h100 = resolver.resolve(catalog.gpu("H100-SXM"), kind).expectedUsdPerGpuHour();
        double h200 = resolver.resolve(catalog.gpu("H200-SXM"), kind).expectedUsdPerGpuHour();

        assertThat(h200).isGreaterThan(h100);
    }

    @Test
    void longerCommitmentsAreCheaper() {
        for (GpuType g : catalog.gpus()) {
            double onDemand = resolver.resolve(g, PriceKind.ON_DEMAND).usdPerGpuHour();
            double oneYear = resolver.resolve(g, PriceKind.RESERVED_1Y).usdPerGpuHour();
            double threeYears = resolver.resolve(g, PriceKind.RESERVED_3Y).usdPerGpuHour();
            assertThat(oneYear).as(g.name()).isLessThan(onDemand);
            assertThat(threeYears).as(g.name()).isLessThan(oneYear);
        }
    }

    @Test
    void defaultsComeOnlyFromOneDateWindow() {
        for (GpuType g : catalog.gpus()) {
            for (PriceOffer o : resolver.resolve(g, PriceKind.ON_DEMAND).basis()) {
                assertThat(o.asOf()).as(o.key()).isAfterOrEqualTo(java.time.LocalDate.of(2025, 11, 22));
                assertThat(o.quality()).as(o.key()).isNotEqualTo(OfferQuality.UNVERIFIED);
            }
        }
    }
}
