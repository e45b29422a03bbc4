package io.fleetwise.planner.pricing;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.perf.EnergyModel;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PriceResolverTest {

    private static final GpuType H100 = Catalog.builtIn().gpu("H100-SXM");
    private static final LocalDate NOW = LocalDate.of(2026, 11, 1);

    private static PriceOffer offer(String provider, PriceKind kind, double price, LocalDate asOf, OfferQuality q) {
        return PriceOffer.usd("H100-SXM", provider, "", kind, price, asOf, "test", q);
    }

    private static PriceResolver resolver(List<PriceOffer> offers) {
        return new PriceResolver(new PriceBook(offers, List.of(), PriceBookSettings.defaults()), PriceChoice.all());
    }

    @Test
    void defaultIsTheMedianOfOffersInTheWindow() {
        PriceResolver r = resolver(List.of(offer("A", PriceKind.ON_DEMAND, 2.0, NOW, OfferQuality.LIST),
                offer("B", PriceKind.ON_DEMAND, 3.0, NOW.minusMonths(3), OfferQuality.SECONDARY),
                offer("C", PriceKind.ON_DEMAND, 10.0, NOW.minusMonths(2), OfferQuality.LIST)));

        ResolvedPrice p = r.resolve(H100, PriceKind.ON_DEMAND);

        assertThat(p.usdPerGpuHour()).isEqualTo(3.0);
        assertThat(p.basis()).hasSize(3);
        assertThat(p.rule()).startsWith("median of 3 on-demand offers");
    }

    @Test
    void offersOlderThanTheBooksWindowAreLeftOut() {
        PriceResolver r = resolver(List.of(offer("A", PriceKind.ON_DEMAND, 2.0, NOW, OfferQuality.LIST),
                offer("Old", PriceKind.ON_DEMAND, 12.0, NOW.minusMonths(13), OfferQuality.LIST)));

        ResolvedPrice p = r.resolve(H100, PriceKind.ON_DEMAND);

        assertThat(p.usdPerGpuHour()).isEqualTo(2.0);
        assertThat(p.rule()).contains("1 older offer left out");
    }

    @Test
    void theWindowIsAnchoredOnTheWholeBookSoTypesArePricedFromTheSamePeriod() {
        GpuType h200 = Catalog.builtIn().gpu("H200-SXM");
        PriceBook book = new PriceBook(List.of(offer("A", PriceKind.ON_DEMAND, 2.0, NOW, OfferQuality.LIST),
                PriceOffer.usd("H200-SXM", "Old", "", PriceKind.ON_DEMAND, 9.0, NOW.minusMonths(20), "t", OfferQuality.LIST),
                PriceOffer.usd("H200-SXM", "Older", "", PriceKind.ON_DEMAND, 1.0, NOW.minusMonths(40), "t",
                        OfferQuality.LIST)), List.of(), PriceBookSettings.defaults());

        ResolvedPrice p = new PriceResolver(book, PriceChoice.all()).resolve(h200, PriceKind.ON_DEMAND);

        assertThat(p.usdPerGpuHour()).isEqualTo(9.0);
        assertThat(p.rule()).contains("H200-SXM has none in the book's window ending " + NOW);
    }

    @Test
    void negotiatedOfferWinsOverTheMedian() {
        PriceResolver r = resolver(List.of(offer("A", PriceKind.ON_DEMAND, 2.0, NOW, OfferQuality.LIST),
                offer("You", PriceKind.ON_DEMAND, 2.5, NOW.minusYears(2), OfferQuality.NEGOTIATED)));

        assertThat(r.resolve(H100, PriceKind.ON_DEMAND).usdPerGpuHour()).isEqualTo(2.5);
    }

    @Test
    void unverifiedOffersCountOnlyWhenTheStudyAllowsThem() {
        PriceBook book = new PriceBook(List.of(offer("A", PriceKind.ON_DEMAND, 2.0, NOW, OfferQuality.LIST),
                offer("Memory", PriceKind.ON_DEMAND, 4.0, NOW, OfferQuality.UNVERIFIED)), List.of(),
                PriceBookSettings.defaults());

        assertThat(new PriceResolver(book, PriceChoice.all()).resolve(H100, PriceKind.ON_DEMAND).usdPerGpuHour())
                .isEqualTo(2.0);
        assertThat(new PriceResolver(book, PriceChoice.all().withUnverified(true)).resolve(H100, PriceKind.ON_DEMAND)
                .usdPerGpuHour()).isEqualTo(3.0);
    }

    @Test
    void studyRestrictedToOneProviderUsesOnlyItsOffers() {
        PriceBook book = new PriceBook(List.of(offer("A", PriceKind.ON_DEMAND, 2.0, NOW, OfferQuality.LIST),
                offer("B", PriceKind.ON_DEMAND, 5.0, NOW, OfferQuality.LIST)), List.of(), PriceBookSettings.defaults());

        ResolvedPrice p = new PriceResolver(book, PriceChoice.providers(Set.of("b"))).resolve(H100, PriceKind.ON_DEMAND);

        assertThat(p.usdPerGpuHour()).isEqualTo(5.0);
        assertThat(p.basis()).extracting(PriceOffer::provider).containsExactly("B");
    }

    @Test
    void reservedWithoutAnOfferIsTheOnDemandPriceLessTheBooksDiscount() {
        PriceResolver r = resolver(List.of(offer("A", PriceKind.ON_DEMAND, 2.0, NOW, OfferQuality.LIST)));

        ResolvedPrice oneYear = r.resolve(H100, PriceKind.RESERVED_1Y);
        ResolvedPrice threeYears = r.resolve(H100, PriceKind.RESERVED_3Y);

        assertThat(oneYear.usdPerGpuHour()).isCloseTo(2.0 * 0.63, within(1e-12));
        assertThat(threeYears.usdPerGpuHour()).isCloseTo(2.0 * 0.45, within(1e-12));
        assertThat(oneYear.rule()).contains("no reserved 1-year offer listed").contains("37 %");
        assertThat(oneYear.basis()).extracting(PriceOffer::provider).containsExactly("A");
    }

    @Test
    void listedReservedOfferWinsOverTheDerivedOne() {
        PriceResolver r = resolver(List.of(offer("A", PriceKind.ON_DEMAND, 2.0, NOW, OfferQuality.LIST),
                offer("A", PriceKind.RESERVED_1Y, 1.5, NOW, OfferQuality.LIST)));

        assertThat(r.resolve(H100, PriceKind.RESERVED_1Y).usdPerGpuHour()).isEqualTo(1.5);
    }

    @Test
    void spotCarriesItsInterruptionRateAndTheOnDemandFallback() {
        PriceOffer spot = new PriceOffer("H100-SXM", "A", "", "", PriceKind.SPOT, 1.0, "USD", NOW, "t", OfferQuality.LIST,
                0.1, "");
        PriceResolver r = resolver(List.of(offer("A", PriceKind.ON_DEMAND, 3.0, NOW, OfferQuality.LIST), spot));

        ResolvedPrice p = r.resolve(H100, PriceKind.SPOT);

        assertThat(p.usdPerGpuHour()).isEqualTo(1.0);
        assertThat(p.interruptionsPerHour()).isEqualTo(0.1);
        assertThat(p.fallbackUsdPerGpuHour()).isEqualTo(3.0);
        // 1.0 + 0.1 interruptions/h x 1 h fallback x 3.0
        assertThat(p.expectedUsdPerGpuHour()).isCloseTo(1.3, within(1e-12));
    }

    @Test
    void spotWithoutAnOnDemandPriceCannotBePlanned() {
        PriceResolver r = resolver(List.of(offer("A", PriceKind.SPOT, 1.0, NOW, OfferQuality.LIST)));

        assertThatThrownBy(() -> r.resolve(H100, PriceKind.SPOT)).isInstanceOf(NoPriceException.class)
                .hasMessageContaining("No on-demand price for H100-SXM to fall back on");
    }

    @Test
    void noSpotOfferSaysSo() {
        PriceResolver r = resolver(List.of(offer("A", PriceKind.ON_DEMAND, 1.0, NOW, OfferQuality.LIST)));

        assertThatThrownBy(() -> r.resolve(H100, PriceKind.SPOT))
                .hasMessageStartingWith("No spot offer for H100-SXM in the price book");
    }

    @Test
    void offerInACurrencyWithoutExchangeRateIsSkippedAndNamed() {
        PriceOffer eur = new PriceOffer("H100-SXM", "Euro cloud", "", "", PriceKind.ON_DEMAND, 2.0, "EUR", NOW, "t",
                OfferQuality.LIST, Double.NaN, "");
        PriceBook book = new PriceBook(List.of(eur), List.of(), PriceBookSettings.defaults());

        assertThatThrownBy(() -> new PriceResolver(book, PriceChoice.all()).resolve(H100, PriceKind.ON_DEMAND))
                .hasMessageContaining("1 in a currency the book has no exchange rate for");
        PriceBook withRate = book.withSettings(book.settings().withExchangeRate("EUR", 1.1));
        assertThat(new PriceResolver(withRate, PriceChoice.all()).resolve(H100, PriceKind.ON_DEMAND).usdPerGpuHour())
                .isCloseTo(2.2, within(1e-12));
    }

    @Test
    void ownedPriceIsTheNewestEntryCostedPartByPart() {
        OwnedHardware old = new OwnedHardware("2024 quote", "H100-SXM", 8, 400_000, 4, 1000, 0.1, 1.3, 2000, 1.0,
                NOW.minusYears(2), "");
        OwnedHardware quote = new OwnedHardware("2026 quote", "H100-SXM", 8, 300_000, 4, 1000, 0.1, 1.3, 2000, 1.0,
                NOW, "");
        PriceBook book = new PriceBook(List.of(), List.of(old, quote), PriceBookSettings.defaults());

        ResolvedPrice p = new PriceResolver(book, PriceChoice.all(), EnergyModel.standard()).resolve(H100, PriceKind.OWNED);

        assertThat(p.usdPerGpuHour()).isCloseTo(quote.cost(H100, EnergyModel.standard()).totalUsdPerGpuHour(),
                within(1e-12));
        assertThat(p.rule()).contains("2026 quote").contains("newest of 2 entries");
    }
}
