package io.fleetwise.app.cli;

import io.fleetwise.app.AppServices;
import io.fleetwise.datastore.study.StudyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code study results}: every saved result with the inputs it was computed from, current until the study's inputs
 * change and stale after, across separate runs of the command line (each opens the database afresh, as a restart).
 */
class StudyResultsCommandTest {

    @TempDir
    Path dir;

    @Test
    void aSavedFleetPlanIsCurrentUntilTheWorkloadChangesThenStale() {
        StringWriter err = new StringWriter();
        assertThat(CliRun.runWithDb(new StringWriter(), err, dir, "allocate", "--study", "Demo study", "--no-validate",
                "--search-requests", "200", "--save-to-study", "Demo study")).as(err.toString()).isZero();
        // --search-requests is a setting of its own: the plan answers the study only with the study's defaults
        assertThat(results()).contains("plan #").contains("inputs not recorded");

        assertThat(CliRun.runWithDb(new StringWriter(), err, dir, "allocate", "--study", "Demo study", "--no-validate",
                "--save-to-study", "Demo study")).as(err.toString()).isZero();
        String before = results();
        assertThat(before).containsPattern("plan #\\d+ .*\\$/h, \\d+ GPUs, .*: current")
                .contains("Inputs of this report: study inputs ");

        AppServices services = AppServices.open(dir.resolve("f.db"),
                Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));
        StudyStore.StoredStudy demo = services.studyStore().open("Demo study");
        services.studyStore().save(demo.id(), demo.document().withWorkload(demo.document().workload().withRatePerS(16)));

        assertThat(results()).containsPattern("plan #\\d+ .*: STALE \\(computed for inputs [0-9a-f]+\\)")
                .doesNotContain(": current");
    }

    private String results() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(CliRun.runWithDb(out, err, dir, "study", "results", "Demo study")).as(err.toString()).isZero();
        return out.toString();
    }
}
