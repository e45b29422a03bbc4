package io.fleetwise.datastore.study;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.DatabaseException;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.StudyJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StudyRepositoryTest {

    @TempDir
    Path dir;
    private StudyRepository studies;

    @BeforeEach
    void open() {
        studies = new StudyRepository(Database.open(dir.resolve("f.db")),
                Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void aCreatedStudyCanBeFoundByName() {
        Study created = studies.create("Traffic doubles", "{\"slo\":{\"tpotMs\":50}}");

        assertThat(studies.findByName("Traffic doubles")).contains(created);
    }

    @Test
    void studyNamesAreUnique() {
        studies.create("A", "{}");

        assertThatThrownBy(() -> studies.create("A", "{}"))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("already exists");
    }

    @Test
    void aPayloadThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> studies.create("B", "{not json"))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("not valid JSON");
        assertThat(studies.findAll()).isEmpty();
    }

    @Test
    void anEmptyNameIsRefused() {
        assertThatThrownBy(() -> studies.create("  ", "{}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDemoStudyIsCreatedOnceAndNamesOnlyCatalogEntries() {
        Study first = studies.ensureDemoStudy();
        Study second = studies.ensureDemoStudy();

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(studies.findAll()).hasSize(1);
        assertThat(first.payloadJson()).contains("Llama-3.1-70B", "H100-SXM");
    }

    @Test
    void updatingThePayloadStoresIt() {
        Study study = studies.create("C", "{}");

        studies.updatePayload(study.id(), "{\"model\":\"Llama-3.1-8B\"}");

        assertThat(studies.findById(study.id()).orElseThrow().payloadJson()).contains("Llama-3.1-8B");
    }

    @Test
    void updatingAMissingStudyNamesItsId() {
        assertThatThrownBy(() -> studies.updatePayload(404, "{}")).hasMessageContaining("404");
    }

    @Test
    void theDemoStudyIsAFullStudyDocument() {
        Study demo = studies.ensureDemoStudy();

        StudyDocument doc = StudyJson.parse("demo", demo.payloadJson(), Catalog.builtIn(), demo.name());

        assertThat(doc.cluster().orElseThrow().totalGpus()).isEqualTo(16);
    }

    @Test
    void aLegacyDemoPayloadIsUpgradedOnOpen() {
        studies.create(StudyRepository.DEMO_STUDY_NAME, StudyRepository.LEGACY_DEMO_PAYLOAD);

        Study demo = studies.ensureDemoStudy();

        assertThat(demo.payloadJson()).contains("fleetwise-study/1", "H200-SXM");
    }

    @Test
    void aDeletedStudyIsGone() {
        Study study = studies.create("Gone", "{}");

        studies.delete(study.id());

        assertThat(studies.findByName("Gone")).isEmpty();
    }

    @Test
    void renamingToATakenNameIsRefusedAndKeepsTheOldName() {
        studies.create("Taken", "{}");
        Study study = studies.create("Mine", "{}");

        assertThatThrownBy(() -> studies.rename(study.id(), "Taken")).hasMessageContaining("already exists");
        assertThat(studies.findById(study.id()).orElseThrow().name()).isEqualTo("Mine");
    }

    @Test
    void recentStudiesAreTheOpenedOnesNewestFirst() {
        Study a = studies.create("A", "{}");
        studies.create("B", "{}");
        Study c = studies.create("C", "{}");
        studies.markOpened(a.id());
        studies.markOpened(c.id());

        assertThat(studies.recent(5)).extracting(Study::name).containsExactly("C", "A");
    }

    @Test
    void aFreeNameCountsUpPastTakenOnes() {
        studies.create("Copy", "{}");
        studies.create("Copy (2)", "{}");

        assertThat(studies.freeName("Copy")).isEqualTo("Copy (3)");
    }
}
