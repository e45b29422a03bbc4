package io.fleetwise.views.workload;

import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.views.study.CurrentStudy;
import io.fleetwise.views.study.TestStudies;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadViewModelTest {

    @TempDir
    Path dir;
    private CurrentStudy study;
    private WorkloadViewModel viewModel;

    @BeforeEach
    void open() {
        study = TestStudies.open(StudyDocument.empty("s"));
        viewModel = new WorkloadViewModel(study, new CurrentThreadTaskExecutor());
    }

    private boolean type(WorkloadField field, String text) {
        viewModel.fieldTextProperty(field).set(text);
        return viewModel.commit(field);
    }

    @Test
    void choosingAModelSetsItInTheStudy() {
        viewModel.modelProperty().set("Llama-3.1-70B");

        assertThat(study.document().modelName()).isEqualTo("Llama-3.1-70B");
    }

    @Test
    void aTypedRateGoesIntoTheStudy() {
        type(WorkloadField.RATE_PER_S, "12.5");

        assertThat(study.document().workload().ratePerS()).isEqualTo(12.5);
    }

    @Test
    void theAttainmentIsTypedInPercent() {
        type(WorkloadField.ATTAINMENT_PCT, "99");

        assertThat(study.document().slo().attainment()).isEqualTo(0.99);
    }

    @Test
    void aNegativeTpotIsRefusedAndKeptInTheField() {
        StudyDocument before = study.document();

        assertThat(type(WorkloadField.TPOT_MS, "-5")).isFalse();
        assertThat(viewModel.fieldErrors().get(WorkloadField.TPOT_MS)).contains("TPOT", "> 0");
        assertThat(viewModel.fieldTextProperty(WorkloadField.TPOT_MS).get()).isEqualTo("-5");
        assertThat(study.document()).isEqualTo(before);
    }

    @Test
    void thePreviewRateFollowsTheTypedRate() {
        type(WorkloadField.RATE_PER_S, "20");

        assertThat(viewModel.previewProperty().get().meanRatePerS()).isCloseTo(20, Offset.offset(2.0));
    }

    @Test
    void theBucketSharesSumToOne() {
        double sum = Arrays.stream(viewModel.previewProperty().get().bucketShares()).flatMapToDouble(Arrays::stream).sum();

        assertThat(sum).isCloseTo(1.0, Offset.offset(1e-9));
    }

    @Test
    void theGeneratorMakesBurstierGapsWithAHigherCv() {
        viewModel.sourceProperty().set(WorkloadSpec.Source.GENERATOR);
        type(WorkloadField.BURSTINESS_CV, "4");

        assertThat(study.document().workload().arrivals().meanRatePerS()).isEqualTo(1.0);
        assertThat(study.document().workload().describe()).contains("CV 4");
    }

    @Test
    void anAzureTraceBecomesTheWorkload() throws Exception {
        Path file = dir.resolve("azure.csv");
        Files.writeString(file, "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                + "2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,396,109\n"
                + "2023-11-16 18:15:51.2135350,879,48\n");

        viewModel.importTrace(file);

        assertThat(study.document().workload().source()).isEqualTo(WorkloadSpec.Source.TRACE);
        assertThat(viewModel.previewProperty().get().requests()).isEqualTo(3);
    }

    @Test
    void aBadTraceLineIsNamedAndTheWorkloadStays() throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,374,44\n"
                + "2023-11-16 18:15:50.99,lots,109\n");
        StudyDocument before = study.document();

        viewModel.importTrace(file);

        assertThat(viewModel.traceMessageProperty().get()).contains("line 3", "ContextTokens");
        assertThat(study.document()).isEqualTo(before);
    }

    @Test
    void undoBringsBackTheRateInTheField() {
        type(WorkloadField.RATE_PER_S, "7");

        study.undo();

        assertThat(viewModel.fieldTextProperty(WorkloadField.RATE_PER_S).get()).isEqualTo("1");
    }
}
