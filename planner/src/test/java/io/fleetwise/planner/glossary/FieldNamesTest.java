package io.fleetwise.planner.glossary;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldNamesTest {

    @Test
    void everyNameIsWordsAndTheMetricsAmongThemAreInTheGlossary() {
        FieldNames.all().forEach((key, name) -> {
            assertThat(name).as(key).doesNotContain("_").isNotEqualTo(key);
        });
        for (String metric : new String[] {"ttftP99Ms", "tpotP50Ms", "goodputPerS", "costPerMillionOutputTokensUsd",
                "usd_per_hour", "slo_attainment_percent", "joulesPerOutputToken"}) {
            assertThat(MetricGlossary.explain(FieldNames.name(metric))).as(metric).isNotEmpty();
        }
    }

    @Test
    void anUnnamedColumnIsRefusedWithItsName() {
        assertThatThrownBy(() -> FieldNames.name("new_column_ms")).hasMessageContaining("'new_column_ms'");
    }

    @Test
    void everyBuiltInModelCitesTheHuggingFaceConfigOfItsRepository() {
        for (ModelSpec m : Catalog.builtIn().models()) {
            assertThat(m.source()).as(m.name()).startsWith("https://huggingface.co/" + m.hfRepo() + "/blob/main/config.json");
        }
    }
}
