package io.fleetwise.views.study;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.datastore.study.StudyStore;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** A malformed study file names the file and the place, and the open study and the study list stay as they were. */
class StudyImportBadInputTest {

    @TempDir
    Path dir;
    private CurrentStudy current;
    private StudyViewModel viewModel;
    private StudyStore store;
    private StudyRepository repository;

    @BeforeEach
    void open() {
        repository = new StudyRepository(Database.open(dir.resolve("s.db")), Clock.systemUTC());
        repository.ensureDemoStudy();
        store = new StudyStore(repository, Catalog::builtIn);
        current = new CurrentStudy(new Autosave() {
            @Override
            public void schedule(long studyId, StudyDocument document) {
                store.save(studyId, document);
            }

            @Override
            public void flush() {
            }
        }, Catalog::builtIn);
        viewModel = new StudyViewModel(store, current, new CurrentThreadTaskExecutor());
        viewModel.open("Demo study");
    }

    private String importMessage(String name, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(name), content);
        StudyDocument before = current.document();
        int studies = repository.findAll().size();
        viewModel.importFrom(file);
        assertThat(current.document()).as(name).isEqualTo(before);
        assertThat(repository.findAll()).as(name).hasSize(studies);
        return viewModel.messageProperty().get();
    }

    @Test
    void truncatedJsonNamesTheFileAndLine() throws Exception {
        assertThat(importMessage("cut.json", "{\n  \"name\": \"cut\",\n  \"workload\": {\"rate")).contains("cut.json", "line");
    }

    @Test
    void anEmptyFileIsNamed() throws Exception {
        assertThat(importMessage("empty.json", "")).contains("empty.json");
    }

    @Test
    void aJsonArrayIsNotAStudy() throws Exception {
        assertThat(importMessage("array.json", "[]")).contains("array.json");
    }

    @Test
    void aNegativeRateNamesTheFieldAndValue() throws Exception {
        assertThat(importMessage("rate.json", "{\"name\":\"r\",\"workload\":{\"source\":\"PRESET\",\"ratePerS\":-3}}"))
                .contains("rate.json", "-3");
    }
}
