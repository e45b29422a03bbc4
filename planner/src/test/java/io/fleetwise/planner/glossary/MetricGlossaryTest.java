package io.fleetwise.planner.glossary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricGlossaryTest {

    @Test
    void aLatencyHeaderIsExplainedByItsMetricAndItsPercentile() {
        assertThat(MetricGlossary.explain("TTFT p99 ms")).extracting(MetricGlossary.Entry::term)
                .containsExactly("TTFT", "Percentile");
    }

    @Test
    void pricePerGpuHourIsNotMistakenForCostPerHour() {
        assertThat(MetricGlossary.explain("$/GPU-h")).extracting(MetricGlossary.Entry::term)
                .containsExactly("Price per GPU-hour");
        assertThat(MetricGlossary.explain("Cost $/h")).extracting(MetricGlossary.Entry::term)
                .containsExactly("Cost per hour");
        assertThat(MetricGlossary.explain("Cost $/M tok")).extracting(MetricGlossary.Entry::term)
                .containsExactly("Cost per million tokens");
    }

    @Test
    void aBandwidthInGbPerSecondIsNotGpuMemory() {
        assertThat(MetricGlossary.explain("Intra-node GB/s")).isEmpty();
    }

    @Test
    void genericWordsOnlyMatchWhenTheyAreTheWholeLabel() {
        assertThat(MetricGlossary.explain("Total")).extracting(MetricGlossary.Entry::term).containsExactly("Slice statistics");
        assertThat(MetricGlossary.explain("total request rate (req/s)")).extracting(MetricGlossary.Entry::term)
                .containsExactly("Request rate");
    }

    @Test
    void theTooltipTextGivesTheDefinitionAndItsSource() {
        assertThat(MetricGlossary.tooltipText("TPOT p50")).hasValueSatisfying(text -> assertThat(text)
                .contains("(E2E - TTFT) / (output tokens - 1)").contains("vLLM"));
        assertThat(MetricGlossary.tooltipText("Use")).isEmpty();
    }

    @Test
    void eachEntryHasADefinitionAndIsFoundByItsTerm() {
        for (MetricGlossary.Entry e : MetricGlossary.entries()) {
            assertThat(e.definition()).as(e.term()).isNotBlank();
            assertThat(MetricGlossary.entry(e.term())).as(e.term()).contains(e);
        }
    }
}
