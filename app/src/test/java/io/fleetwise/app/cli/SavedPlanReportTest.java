package io.fleetwise.app.cli;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's fleet left out the few requests that meet the SLO on no GPU. Once that fleet is saved as a plan, the
 * report built from the saved plan (not from its own solve) must still give the study's rate and say what was left
 * out, as the report that solves for itself does (ReportCommandTest): the buckets it names are no longer in the saved
 * problem, so the plan row has to keep the note.
 */
class SavedPlanReportTest {

    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        CliContext context = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), dir.resolve("home"),
                Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC), (services, demo) -> 0);
        return Cli.commandLine(context).execute(args);
    }

    @Test
    void aReportFromTheSavedPlanStatesTheStudysRateAndWhatTheFleetLeftOut() throws Exception {
        String db = dir.resolve("f.db").toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int saved = run(out, err, "--db", db, "allocate", "--study", "Demo study", "--save-to-study", "Demo study");
        assertThat(saved).as(err.toString()).isZero();
        assertThat(out.toString()).as("the allocation itself says it left requests out").contains("left out");

        StringWriter reportErr = new StringWriter();
        int reported = run(new StringWriter(), reportErr, "--db", db, "report", "--study", "Demo study",
                "--pdf", dir.resolve("report.pdf").toString());
        assertThat(reported).as(reportErr.toString()).isZero();
        String text;
        try (PDDocument pdf = Loader.loadPDF(dir.resolve("report.pdf").toFile())) {
            text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
        }
        assertThat(text).as("the report shows the saved plan, not a solve of its own").contains("Saved allocation 'plan #");
        assertThat(text).contains("12.00 req/s;").doesNotContain("11.99 req/s;");
        assertThat(text).containsPattern("12\\.00 req/s; \\d+\\.\\d\\d% of requests \\([^)]*\\) meet the SLO on no "
                + "candidate and are left out");
        assertThat(text).containsPattern("serves 11\\.9\\d of 11\\.9\\d req/s \\(the study's 12\\.00 req/s less the "
                + "requests left out");
    }
}
