package io.fleetwise.views.catalog;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.catalog.CatalogOverrideRepository;
import io.fleetwise.datastore.catalog.CatalogStore;
import io.fleetwise.datastore.catalog.UserModelRepository;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogViewModelTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private CatalogStore store;
    private CatalogViewModel viewModel;

    @BeforeEach
    void open() {
        Database db = Database.open(dir.resolve("f.db"));
        store = new CatalogStore(Catalog.builtIn(), new CatalogOverrideRepository(db, CLOCK), new UserModelRepository(db, CLOCK));
        viewModel = new CatalogViewModel(store, new CurrentThreadTaskExecutor(), CLOCK);
    }

    private double shownPrice(String gpu) {
        return viewModel.filteredGpus().stream().filter(g -> g.name().equals(gpu)).findFirst().orElseThrow()
                .price().onDemandUsdPerHour();
    }

    @Test
    void theFilterKeepsOnlyMatchingGpus() {
        viewModel.filterTextProperty().set("h100");

        assertThat(viewModel.filteredGpus()).extracting(GpuType::name).containsExactly("H100-SXM", "H100-PCIe");
    }

    @Test
    void theFilterAppliesToModelsToo() {
        viewModel.filterTextProperty().set("llama");

        assertThat(viewModel.filteredModels()).extracting(ModelSpec::name).allMatch(n -> n.startsWith("Llama"));
    }

    @Test
    void aValidPriceIsStoredAndShown() {
        assertThat(viewModel.commitPrice("H100-SXM", " 2.35 ")).isTrue();

        assertThat(shownPrice("H100-SXM")).isEqualTo(2.35);
        assertThat(store.current().gpu("H100-SXM").price().onDemandUsdPerHour()).isEqualTo(2.35);
        assertThat(viewModel.messageIsErrorProperty().get()).isFalse();
    }

    @Test
    void textThatIsNotANumberKeepsTheOldPriceAndSaysWhy() {
        double before = shownPrice("H100-SXM");

        assertThat(viewModel.commitPrice("H100-SXM", "cheap")).isFalse();

        assertThat(shownPrice("H100-SXM")).isEqualTo(before);
        assertThat(viewModel.messageProperty().get()).contains("H100-SXM", "'cheap'", "not a number");
        assertThat(viewModel.messageIsErrorProperty().get()).isTrue();
    }

    @Test
    void aNegativePriceIsRefused() {
        assertThat(viewModel.commitPrice("L4", "-1")).isFalse();

        assertThat(viewModel.messageProperty().get()).contains("positive");
        assertThat(store.current().gpu("L4").price()).isEqualTo(store.builtIn().gpu("L4").price());
    }

    @Test
    void anImportedConfigAppearsAmongTheModels() throws Exception {
        Path config = Files.writeString(dir.resolve("config.json"), "{\"_name_or_path\":\"org/Tiny-2B\",\"hidden_size\":2048,"
                + "\"num_attention_heads\":16,\"num_key_value_heads\":8,\"num_hidden_layers\":24,"
                + "\"intermediate_size\":8192,\"vocab_size\":32000}");

        viewModel.importModel(config);

        assertThat(viewModel.filteredModels()).extracting(ModelSpec::name).contains("Tiny-2B");
        assertThat(viewModel.messageProperty().get()).startsWith("Imported model Tiny-2B");
        assertThat(viewModel.importingProperty().get()).isFalse();
    }

    @Test
    void aBrokenConfigNamesTheMissingFieldAndAddsNothing() throws Exception {
        int before = viewModel.filteredModels().size();
        Path config = Files.writeString(dir.resolve("config.json"), "{\"hidden_size\":2048}");

        viewModel.importModel(config);

        assertThat(viewModel.messageProperty().get()).contains("Import failed", "num_attention_heads");
        assertThat(viewModel.filteredModels()).hasSize(before);
    }
}
