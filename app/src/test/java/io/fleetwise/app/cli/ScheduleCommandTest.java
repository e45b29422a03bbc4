package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleCommandTest {

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return CliRun.runWithDb(out, err, dir, args);
    }

    @Test
    void aDiurnalDayIsAReservedBaselinePlusPeaksCheaperThanAPeakSizedFleet() throws Exception {
        // a load whose peak needs several GPUs (at 6 req/s one H100 served the whole day under vllm-v1)
        assertThat(run("schedule", "--model", "Llama-3.1-8B", "--gpus", "H100-SXM,L40S", "--rate", "40",
                "--diurnal-amplitude", "0.6", "--search-requests", "120", "--time-limit", "10", "--json"))
                .as(err.toString()).isZero();

        JsonNode s = new ObjectMapper().readTree(out.toString());
        assertThat(s.get("format").asText()).isEqualTo("fleetwise-schedule/1");
        assertThat(s.get("periods")).hasSize(24);
        assertThat(s.get("summary").asText()).contains("reserved 1-year");
        assertThat(s.get("savingPercent").asDouble()).isPositive();
        assertThat(s.get("totalCostUsd").asDouble()).isLessThan(s.get("constantFleet").get("totalCostUsd").asDouble());
        assertThat(s.get("band").get("describe").asText()).startsWith("Within the model's error band (TTFT +-");
        assertThat(s.get("prices").toString()).contains("RunPod");
    }

    /**
     * One answer per question: a day at the study's flat rate, bought on demand hour by hour, is the Fleet area's
     * cheapest mix every hour (same replica sizes, bucket grid and left-out requests). The schedule once planned one
     * replica size per type on another grid and answered 28 H100 + 2 H200 where the Fleet area answered 16 + 2.
     */
    @Test
    void anOnDemandScheduleOfTheStudysFlatDayIsTheFleetAreasMixEveryHour() throws Exception {
        assertThat(run("allocate", "--study", "Demo study", "--json")).as(err.toString()).isZero();
        JsonNode fleet = new ObjectMapper().readTree(out.toString());
        double fleetUsdPerHour = fleet.path("cost_usd_per_hour").asDouble(Double.NaN);
        assertThat(fleetUsdPerHour).as(out.toString()).isPositive();

        assertThat(run("schedule", "--study", "Demo study", "--baseline", "none", "--no-band", "--time-limit", "10",
                "--json")).as(err.toString()).isZero();
        JsonNode s = new ObjectMapper().readTree(out.toString());
        assertThat(s.get("periods")).hasSize(24);
        assertThat(s.get("totalCostUsd").asDouble() / 24).isCloseTo(fleetUsdPerHour, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(s.toString()).as("the schedule says what it left out, as allocate does")
                .contains("meet the SLO on no candidate and are left out");
    }

    @Test
    void aStudyScheduleIsSavedWithItsInputsFingerprint() throws Exception {
        assertThat(run("schedule", "--study", "Demo study", "--no-band", "--search-requests", "100", "--time-limit", "10",
                "--save")).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Schedule: ").contains("Against a constant fleet sized for the peak");
        assertThat(err.toString()).contains("Saved the schedule in study 'Demo study'");

        Path exported = dir.resolve("demo.json");
        assertThat(run("study", "export", "Demo study", exported.toString())).isZero();
        JsonNode saved = new ObjectMapper().readTree(exported.toFile());
        assertThat(saved.toString()).contains("fleetwise-schedule/1");
    }

    @Test
    void theReportsTitlePageStatesTheScheduleItsSavingAndHowSureAndDropsItWhenThePriceBookChanges() throws Exception {
        assertThat(run("schedule", "--study", "Demo study", "--search-requests", "100", "--time-limit", "10", "--save"))
                .as(out + "\n" + err).isZero();
        String summary = out.toString().lines().filter(l -> l.startsWith("Schedule: ")).findFirst().orElseThrow()
                .substring("Schedule: ".length());
        Path pdf = dir.resolve("report.pdf");

        assertThat(run("report", "--study", "Demo study", "--pdf", pdf.toString(), "--search-requests", "100"))
                .as(err.toString()).isZero();
        String title = firstPage(pdf);
        assertThat(title).contains("Schedule").contains(summary.substring(0, Math.min(40, summary.length())))
                .contains("Against a peak-sized fleet").contains("How sure").contains("error band");

        assertThat(run("catalog", "add-offer", "H100-SXM", "2.0", "--provider", "Acme", "--kind", "on_demand")).isZero();
        assertThat(run("report", "--study", "Demo study", "--pdf", pdf.toString(), "--search-requests", "100")).isZero();
        assertThat(firstPage(pdf)).contains("computed for other inputs").doesNotContain("Against a peak-sized fleet");
    }

    private static String firstPage(Path pdf) throws Exception {
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            org.apache.pdfbox.text.PDFTextStripper text = new org.apache.pdfbox.text.PDFTextStripper();
            text.setStartPage(1);
            text.setEndPage(1);
            return text.getText(doc).replaceAll("\\s+", " ");
        }
    }

    @Test
    void aDayShapeGivenWithAStudyIsRefusedRatherThanIgnored() {
        assertThat(run("schedule", "--study", "Demo study", "--diurnal-amplitude", "0.6", "--rate", "5"))
                .isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("--rate, --diurnal-amplitude apply only without --study");
    }

    @Test
    void withoutAnyWayToBuyGpusItSaysSo() {
        assertThat(run("schedule", "--model", "Llama-3.1-8B", "--gpus", "H100-SXM", "--rate", "2", "--baseline", "none",
                "--no-on-demand")).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("Allow at least one way to buy GPUs");
    }
}
