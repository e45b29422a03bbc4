package io.fleetwise.app.cli;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error band on the demo study, whose fleet leaves out the few requests no GPU serves within the SLO (so its
 * problem has fewer buckets than the workload's grid: the band's ends must be read on the problem's buckets).
 *
 * <p>"How sure" in a report that computes the cheapest fleet itself (the study has no saved one): with --band the title
 * page says whether the mix changes within the model's error band and how far the cost moves, as the Fleet area's
 * "How sure" does; without it the report says nothing of a band it did not compute.
 */
class DemoStudyBandTest {

    @TempDir
    Path dir;

    private String titlePage(String... extra) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path pdf = dir.resolve("report-" + extra.length + ".pdf");
        String[] args = new String[6 + extra.length];
        String[] base = {"report", "--study", "Demo study", "--pdf", pdf.toString(), "--search-requests=200"};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        assertThat(CliRun.runWithDb(out, err, dir, args)).as(err.toString()).isZero();
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDFTextStripper text = new PDFTextStripper();
            text.setStartPage(1);
            text.setEndPage(1);
            return text.getText(doc).replaceAll("\\s+", " ");
        }
    }

    @Test
    void allocateWithBandSaysWhetherTheDemosMixChanges() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(CliRun.runWithDb(out, err, dir, "allocate", "--study", "Demo study", "--band", "--no-validate",
                "--search-requests", "200")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("left out").containsPattern("Within the model's error band \\(TTFT \\+-");
    }

    @Test
    void withBandTheTitlePageSaysHowSureTheComputedFleetIs() throws Exception {
        assertThat(titlePage()).doesNotContain("How sure (cheapest fleet)");
        assertThat(titlePage("--band")).containsPattern("How sure \\(cheapest fleet\\) Within the model's error band "
                + "\\(TTFT \\+-[0-9.]+ %");
    }
}
