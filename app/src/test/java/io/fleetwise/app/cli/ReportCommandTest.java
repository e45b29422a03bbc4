package io.fleetwise.app.cli;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generates the demo study's report once, with the product's own defaults (the capacity searches take a while), and
 * reads it back.
 */
class ReportCommandTest {

    @TempDir
    static Path dir;

    private static String pdfText;
    private static String stdout;

    private static int run(StringWriter out, StringWriter err, String... args) {
        CliContext context = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), dir.resolve("home"),
                Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC), (services, demo) -> 0);
        return Cli.commandLine(context).execute(args);
    }

    @BeforeAll
    static void writeDemoReport() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = run(out, err, "--db", dir.resolve("f.db").toString(), "report", "--study", "Demo study",
                "--pdf", dir.resolve("out/report.pdf").toString(), "--csv", dir.resolve("csv").toString(),
                "--png", dir.resolve("png").toString());
        stdout = out.toString();
        assertThat(exitCode).as(err.toString()).isZero();
        try (PDDocument pdf = Loader.loadPDF(dir.resolve("out/report.pdf").toFile())) {
            pdfText = new PDFTextStripper().getText(pdf);
        }
    }

    /**
     * What the demo is for: the product's own answer for its workload and GPUs is a mix of GPU types that costs less
     * than any single type that can serve the workload alone, and the title page says by how much. No figures are
     * fixed here; the allocator computes them (capacity predictions and prices change, the property must hold).
     */
    @Test
    void theDemoStudysCheapestFleetIsAMixCheaperThanEverySingleType() throws Exception {
        java.util.Set<String> mixTypes = new java.util.TreeSet<>();
        try (Reader reader = Files.newBufferedReader(dir.resolve("csv/allocation.csv"));
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            csv.forEach(r -> mixTypes.add(r.get("gpu_type")));
        }
        assertThat(mixTypes).as("GPU types of the demo's cheapest fleet").hasSizeGreaterThanOrEqualTo(2);
        double mix = Double.NaN;
        List<Double> singles = new java.util.ArrayList<>();
        try (Reader reader = Files.newBufferedReader(dir.resolve("csv/baselines.csv"));
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            for (CSVRecord r : csv) {
                if (r.get("fleet").startsWith("Mix")) {
                    mix = Double.parseDouble(r.get("usd_per_hour"));
                } else if (!r.get("usd_per_hour").isEmpty()) {
                    singles.add(Double.parseDouble(r.get("usd_per_hour")));
                }
            }
        }
        assertThat(singles).as("single-type fleets that can serve the demo alone").isNotEmpty();
        double cheapestSingle = singles.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(mix).isLessThan(cheapestSingle);
        assertThat(pdfText.replaceAll("\\s+", " ")).containsPattern(
                "Saving \\d+\\.\\d % against the best single type");
    }

    /**
     * The title page's workload line gives the study's rate (12 req/s), not the lower rate the fleet service solved
     * for after leaving out the requests that meet the SLO on no GPU, and says what it left out.
     */
    @Test
    void titlePageStatesTheStudysRateAndWhatTheFleetLeftOut() {
        String text = pdfText.replaceAll("\\s+", " ");
        assertThat(text).contains("12.00 req/s;").doesNotContain("11.99 req/s;");
        assertThat(text).containsPattern("12\\.00 req/s; \\d+\\.\\d\\d% of requests \\([^)]*\\) meet the SLO on no "
                + "candidate and are left out");
    }

    @Test
    void pdfNamesTheStudyModelAndEveryGpuType() {
        assertThat(pdfText).contains("Demo study", "Llama-3.1-70B", "H100-SXM", "H200-SXM", "Fleetwise version");
    }

    @Test
    void pdfShowsTheAllocationCostThatTheCommandPrints() {
        Matcher m = Pattern.compile("Fleet: (\\d+\\.\\d\\d) \\$/h for (\\d+) GPUs").matcher(stdout);
        assertThat(m.find()).as(stdout).isTrue();
        assertThat(pdfText).contains("The cheapest mix costs " + m.group(1) + " $/h for " + m.group(2) + " GPUs");
    }

    @Test
    void pdfListsCatalogSourcesAndAssumptions() {
        assertThat(pdfText).contains("Catalog sources", "Price as of", "idle power 15 % of TDP", "Model source",
                "https://huggingface.co/meta-llama/Llama-3.1-70B/blob/main/config.json");
        assertThat(pdfText).containsPattern("20\\d\\d-\\d\\d-\\d\\d");
    }

    @Test
    void csvFilesHaveHeadersAndOneRowPerAllocatedCandidate() throws Exception {
        try (Reader reader = Files.newBufferedReader(dir.resolve("csv/allocation.csv"));
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            assertThat(csv.getHeaderNames()).containsExactly("candidate", "gpu_type", "gpus_per_replica", "replicas",
                    "gpus", "usd_per_hour", "throughput_source");
            List<CSVRecord> rows = csv.getRecords();
            assertThat(rows).isNotEmpty();
            double total = 0;
            for (CSVRecord r : rows) {
                assertThat(Integer.parseInt(r.get("replicas"))).isPositive();
                total += Double.parseDouble(r.get("usd_per_hour"));
            }
            Matcher m = Pattern.compile("Fleet: (\\d+\\.\\d\\d)").matcher(stdout);
            assertThat(m.find()).isTrue();
            assertThat(total).isCloseTo(Double.parseDouble(m.group(1)), org.assertj.core.data.Offset.offset(0.02));
        }
        try (Reader reader = Files.newBufferedReader(dir.resolve("csv/baselines.csv"));
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            List<CSVRecord> rows = csv.getRecords();
            assertThat(rows.get(0).get("fleet")).isEqualTo("Mix (allocator)");
            assertThat(rows).hasSizeGreaterThan(1);
        }
        assertThat(dir.resolve("csv/rate_sweep.csv")).exists();
        assertThat(dir.resolve("csv/catalog_sources.csv")).exists();
    }

    @Test
    void chartsAreWrittenAsPng() throws Exception {
        byte[] png = Files.readAllBytes(dir.resolve("png/cost_comparison.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(dir.resolve("png/rate_sweep.png")).exists();
    }

    @Test
    void unknownStudyIsOneLineListingKnownStudies() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "--db", dir.resolve("f.db").toString(), "report", "--study", "Nope",
                "--pdf", dir.resolve("nope.pdf").toString());
        assertThat(code).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("No study named 'Nope'", "'Demo study'");
        assertThat(dir.resolve("nope.pdf")).doesNotExist();
    }
}
