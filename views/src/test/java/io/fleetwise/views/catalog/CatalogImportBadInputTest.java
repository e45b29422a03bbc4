package io.fleetwise.views.catalog;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.catalog.CatalogOverrideRepository;
import io.fleetwise.datastore.catalog.CatalogStore;
import io.fleetwise.datastore.catalog.UserModelRepository;
import io.fleetwise.planner.catalog.Catalog;
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

/** A malformed config.json names the file and what is wrong with it, and adds no model. */
class CatalogImportBadInputTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private CatalogViewModel viewModel;

    @BeforeEach
    void open() {
        Database db = Database.open(dir.resolve("f.db"));
        CatalogStore store = new CatalogStore(Catalog.builtIn(), new CatalogOverrideRepository(db, CLOCK),
                new UserModelRepository(db, CLOCK));
        viewModel = new CatalogViewModel(store, new CurrentThreadTaskExecutor(), CLOCK);
    }

    private String importMessage(String name, String content) throws Exception {
        Path sub = Files.createDirectories(dir.resolve(name));
        Path config = Files.writeString(sub.resolve("config.json"), content);
        int before = viewModel.filteredModels().size();
        viewModel.importModel(config);
        assertThat(viewModel.messageIsErrorProperty().get()).as(name).isTrue();
        assertThat(viewModel.filteredModels()).as(name).hasSize(before);
        return viewModel.messageProperty().get();
    }

    @Test
    void truncatedJsonNamesTheFileAndTheLine() throws Exception {
        assertThat(importMessage("truncated", "{\n  \"hidden_size\": 2048,\n  \"num_attention_heads\": 16,\n  \"num_hidden"))
                .contains("config.json", "line");
    }

    @Test
    void anEmptyFileIsNamed() throws Exception {
        assertThat(importMessage("empty", "")).contains("config.json");
    }

    @Test
    void aJsonArrayIsNotAConfig() throws Exception {
        assertThat(importMessage("array", "[1, 2, 3]")).contains("config.json");
    }

    @Test
    void aTextWhereANumberBelongsNamesTheField() throws Exception {
        assertThat(importMessage("text", "{\"hidden_size\": \"big\", \"num_attention_heads\": 16, \"num_hidden_layers\": 4,"
                + " \"vocab_size\": 1000, \"intermediate_size\": 4096}")).contains("hidden_size");
    }

    @Test
    void aNegativeLayerCountNamesTheFieldAndValue() throws Exception {
        assertThat(importMessage("negative", "{\"hidden_size\": 2048, \"num_attention_heads\": 16, \"num_hidden_layers\": -4,"
                + " \"vocab_size\": 1000, \"intermediate_size\": 4096}")).contains("num_hidden_layers", "-4");
    }
}
