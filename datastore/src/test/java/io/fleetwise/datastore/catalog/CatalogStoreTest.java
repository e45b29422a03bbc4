package io.fleetwise.datastore.catalog;

import io.fleetwise.datastore.Database;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.HuggingFaceConfigImporter;
import io.fleetwise.planner.model.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private CatalogStore open() {
        Database db = Database.open(dir.resolve("f.db"));
        return new CatalogStore(Catalog.builtIn(), new CatalogOverrideRepository(db, CLOCK), new UserModelRepository(db, CLOCK));
    }

    @Test
    void aPriceOverrideReplacesTheOnDemandPriceAndSaysWhere() {
        CatalogStore store = open();

        store.overridePrice("H100-SXM", 2.25, LocalDate.of(2026, 11, 1), "negotiated");

        var price = store.current().gpu("H100-SXM").price();
        assertThat(price.onDemandUsdPerHour()).isEqualTo(2.25);
        assertThat(price.asOf()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(price.source()).isEqualTo("user override: negotiated");
    }

    @Test
    void aPriceOverrideSurvivesReopeningTheFile() {
        open().overridePrice("L4", 0.55, LocalDate.of(2026, 11, 22), "");

        assertThat(open().current().gpu("L4").price().onDemandUsdPerHour()).isEqualTo(0.55);
    }

    @Test
    void aSecondOverrideReplacesTheFirst() {
        CatalogStore store = open();
        store.overridePrice("L4", 0.55, LocalDate.of(2026, 11, 22), "");

        store.overridePrice("l4", 0.60, LocalDate.of(2026, 11, 23), "");

        assertThat(store.current().gpu("L4").price().onDemandUsdPerHour()).isEqualTo(0.60);
    }

    @Test
    void resettingGoesBackToTheCatalogPrice() {
        CatalogStore store = open();
        double builtIn = store.builtIn().gpu("L4").price().onDemandUsdPerHour();
        store.overridePrice("L4", 0.55, LocalDate.of(2026, 11, 22), "");

        store.resetPrice("L4");

        assertThat(store.current().gpu("L4").price().onDemandUsdPerHour()).isEqualTo(builtIn);
    }

    @Test
    void anUnknownGpuIsRefusedWithTheKnownNames() {
        assertThatThrownBy(() -> open().overridePrice("H900", 1, LocalDate.of(2026, 1, 1), ""))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("H100-SXM");
    }

    @Test
    void aNonPositivePriceIsRefused() {
        CatalogStore store = open();

        assertThatThrownBy(() -> store.overridePrice("L4", 0, LocalDate.of(2026, 1, 1), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThat(store.current().gpu("L4").price()).isEqualTo(store.builtIn().gpu("L4").price());
    }

    @Test
    void anImportedModelIsStoredAndReadBackEqual() {
        ModelSpec model = HuggingFaceConfigImporter.parse("config.json", "{\"hidden_size\":2048,\"num_attention_heads\":16,"
                + "\"num_key_value_heads\":8,\"num_hidden_layers\":16,\"intermediate_size\":8192,\"vocab_size\":128256,"
                + "\"_name_or_path\":\"meta-llama/Llama-3.2-1B\"}", "Llama-3.2-1B");

        open().addModel(model, "/tmp/config.json");

        assertThat(open().current().model("Llama-3.2-1B")).isEqualTo(model);
    }
}
