package io.fleetwise.views.reports;

import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.reports.ReportFixtures;
import io.fleetwise.reports.ReportSection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;

class ReportsViewModelTest {

    @TempDir
    Path dir;

    private final List<String> prepared = new ArrayList<>();

    private ReportsViewModel model(List<String> studies) {
        return new ReportsViewModel(() -> studies, (study, progress) -> {
            prepared.add(study);
            progress.progress(0.5, "halfway");
            return ReportFixtures.melangeExample(List.of());
        }, new CurrentThreadTaskExecutor(), Runnable::run, dir);
    }

    @Test
    void firstStudyIsChosenAndExportWritesPdfAndCsvIntoTheFolder() {
        ReportsViewModel vm = model(List.of("Demo study", "Other"));
        assertThat(vm.selectedStudyProperty().get()).isEqualTo("Demo study");
        vm.export();
        assertThat(prepared).containsExactly("Demo study");
        assertThat(vm.writtenFiles()).contains(dir.resolve("report-demo-study.pdf"),
                dir.resolve("report-demo-study-csv/allocation.csv"));
        assertThat(vm.writtenFiles()).allMatch(Files::exists);
        assertThat(vm.statusProperty().get()).startsWith("Wrote ").contains(dir.toString());
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.progressProperty().get()).isEqualTo(1.0);
    }

    @Test
    void pngOnlyWritesChartsAndNoPdf() {
        ReportsViewModel vm = model(List.of("Demo study"));
        vm.pdfProperty().set(false);
        vm.csvProperty().set(false);
        vm.pngProperty().set(true);
        vm.export();
        assertThat(vm.writtenFiles()).containsExactly(dir.resolve("report-demo-study-png/cost_comparison.png"),
                dir.resolve("report-demo-study-png/rate_sweep.png"));
        assertThat(dir.resolve("report-demo-study.pdf")).doesNotExist();
    }

    @Test
    void nothingToWriteIsRefusedWithAReasonAndNothingRuns() {
        ReportsViewModel vm = model(List.of("Demo study"));
        vm.pdfProperty().set(false);
        vm.csvProperty().set(false);
        vm.export();
        assertThat(vm.statusProperty().get()).isEqualTo("Choose at least one format: PDF, CSV or PNG.");
        assertThat(prepared).isEmpty();

        vm.pdfProperty().set(true);
        for (ReportSection s : ReportSection.values()) {
            vm.sectionProperty(s).set(false);
        }
        assertThat(vm.problem()).isEqualTo("Choose at least one section for the PDF.");
    }

    @Test
    void noStudiesMeansChooseAStudy() {
        ReportsViewModel vm = model(List.of());
        vm.export();
        assertThat(vm.statusProperty().get()).isEqualTo("Choose a study.");
    }

    @Test
    void failureIsShownAndExportCanRunAgain() {
        ReportsViewModel vm = new ReportsViewModel(() -> List.of("Broken"), (study, progress) -> {
            throw new IllegalArgumentException("Study 'Broken' has no model");
        }, new CurrentThreadTaskExecutor(), Runnable::run, dir);
        vm.export();
        assertThat(vm.statusProperty().get()).isEqualTo("Report failed: Study 'Broken' has no model");
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.writtenFiles()).isEmpty();
    }

    @Test
    void cancelledPreparationSaysSoAndWritesNothing() {
        ReportsViewModel vm = new ReportsViewModel(() -> List.of("Demo study"), (study, progress) -> {
            throw new CancellationException("cancelled");
        }, new CurrentThreadTaskExecutor(), Runnable::run, dir);
        vm.export();
        assertThat(vm.statusProperty().get()).startsWith("Report cancelled");
        assertThat(dir.resolve("report-demo-study.pdf")).doesNotExist();
    }

    @Test
    void fileStemIsASafeSlugOfTheStudyName() {
        assertThat(ReportsViewModel.fileStem(" Q3 / H100 vs L4! ")).isEqualTo("report-q3-h100-vs-l4");
    }
}
