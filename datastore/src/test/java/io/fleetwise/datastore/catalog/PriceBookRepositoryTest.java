package io.fleetwise.datastore.catalog;

import io.fleetwise.datastore.Database;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.UserGpuType;
import io.fleetwise.planner.pricing.OfferQuality;
import io.fleetwise.planner.pricing.OwnedHardware;
import io.fleetwise.planner.pricing.PriceBook;
import io.fleetwise.planner.pricing.PriceBookSettings;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.PriceOffer;
import io.fleetwise.planner.pricing.ShippedPriceBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceBookRepositoryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    @TempDir
    Path dir;

    private Database db() {
        return Database.open(dir.resolve("f.db"));
    }

    private PriceBookRepository repo() {
        return new PriceBookRepository(db(), CLOCK);
    }

    private CatalogStore store() {
        Database db = db();
        return new CatalogStore(Catalog.builtIn(), new CatalogOverrideRepository(db, CLOCK),
                new UserModelRepository(db, CLOCK), new PriceBookRepository(db, CLOCK), new UserGpuTypeRepository(db, CLOCK));
    }

    private static PriceOffer offer(String gpu, PriceKind kind, double price) {
        return PriceOffer.usd(gpu, "Acme", "eu-1", kind, price, DAY, "quote 17", OfferQuality.LIST);
    }

    @Test
    void aFreshStoreHoldsTheShippedBook() {
        PriceBook book = repo().load();

        assertThat(book.offers()).containsExactlyInAnyOrderElementsOf(ShippedPriceBook.offers());
        assertThat(book.fingerprint()).isEqualTo(ShippedPriceBook.load().fingerprint());
    }

    @Test
    void anEmptiedBookStaysEmptyAfterReopening() {
        repo().importOffers(List.of(), PriceBookRepository.Origin.IMPORTED, true);

        assertThat(repo().load().offers()).isEmpty();
    }

    @Test
    void importMergesByKeyAndCountsEveryRow() {
        PriceBookRepository repo = repo();
        PriceOffer shippedH100 = repo.load().offers("H100-SXM", PriceKind.ON_DEMAND).get(0);

        PriceBookRepository.ImportSummary summary = repo.importOffers(List.of(offer("H100-SXM", PriceKind.RESERVED_1Y, 1.7),
                shippedH100, offer("L4", PriceKind.SPOT, 0.2)),
                PriceBookRepository.Origin.IMPORTED, false);

        assertThat(summary).isEqualTo(new PriceBookRepository.ImportSummary(2, 0, 1, 0));
        assertThat(repo.load().offers()).hasSize(ShippedPriceBook.offers().size() + 2);
    }

    @Test
    void importReplacesAnOfferWithTheSameKeyButAnotherPrice() {
        PriceBookRepository repo = repo();
        PriceOffer shippedH100 = repo.load().offers("H100-SXM", PriceKind.ON_DEMAND).get(0);

        PriceBookRepository.ImportSummary summary = repo.importOffers(List.of(shippedH100.withPrice(2.5)),
                PriceBookRepository.Origin.IMPORTED, false);

        assertThat(summary.replaced()).isEqualTo(1);
        assertThat(repo.load().offers("H100-SXM", PriceKind.ON_DEMAND)).contains(shippedH100.withPrice(2.5))
                .doesNotContain(shippedH100);
        assertThat(repo.offersWithOrigin().get(shippedH100.withPrice(2.5))).isEqualTo(PriceBookRepository.Origin.IMPORTED);
    }

    @Test
    void restoringTheShippedBookKeepsTheUsersOwnOffers() {
        PriceBookRepository repo = repo();
        repo.importOffers(List.of(), PriceBookRepository.Origin.IMPORTED, true);
        repo.saveOffer(offer("L4", PriceKind.ON_DEMAND, 0.5));

        repo.restoreShipped();

        assertThat(repo.load().offers()).hasSize(ShippedPriceBook.offers().size() + 1)
                .contains(offer("L4", PriceKind.ON_DEMAND, 0.5));
    }

    @Test
    void deletingAnOfferByItsKey() {
        PriceBookRepository repo = repo();
        PriceOffer o = offer("L4", PriceKind.ON_DEMAND, 0.5);
        repo.saveOffer(o);

        assertThat(repo.deleteOffer(o.key().toUpperCase())).isTrue();
        assertThat(repo.load().offers()).doesNotContain(o);
        assertThat(repo.deleteOffer(o.key())).isFalse();
    }

    @Test
    void settingsAndOwnedHardwareSurviveReopening() {
        PriceBookSettings settings = PriceBookSettings.defaults().withWindowMonths(6).withDiscounts(0.3, 0.5, "our contract")
                .withSpot(0.05, 2.0, "our history").withExchangeRate("EUR", 1.08);
        OwnedHardware lab = new OwnedHardware("lab A", "H100-SXM", 8, 300_000, 4, 1200, 0.12, 1.3, 2000, 0.8, DAY, "quote");
        repo().saveSettings(settings);
        repo().saveOwned(lab);

        PriceBook book = repo().load();

        assertThat(book.settings()).isEqualTo(settings);
        assertThat(book.owned()).containsExactly(lab);
    }

    @Test
    void aUserGpuTypeIsPricedFromTheBookLikeABuiltInOne() {
        CatalogStore store = store();
        store.saveGpuType(UserGpuType.like(Catalog.builtIn().gpu("H100-SXM"), "GB200-lab"));
        store.priceBookRepository().orElseThrow().saveOffer(offer("GB200-lab", PriceKind.ON_DEMAND, 6.5));

        assertThat(store.current().gpu("gb200-lab").price().onDemandUsdPerHour()).isEqualTo(6.5);
        assertThat(store.resolver(PriceChoice.all()).resolve(store.current().gpu("GB200-lab"), PriceKind.RESERVED_3Y)
                .usdPerGpuHour()).isEqualTo(6.5 * 0.45, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aUserGpuTypeMayNotTakeABuiltInName() {
        assertThatThrownBy(() -> store().saveGpuType(UserGpuType.like(Catalog.builtIn().gpu("L4"), "l4")))
                .hasMessageContaining("'l4' is a built-in GPU type");
    }

    @Test
    void borrowingCurvesFromAnUnknownTypeIsRefused() {
        UserGpuType like = UserGpuType.like(Catalog.builtIn().gpu("L4"), "Mystery");
        UserGpuType bad = new UserGpuType(like.name(), like.vendor(), like.architecture(), like.formFactor(),
                like.memoryBytes(), like.datasheetMemoryGb(), like.memoryType(), like.memBandwidthGBps(), like.bf16Tflops(), like.fp16Tflops(),
                like.fp8Tflops(), like.int8Tops(), like.interconnect(), like.linkBandwidthGBps(), like.pcieGBps(),
                like.tdpW(), "catalog:Z9000", "", "");

        assertThatThrownBy(() -> store().saveGpuType(bad)).hasMessageContaining("borrows efficiency curves from 'Z9000'");
    }

    @Test
    void aPriceOverrideIsANegotiatedOfferInTheBook() {
        CatalogStore store = store();
        store.overridePrice("L4", 0.33, DAY, "contract");

        var price = store.resolver(PriceChoice.all()).resolve(store.current().gpu("L4"), PriceKind.ON_DEMAND);

        assertThat(price.usdPerGpuHour()).isEqualTo(0.33);
        assertThat(price.rule()).startsWith("your negotiated offer: " + CatalogStore.OVERRIDE_PROVIDER);
    }
}
