package io.fleetwise.views.workbench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Help's guide: every area has one, with a question, first steps, and docs/ pages that exist. */
class AreaGuideTest {

    private static final List<String> AREAS = List.of("Catalog", "Cluster", "Workload", "Fleet", "What-if", "Plans",
            "Simulate", "Execute", "Timeline", "Reports");

    @Test
    void everyAreaHasAGuideWhoseDocsPagesExist() {
        Path docs = Path.of("..", "docs");
        assertThat(AreaGuide.areas()).containsExactlyInAnyOrderElementsOf(AREAS);
        for (String area : AREAS) {
            AreaGuide guide = AreaGuide.of(area).orElseThrow();
            assertThat(guide.answers()).as(area).endsWith("?");
            assertThat(guide.firstSteps()).as(area).isNotEmpty();
            assertThat(guide.docs()).as(area).isNotEmpty()
                    .allSatisfy(page -> assertThat(docs.resolve(page)).as(area + ": docs/" + page).isRegularFile());
        }
    }
}
