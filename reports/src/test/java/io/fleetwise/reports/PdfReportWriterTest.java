package io.fleetwise.reports;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PdfReportWriterTest {

    @TempDir
    Path dir;

    private static String text(Path pdf, int firstPage, int lastPage) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setStartPage(firstPage);
            stripper.setEndPage(lastPage);
            return stripper.getText(doc);
        }
    }

    private static int pages(Path pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            return doc.getNumberOfPages();
        }
    }

    @Test
    void melangeExampleReportShowsTheMixAndItsSaving() throws Exception {
        Path pdf = dir.resolve("r.pdf");
        PdfReportWriter.write(ReportFixtures.melangeExample(List.of()), EnumSet.allOf(ReportSection.class), pdf, null);
        String all = text(pdf, 1, Integer.MAX_VALUE);
        assertThat(all).contains("Mélange example", "6.70 $/h for 4 GPUs", "8.7 % against the best single type",
                "Only A100-80GB", "page 1 of ");
    }

    @Test
    void headlineCallsTwoReplicaSizesOfOneGpuTypeWhatTheyAreNotAMixOfGpuTypes() {
        var h100Tp4 = new io.fleetwise.planner.alloc.AllocationCandidate("H100-SXM TP4", "H100-SXM", 4, 11.96,
                List.of(1.0), io.fleetwise.planner.alloc.ThroughputSource.SIMULATED);
        var h100Tp8 = new io.fleetwise.planner.alloc.AllocationCandidate("H100-SXM TP8", "H100-SXM", 8, 23.92,
                List.of(2.0), io.fleetwise.planner.alloc.ThroughputSource.SIMULATED);
        var a100 = new io.fleetwise.planner.alloc.AllocationCandidate("A100 TP4", "A100-80GB-SXM", 4, 7.56,
                List.of(0.5), io.fleetwise.planner.alloc.ThroughputSource.SIMULATED);
        List<io.fleetwise.planner.alloc.AllocationCandidate> candidates = List.of(h100Tp4, h100Tp8, a100);

        assertThat(PdfReportWriter.headline(mix(candidates, List.of(1, 1, 0), 35.88), 25.0))
                .isEqualTo("Replicas of different sizes on H100-SXM serve it for 35.88 $/h, 25.0 % less than the best "
                        + "single replica size");
        assertThat(PdfReportWriter.headline(mix(candidates, List.of(1, 0, 2), 27.08), 12.5))
                .isEqualTo("A mix of H100-SXM and A100-80GB-SXM serves it for 27.08 $/h, 12.5 % less than the best "
                        + "single type");
    }

    private static io.fleetwise.planner.alloc.AllocationResult mix(
            List<io.fleetwise.planner.alloc.AllocationCandidate> candidates, List<Integer> counts, double cost) {
        return new io.fleetwise.planner.alloc.AllocationResult(candidates, counts, cost, List.of(List.of(1.0, 0.0, 0.0)),
                1.0, 1.0, io.fleetwise.planner.alloc.SolveStatus.OPTIMAL, 0.0, 1.0, "test",
                io.fleetwise.planner.alloc.Formulation.AGGREGATED, "");
    }

    @Test
    void longTableContinuesOnNextPageUnderItsHeader() throws Exception {
        List<ReportInput.PlanMetric> metrics = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            metrics.add(new ReportInput.PlanMetric("metric number " + i, Integer.toString(i), "ms"));
        }
        Path pdf = dir.resolve("long.pdf");
        PdfReportWriter.write(ReportFixtures.melangeExample(metrics), EnumSet.of(ReportSection.PLAN), pdf, null);
        assertThat(pages(pdf)).isGreaterThanOrEqualTo(4);
        assertThat(text(pdf, 3, 3)).startsWith("Metric Value Unit").contains("metric number ");
        assertThat(text(pdf, 1, Integer.MAX_VALUE)).contains("metric number 0", "metric number 149");
    }

    @Test
    void noPageHoldsOnlyARowOrTwoOfATable() throws Exception {
        for (int rows = 40; rows <= 75; rows++) {
            List<ReportInput.PlanMetric> metrics = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                metrics.add(new ReportInput.PlanMetric("metric number " + i, Integer.toString(i), "ms"));
            }
            Path pdf = dir.resolve("widow-" + rows + ".pdf");
            PdfReportWriter.write(ReportFixtures.melangeExample(metrics), EnumSet.of(ReportSection.PLAN), pdf, null);
            for (int page = 2; page <= pages(pdf); page++) {
                long tableRows = text(pdf, page, page).lines().filter(l -> l.startsWith("metric number ")).count();
                assertThat(tableRows).as("%d rows: page %d", rows, page)
                        .satisfiesAnyOf(n -> assertThat(n).isZero(), n -> assertThat(n).isGreaterThanOrEqualTo(3));
            }
        }
    }

    @Test
    void aMixNoCheaperThanOneTypeGetsASentenceNotTwoEqualBars() throws Exception {
        ReportInput mixed = ReportFixtures.melangeExample(List.of());
        assertThat(ReportCharts.comparisonSaysSomething(mixed)).as("the Mélange example's mix saves 8.7 %").isTrue();
        ReportInput single = ReportFixtures.singleTypeWins();
        assertThat(ReportCharts.comparisonSaysSomething(single)).isFalse();
        assertThat(ReportCharts.all(single)).extracting(ReportCharts.NamedChart::fileStem).doesNotContain("cost_comparison");
        Path pdf = dir.resolve("single.pdf");
        PdfReportWriter.write(single, EnumSet.of(ReportSection.ALLOCATION), pdf, null);
        assertThat(text(pdf, 1, Integer.MAX_VALUE).replaceAll("\\s+", " "))
                .contains("mixing types saves nothing at this workload");
    }

    @Test
    void everyPrintedColumnHasAName() throws Exception {
        ReportInput input = ReportFixtures.melangeExample(List.of());
        for (ReportTable table : ReportTables.resultTables(input)) {
            assertThat(table.labels()).as(table.title()).noneMatch(l -> l.contains("_"));
        }
        assertThat(PdfReportWriter.termsUsed(input)).extracting(e -> e.term()).contains("Cost per hour", "GPUs");
    }

    @Test
    void wordLongerThanAColumnIsCutNotLost() throws Exception {
        String longWord = "x".repeat(400);
        Path pdf = dir.resolve("word.pdf");
        PdfReportWriter.write(ReportFixtures.melangeExample(List.of(new ReportInput.PlanMetric(longWord, "1", "ms"))),
                EnumSet.of(ReportSection.PLAN), pdf, null);
        String text = text(pdf, 1, Integer.MAX_VALUE).replaceAll("\\s", "");
        assertThat(text).contains(longWord);
    }

    @Test
    void textOutsideWinAnsiIsSpelledOutNotAnError() throws Exception {
        Path pdf = dir.resolve("sym.pdf");
        PdfReportWriter.write(ReportFixtures.melangeExample(List.of(new ReportInput.PlanMetric("TTFT ≤ 200 → ok 你", "1",
                "ms"))), EnumSet.of(ReportSection.PLAN), pdf, null);
        assertThat(text(pdf, 1, Integer.MAX_VALUE)).contains("TTFT <= 200 -> ok ?");
    }

    @Test
    void cancelledWriteLeavesNoFile() {
        Path pdf = dir.resolve("c.pdf");
        assertThatThrownBy(() -> PdfReportWriter.write(ReportFixtures.melangeExample(List.of()),
                Set.of(ReportSection.SUMMARY), pdf, new io.fleetwise.planner.progress.ProgressListener() {
                    @Override
                    public void progress(double fraction, String message) {
                    }

                    @Override
                    public boolean isCancelled() {
                        return true;
                    }
                })).isInstanceOf(CancellationException.class);
        assertThat(pdf).doesNotExist();
        assertThat(Files.exists(dir.resolve("c.pdf.part"))).isFalse();
    }

    @Test
    void csvHasOneFilePerResultsTableWithItsHeader() throws Exception {
        List<Path> files = ReportExporter.csv(ReportFixtures.melangeExample(List.of()), dir.resolve("csv"));
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("allocation.csv", "baselines.csv", "throughput.csv", "rate_sweep.csv", "catalog_sources.csv");
        List<String> allocation = Files.readAllLines(dir.resolve("csv/allocation.csv"));
        assertThat(allocation.get(0)).isEqualTo("candidate,gpu_type,gpus_per_replica,replicas,gpus,usd_per_hour,"
                + "throughput_source");
        assertThat(allocation).contains("A10G,A10G,1,3,3,3.03,measured (imported)",
                "A100-80GB,A100-80GB,1,1,1,3.67,measured (imported)");
    }
}
