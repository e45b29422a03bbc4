package io.fleetwise.reports;

import io.fleetwise.datastore.study.Study;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.study.DemoStudy;
import io.fleetwise.planner.study.StudyJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StudyReportRequestTest {

    private static final Catalog CATALOG = Catalog.builtIn();

    private static Study study(String payload) {
        Instant t = Instant.parse("2026-11-22T12:00:00Z");
        return new Study(1, "S", t, t, payload);
    }

    @Test
    void studyDocumentGivesClusterGpuTypesWorkloadAndSlo() {
        var demo = DemoStudy.create(CATALOG);
        StudyReportRequest r = StudyReportRequest.fromStudy(study(StudyJson.toJson(demo)), CATALOG);
        assertThat(r.gpuTypeNames()).containsExactly("H100-SXM", "H200-SXM");
        assertThat(r.cluster()).isPresent();
        assertThat(r.totalRatePerSecond()).isEqualTo(demo.workload().ratePerS());
        assertThat(r.slo()).isEqualTo(demo.slo());
        assertThat(r.lengthPreset()).isEqualTo(demo.workload().lengthPreset());
        assertThat(r.defaultsUsed()).isEmpty();
    }

    @Test
    void legacyPayloadTakesNamedDefaults() {
        StudyReportRequest r = StudyReportRequest.fromStudy(study("{\"model\":\"Llama-3.1-8B\",\"gpuTypes\":[\"L4\"]}"),
                CATALOG);
        assertThat(r.modelName()).isEqualTo("Llama-3.1-8B");
        assertThat(r.totalRatePerSecond()).isEqualTo(StudyReportRequest.DEFAULT_RATE_PER_SECOND);
        assertThat(r.defaultsUsed()).hasSize(3);
    }

    @Test
    void studyWithoutModelIsRefusedNamingTheStudyAndField() {
        assertThatThrownBy(() -> StudyReportRequest.fromStudy(study("{\"gpuTypes\":[\"L4\"]}"), CATALOG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Study 'S'")
                .hasMessageContaining("'model'");
    }

    @Test
    void studyDocumentWithoutNodeGroupsIsRefused() {
        String json = StudyJson.toJson(DemoStudy.create(CATALOG).withNodeGroups(java.util.List.of()));
        assertThatThrownBy(() -> StudyReportRequest.fromStudy(study(json), CATALOG))
                .hasMessageContaining("no node groups");
    }
}
