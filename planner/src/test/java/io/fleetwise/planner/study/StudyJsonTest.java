package io.fleetwise.planner.study;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Slo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StudyJsonTest {

    private final Catalog catalog = Catalog.builtIn();

    @Test
    void theDemoStudySurvivesARoundTrip() {
        StudyDocument demo = DemoStudy.create(catalog)
                .withResult("fleet", JsonNodeFactory.instance.objectNode().put("costPerHourUsd", 42.5))
                .withRunId(7).withTraceId(3);

        StudyDocument back = StudyJson.parse("demo", StudyJson.toJson(demo), catalog, null);

        assertThat(back).isEqualTo(demo);
    }

    @Test
    void theDemoClusterHasSixteenGpusOfTwoTypes() {
        StudyDocument demo = DemoStudy.create(catalog);

        assertThat(demo.cluster().orElseThrow().totalGpus()).isEqualTo(16);
        assertThat(demo.nodeGroups()).extracting(g -> g.gpu().name()).containsExactly("H100-SXM", "H200-SXM");
    }

    @Test
    void aStudyWithoutClusterIsWrittenWithNullCluster() {
        String json = StudyJson.toJson(StudyDocument.empty("fresh"));

        assertThat(json).contains("\"cluster\" : null").contains("\"format\" : \"fleetwise-study/1\"");
    }

    @Test
    void anOpenSloTargetIsWrittenAsNullAndReadAsInfinity() {
        StudyDocument doc = StudyDocument.empty("x").withSlo(Slo.of(300, 40, 0.95));

        StudyDocument back = StudyJson.parse("x", StudyJson.toJson(doc), catalog, null);

        assertThat(back.slo().e2eMs()).isInfinite();
    }

    @Test
    void aBadWorkloadRateNamesTheField() {
        String json = "{\"format\":\"fleetwise-study/1\",\"name\":\"s\",\"workload\":{\"ratePerS\":-3}}";

        assertThatThrownBy(() -> StudyJson.parse("s.json", json, catalog, null))
                .isInstanceOf(StudyFormatException.class).hasMessageContaining("s.json").hasMessageContaining("ratePerS");
    }

    @Test
    void aTextRateNamesTheField() {
        String json = "{\"name\":\"s\",\"slo\":{\"tpotMs\":\"fast\"}}";

        assertThatThrownBy(() -> StudyJson.parse("s.json", json, catalog, null))
                .hasMessageContaining("slo.tpotMs").hasMessageContaining("fast");
    }

    @Test
    void anUnknownGpuNamesTheNodeGroup() {
        String json = "{\"name\":\"s\",\"cluster\":{\"nodeGroups\":[{\"gpu\":\"Z900\"}]}}";

        assertThatThrownBy(() -> StudyJson.parse("s.json", json, catalog, null))
                .hasMessageContaining("nodeGroups[0].gpu").hasMessageContaining("Z900");
    }

    @Test
    void anUnknownModelIsRefusedWithAHint() {
        String json = "{\"name\":\"s\",\"model\":\"GPT-9\"}";

        assertThatThrownBy(() -> StudyJson.parse("s.json", json, catalog, null))
                .hasMessageContaining("'model'").hasMessageContaining("GPT-9");
    }

    @Test
    void anotherFormatIsRefused() {
        String json = "{\"format\":\"fleetwise-cluster/1\",\"name\":\"s\"}";

        assertThatThrownBy(() -> StudyJson.parse("s.json", json, catalog, null)).hasMessageContaining("'format'");
    }

    @Test
    void anOldPayloadWithoutFormatReadsWithTheFallbackName() {
        String json = "{\"description\":\"old\",\"model\":\"Llama-3.1-70B\",\"gpuTypes\":[\"H100-SXM\"]}";

        StudyDocument doc = StudyJson.parse("row 1", json, catalog, "Old study");

        assertThat(doc.name() + "/" + doc.modelName()).isEqualTo("Old study/Llama-3.1-70B");
    }

    @Test
    void aDiurnalCurveAveragesToTheRate() {
        WorkloadSpec spec = WorkloadSpec.preset("chat", 10).withSource(WorkloadSpec.Source.GENERATOR).withDiurnalAmplitude(0.5);

        double mean = java.util.Arrays.stream(spec.hourlyRatesPerS()).average().orElseThrow();

        assertThat(mean).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
