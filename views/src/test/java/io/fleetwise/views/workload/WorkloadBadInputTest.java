package io.fleetwise.views.workload;

import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.views.study.CurrentStudy;
import io.fleetwise.views.study.TestStudies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each bad value or trace file gets a message naming the field and value (or file and line) and changes nothing. */
class WorkloadBadInputTest {

    @TempDir
    Path dir;
    private CurrentStudy study;
    private WorkloadViewModel viewModel;

    @BeforeEach
    void open() {
        study = TestStudies.open(StudyDocument.empty("s"));
        viewModel = new WorkloadViewModel(study, new CurrentThreadTaskExecutor());
    }

    @Test
    void badFieldValuesNameTheFieldAndTheValueAndKeepTheText() {
        Map<WorkloadField, String[]> bad = Map.of(
                WorkloadField.RATE_PER_S, new String[] {"abc", "-1", "0", "NaN", "1e999"},
                WorkloadField.BURSTINESS_CV, new String[] {"0", "-2", "25", "x"},
                WorkloadField.DIURNAL_AMPLITUDE_PCT, new String[] {"100", "-5"},
                WorkloadField.REQUESTS, new String[] {"0", "2.5", "9000000", "many"},
                WorkloadField.TTFT_MS, new String[] {"-1", ""},
                WorkloadField.ATTAINMENT_PCT, new String[] {"0", "101"});
        bad.forEach((field, values) -> {
            for (String text : values) {
                StudyDocument before = study.document();
                viewModel.fieldTextProperty(field).set(text);

                assertThat(viewModel.commit(field)).as("%s = '%s'", field, text).isFalse();
                assertThat(viewModel.fieldErrors().get(field)).as("%s = '%s'", field, text)
                        .contains(field.label()).contains(text.isEmpty() ? "''" : text);
                assertThat(viewModel.fieldTextProperty(field).get()).isEqualTo(text);
                assertThat(study.document()).isEqualTo(before);
            }
        });
    }

    private String importMessage(String fileName, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(fileName), content);
        StudyDocument before = study.document();
        viewModel.importTrace(file);
        assertThat(viewModel.traceMessageIsErrorProperty().get()).as(fileName).isTrue();
        assertThat(study.document()).as(fileName).isEqualTo(before);
        return viewModel.traceMessageProperty().get();
    }

    @Test
    void anEmptyTraceFileIsNamed() throws Exception {
        assertThat(importMessage("empty.csv", "")).contains("empty.csv");
    }

    @Test
    void aHeaderOnlyTraceSaysItHasNoRequests() throws Exception {
        assertThat(importMessage("header.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n"))
                .contains("header.csv").containsIgnoringCase("no request");
    }

    @Test
    void aCsvWithTheWrongColumnsNamesTheFile() throws Exception {
        assertThat(importMessage("columns.csv", "a,b\n1,2\n")).contains("columns.csv");
    }

    @Test
    void aBrokenJsonlLineIsNamedWithItsLineNumber() throws Exception {
        assertThat(importMessage("mooncake.jsonl",
                "{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 5, \"hash_ids\": [1]}\n{\"timestamp\": 1, \"input_le"))
                .contains("mooncake.jsonl", "line 2");
    }

    @Test
    void aFileOfAnotherKindIsNamedWithTheKindsThatWork() throws Exception {
        assertThat(importMessage("notes.txt", "hello")).contains("notes.txt").containsIgnoringCase("csv");
    }

    @Test
    void aDroppedFolderIsNamed() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("traces.csv"));
        StudyDocument before = study.document();

        viewModel.importTrace(folder);

        assertThat(viewModel.traceMessageIsErrorProperty().get()).isTrue();
        assertThat(viewModel.traceMessageProperty().get()).contains("traces.csv");
        assertThat(study.document()).isEqualTo(before);
    }

    @Test
    void aNegativeTokenCountIsNamedWithItsLineAndColumn() throws Exception {
        assertThat(importMessage("neg.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,374,-4\n"))
                .contains("neg.csv", "line 2", "GeneratedTokens");
    }
}
