package io.fleetwise.views.study;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.datastore.study.StudyStore;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class StudyViewModelTest {

    @TempDir
    Path dir;
    private StudyStore store;
    private StudyViewModel viewModel;
    private CurrentStudy current;

    /** Saves at once, so tests see the store as the debounced autosave leaves it. */
    private static final class ImmediateAutosave implements Autosave {
        private final StudyStore store;

        ImmediateAutosave(StudyStore store) {
            this.store = store;
        }

        @Override
        public void schedule(long studyId, StudyDocument document) {
            store.save(studyId, document);
        }

        @Override
        public void flush() {
        }
    }

    @BeforeEach
    void open() {
        StudyRepository repository = new StudyRepository(Database.open(dir.resolve("s.db")), Clock.systemUTC());
        repository.ensureDemoStudy();
        store = new StudyStore(repository, Catalog::builtIn);
        current = new CurrentStudy(new ImmediateAutosave(store), Catalog::builtIn);
        viewModel = new StudyViewModel(store, current, new CurrentThreadTaskExecutor());
        viewModel.open("Demo study");
    }

    private void tightenTpot() {
        current.edit(d -> d.withSlo(Slo.of(500, 30, 0.9)));
    }

    @Test
    void anEditIsSavedToTheStore() {
        tightenTpot();

        assertThat(store.open("Demo study").document().slo().tpotMs()).isEqualTo(30.0);
    }

    @Test
    void undoRestoresTheDocumentBeforeTheEdit() {
        StudyDocument before = current.document();
        tightenTpot();

        viewModel.undo();

        assertThat(current.document()).isEqualTo(before);
    }

    @Test
    void redoReappliesAnUndoneEdit() {
        tightenTpot();
        viewModel.undo();

        viewModel.redo();

        assertThat(current.document().slo().tpotMs()).isEqualTo(30.0);
    }

    @Test
    void anEditThatChangesNothingIsNotUndoable() {
        current.edit(d -> d);

        assertThat(current.canUndoProperty().get()).isFalse();
    }

    @Test
    void aRefusedEditLeavesTheStudyAsItWas() {
        StudyDocument before = current.document();

        try {
            current.edit(d -> d.withSlo(Slo.of(-1, 30, 0.9)));
        } catch (IllegalArgumentException expected) {
            // the form shows the message; the study must be unchanged
        }

        assertThat(current.document()).isEqualTo(before);
    }

    @Test
    void saveAsContinuesInTheCopyAndKeepsTheOriginal() {
        viewModel.saveAs("Tighter");
        tightenTpot();

        assertThat(store.open("Demo study").document().slo().tpotMs()).isEqualTo(50.0);
        assertThat(store.open("Tighter").document().slo().tpotMs()).isEqualTo(30.0);
    }

    @Test
    void duplicateCopiesTheCluster() {
        viewModel.duplicate();

        assertThat(current.document().name() + " " + current.document().cluster().orElseThrow().totalGpus())
                .isEqualTo("Demo study copy 16");
    }

    @Test
    void saveAsATakenNameSaysSoAndStaysOnTheStudy() {
        viewModel.newStudy("Other");
        viewModel.open("Demo study");

        assertThat(viewModel.saveAs("Other")).isFalse();
        assertThat(viewModel.messageProperty().get()).contains("already exists");
        assertThat(current.document().name()).isEqualTo("Demo study");
    }

    @Test
    void deletingOpensTheMostRecentOtherStudy() {
        viewModel.newStudy("Scratch");

        viewModel.deleteCurrent();

        assertThat(current.document().name()).isEqualTo("Demo study");
        assertThat(viewModel.studyNames()).containsExactly("Demo study");
    }

    @Test
    void recentStudiesListTheLastOpenedFirst() {
        viewModel.newStudy("B");
        viewModel.open("Demo study");

        assertThat(viewModel.recentNames()).startsWith("Demo study", "B");
    }

    @Test
    void anExportedStudyImportsAfterItWasDeleted() {
        Path file = dir.resolve("demo.json");
        viewModel.exportTo(file);
        viewModel.newStudy("Keep");
        viewModel.open("Demo study");
        viewModel.deleteCurrent();

        viewModel.importFrom(file);

        assertThat(current.document().cluster().orElseThrow().totalGpus()).isEqualTo(16);
    }

    @Test
    void aBrokenImportNamesTheFieldAndKeepsTheOpenStudy() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"name\":\"bad\",\"workload\":{\"source\":\"radio\"}}");

        viewModel.importFrom(file);

        assertThat(viewModel.messageProperty().get()).contains("bad.json", "workload.source", "radio");
        assertThat(current.document().name()).isEqualTo("Demo study");
    }
}
