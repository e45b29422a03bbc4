package io.fleetwise.reports;

import io.fleetwise.planner.calibration.CalibrationSet;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.fleet.FleetAllocationRepository;
import io.fleetwise.datastore.study.Study;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TraceWriter;
import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.planner.alloc.format.AllocationJson;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.study.DemoStudy;
import io.fleetwise.planner.study.ExecutionResultJson;
import io.fleetwise.planner.study.FleetResultJson;
import io.fleetwise.planner.study.PlansResultJson;
import io.fleetwise.planner.study.SimulationResultJson;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.StudyJson;
import io.fleetwise.planner.study.WhatIfJson;
import io.fleetwise.planner.study.WhatIfRow;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A study holding every area's result, reported: each result reaches the PDF, CSV and PNG files. */
class StudyResultsReportTest {

    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String pdfText(Path pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            return new PDFTextStripper().getText(doc);
        }
    }

    /** A fleet result as the Fleet area stores it, holding the Mélange fixture's problem and mix. */
    private static ObjectNode fleetResult(ReportInput fixture) throws Exception {
        ObjectNode fleet = AllocationJson.report(fixture.problem(), fixture.comparison());
        fleet.set(FleetResultJson.PROBLEM, JSON.readTree(AllocationJson.writeProblem(fixture.problem())));
        fleet.set(FleetResultJson.RESULT, JSON.readTree(AllocationJson.write(fixture.comparison().mix())));
        return fleet;
    }

    private static ObjectNode plansResult() {
        ObjectNode plans = JSON.createObjectNode().put("model", "Llama-3.1-70B").put("cluster", "demo cluster")
                .put("clusterGpus", 40).put("objective", "GOODPUT").put("chosenRank", 2);
        plans.putObject("workload").put("preset", "chat").put("ratePerS", 3.0).put("requests", 500);
        plans.putObject("slo").put("ttftMs", 500.0).put("tpotMs", 50.0).put("attainment", 0.9);
        ArrayNode ranked = plans.putArray("ranked");
        ranked.addObject().put("rank", 1).put("label", "4x H100-SXM TP2 fp8 vllm").put("gpus", 8).put("replicas", 4)
                .put("costPerHourUsd", 31.5).put("goodputPerS", 3.4).put("sloAttainment", 0.97).put("simulated", true);
        ranked.addObject().put("rank", 2).put("label", "1x A100-80GB-SXM TP8 bf16 sarathi").put("gpus", 8)
                .put("replicas", 1).put("costPerHourUsd", 29.25).put("goodputPerS", 3.1).put("ttftP90Ms", 312.0)
                .put("sloAttainment", 0.93).put("simulated", true);
        return plans;
    }

    private static ObjectNode simulationResult() {
        ObjectNode sim = JSON.createObjectNode().put("model", "Llama-3.1-70B").put("replica", "H100-SXM TP4 bf16 vllm")
                .put("gpuType", "H100-SXM").put("replicas", 2).put("gpus", 8);
        sim.putObject("workload").put("name", "chat").put("ratePerS", 3.0).put("requests", 500);
        sim.putObject("slo").put("ttftMs", 500.0).put("tpotMs", 50.0).put("attainment", 0.9);
        sim.putObject("metrics").put("ttftP99Ms", 411.5).put("sloAttainment", 0.955).put("goodputPerS", 2.87);
        return sim;
    }

    private static ArrayNode executions() {
        ArrayNode runs = JSON.createArrayNode();
        ObjectNode run = runs.addObject().put("profileId", 7).put("traceId", 3).put("name", "exec").put("model",
                "Llama-3.1-70B").put("device", "cpu").put("calibration", "CPU calibration v1");
        run.putArray("rows").addObject().put("metric", "total").put("predictedMs", 110.0).put("measuredMs", 100.0);
        return runs;
    }

    private Study storedStudy(Database db, StudyDocument doc) {
        return new StudyRepository(db, Clock.systemUTC()).create(doc.name(), StudyJson.toJson(doc));
    }

    @Test
    void everySavedResultOfTheStudyReachesThePdfCsvAndPng() throws Exception {
        Catalog catalog = Catalog.builtIn();
        Database db = Database.open(dir.resolve("r.db"));
        ReportInput fixture = ReportFixtures.melangeExample(List.of());
        List<WhatIfRow> whatIf = List.of(
                new WhatIfRow("Base", 3.0, 50, 149.68, Double.NaN, 24, 17.1, "2 x H100", "", ""),
                new WhatIfRow("traffic +50%", 4.5, 50, 210.0, 40.3, 32, 12.0, "3 x H100", "", ""));
        StudyDocument doc = DemoStudy.create(catalog)
                .withResult(FleetResultJson.KEY, fleetResult(fixture))
                .withResult(PlansResultJson.KEY, plansResult())
                .withResult(SimulationResultJson.KEY, simulationResult())
                .withResult(WhatIfJson.ROWS_KEY, WhatIfJson.rows(whatIf))
                .withResult(ExecutionResultJson.KEY, executions());
        Study study = storedStudy(db, doc);
        TraceStore traces = new TraceStore(db);
        try (TraceWriter w = traces.beginTrace("Demo study replay", study.id(), "test", ProgressListener.NONE)) {
            long process = w.process("replica 0", 1);
            long gpu = w.track(process, TrackKind.THREAD, "GPU 0", 1);
            for (int i = 0; i < 50; i++) {
                w.slice(gpu, i * 1_000_000L, 600_000L, i % 2 == 0 ? "prefill" : "decode", "op", null);
            }
            w.commit();
        }
        StudyReports reports = new StudyReports(new StudyRepository(db, Clock.systemUTC()),
                new FleetAllocationRepository(db, Clock.systemUTC()), traces, () -> catalog, CalibrationSet::builtIn,
                io.fleetwise.planner.service.FleetAllocationService.withDefaults(() -> catalog), io.fleetwise.planner.plan.PlanStore.NONE,
                StudyReportBuilder.Options.quick(), "test", Clock.systemUTC());

        ReportInput input = reports.prepare(DemoStudy.NAME, ProgressListener.NONE);

        assertThat(input.allocationOrigin()).startsWith("Saved allocation 'Fleet area result'");
        assertThat(input.comparison().mix().costPerHourUsd()).isEqualTo(fixture.comparison().mix().costPerHourUsd());
        assertThat(input.planMetrics()).first().extracting(ReportInput.PlanMetric::value)
                .isEqualTo("#2 1x A100-80GB-SXM TP8 bf16 sarathi");
        assertThat(input.saved().simulation()).isPresent();
        assertThat(input.saved().whatIf()).hasSize(2);
        assertThat(input.predictedVsMeasured()).singleElement()
                .satisfies(r -> assertThat(r.errorPercent()).isEqualTo(10.0, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(input.timelineSnapshot()).isPresent();
        java.awt.image.BufferedImage image = input.timelineSnapshot().get();
        // drawn by the Timeline area's routine: the process header, then the GPU's row; slice 10 (10.0-10.6 ms of the
        // 49.6 ms trace) is coloured, the gap after it (10.6-11 ms) stays background
        int laneY = (int) ((TimelineSnapshot.AXIS_HEIGHT + io.fleetwise.datastore.trace.model.TrackLayout.HEADER_HEIGHT
                + io.fleetwise.datastore.trace.model.TrackLayout.ROW_HEIGHT / 2) * TimelineSnapshot.SCALE);
        double pxPerMs = (double) image.getWidth() / 49.6;
        assertThat(image.getRGB((int) (10.3 * pxPerMs), laneY) & 0xFFFFFF).isNotEqualTo(0xFFFFFF);
        assertThat(image.getRGB((int) (10.8 * pxPerMs), laneY) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(input.saved().timelineCaption()).contains("Demo study replay", "the newest trace of this study");

        // under target/ so the PDF can be rendered with pdftoppm and looked at
        Path pdf = ReportExporter.pdf(input, EnumSet.allOf(ReportSection.class),
                Path.of("target", "report-look", "all-results.pdf"), null);
        String text = pdfText(pdf).replaceAll("\\s+", " "); // cells wrap inside words' columns
        assertThat(text).contains("Chosen plan: #2 1x A100-80GB-SXM TP8 bf16 sarathi", "Ranked plans",
                "Last simulation run", "TTFT p99 (ms)", "411.5", "traffic +50%", "40.3", "profile 7 on cpu", "10.0",
                "Demo study replay", "Chosen parallel plan", "Offered request rate (req/s)",
                "Completed requests per second is counted over the whole run");
        assertThat(text).as("the title page says how the plan's goodput and the fleet's capacity judge the SLO")
                .containsPattern("goodput [0-9.]+ req/s \\(the most it serves with \\d+ % of the whole request mix "
                        + "within the SLO; the cheapest fleet above holds every length bucket to the SLO on its own");
        assertThat(text).as("stored field names are for the CSV; the PDF prints what people call them")
                .doesNotContain("ttftP99Ms", "costPerMillionOutputTokensUsd", "requestThroughputPerS", "usd_per_hour");
        for (ReportSection s : ReportSection.values()) {
            if (s != ReportSection.PROCUREMENT) { // the fixture has no price book: nothing to print there
                assertThat(text).contains(s.title());
            }
        }
        assertThat(text).contains("Left out, because the study has no saved results for them yet: "
                + ReportSection.PROCUREMENT.title().toLowerCase(java.util.Locale.ROOT) + ".");
        assertThat(text).doesNotContain(PdfReportWriter.NO_PLAN, PdfReportWriter.NO_TRACE, PdfReportWriter.NO_RUNS);

        List<String> csv = ReportExporter.csv(input, dir.resolve("csv")).stream().map(p -> p.getFileName().toString())
                .toList();
        assertThat(csv).contains("plan.csv", "plans.csv", "simulation_metrics.csv", "what_if.csv",
                "predicted_vs_measured.csv");
        assertThat(Files.readString(dir.resolve("csv/plans.csv"))).contains("2,chosen,1x A100-80GB-SXM TP8 bf16 sarathi")
                .contains("slo_attainment_percent,source,pareto");
        // whether a plan's figures were simulated or are the closed-form bound is on every row
        assertThat(Files.readAllLines(dir.resolve("csv/plans.csv")).stream().skip(1))
                .isNotEmpty().allSatisfy(line -> assertThat(line).contains(",simulated,"));
        assertThat(ReportExporter.png(input, dir.resolve("png")).stream().map(p -> p.getFileName().toString()))
                .contains("what_if_cost.png");
    }

    @Test
    void sectionsWithoutResultsAreLeftOutAndTheTitlePageSaysWhich() throws Exception {
        Path pdf = dir.resolve("default.pdf");
        PdfReportWriter.write(ReportFixtures.melangeExample(List.of()), EnumSet.allOf(ReportSection.class), pdf, null);

        String text = pdfText(pdf).replaceAll("\\s+", " ");

        for (String none : List.of(PdfReportWriter.NO_PLAN, PdfReportWriter.NO_SIMULATION, PdfReportWriter.NO_WHAT_IF,
                PdfReportWriter.NO_RUNS, PdfReportWriter.NO_TRACE)) {
            assertThat(text).doesNotContain(none);
        }
        assertThat(text).contains("Left out, because the study has no saved results for them yet: "
                + ReportSection.PROCUREMENT.title().toLowerCase(java.util.Locale.ROOT) + "; parallel plan and "
                + "simulation; what-if variants and sweep; predicted vs measured; timeline snapshot");
        assertThat(text).contains(ReportSection.ALLOCATION.title(), ReportSection.ASSUMPTIONS.title());
    }

    @Test
    void sectionsAskedForWithoutResultsSayWhichAreaMakesThem() throws Exception {
        Path pdf = dir.resolve("empty.pdf");
        PdfReportWriter.write(ReportFixtures.melangeExample(List.of()), EnumSet.allOf(ReportSection.class), true, pdf,
                null);

        String text = pdfText(pdf).replaceAll("\\s+", " ");

        for (String none : List.of(PdfReportWriter.NO_PLAN, PdfReportWriter.NO_SIMULATION, PdfReportWriter.NO_WHAT_IF,
                PdfReportWriter.NO_RUNS, PdfReportWriter.NO_TRACE)) {
            assertThat(text).contains(none);
        }
        assertThat(text).doesNotContain("Left out");
    }

    @Test
    void aFleetResultWithoutItsStoredProblemIsComputedAgainAndTheReportSaysWhy() throws Exception {
        ReportInput fixture = ReportFixtures.melangeExample(List.of());
        Study study = new Study(1, "s", java.time.Instant.EPOCH, java.time.Instant.EPOCH, StudyJson.toJson(
                StudyDocument.empty("s").withResult(FleetResultJson.KEY,
                        AllocationJson.report(fixture.problem(), fixture.comparison()))));
        List<String> notes = new java.util.ArrayList<>();

        assertThat(StudyResults.fleetAllocation(study, StudyResults.resultsOf(study), notes)).isEmpty();
        assertThat(notes).singleElement().asString().contains("results.fleet", "press Save in the Fleet area");
    }
}
