package io.fleetwise.app.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.app.AppServices;
import io.fleetwise.app.cli.Cli;
import io.fleetwise.app.cli.CliContext;
import io.fleetwise.datastore.study.StudyStore;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfVariant;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.reports.ReportExporter;
import io.fleetwise.reports.ReportInput;
import io.fleetwise.reports.ReportSection;
import io.fleetwise.views.fleet.FleetViewModel;
import io.fleetwise.views.study.Autosave;
import io.fleetwise.views.study.CurrentStudy;
import io.fleetwise.views.whatif.WhatIfViewModel;
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
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14's scenario: the demo study with its workload at 16 req/s and TPOT 40 ms, asked "which GPUs, how many" in
 * the Fleet area, as the What-if's base row, with {@code fleetwise allocate --study} and in the report's title page.
 * All four build the study's request through {@code FleetAllocationService.requestFor} with one set of defaults, so
 * they must give the same $/h and GPU count; the test fails when any of them builds its own request (other replica
 * sizes, bucket grid, capacity search, prices or calibration).
 */
class OneAnswerPerStudyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void theFleetAreaTheWhatIfBaseRowAllocateAndTheReportGiveTheSameFleet() throws Exception {
        Path db = dir.resolve("f.db");
        AppServices services = AppServices.open(db, CLOCK);
        StudyStore.StoredStudy demo = services.studyStore().open("Demo study");
        StudyDocument scenario = demo.document()
                .withWorkload(demo.document().workload().withRatePerS(16))
                .withSlo(new Slo(demo.document().slo().ttftMs(), 40, demo.document().slo().e2eMs(),
                        demo.document().slo().attainment()));
        services.studyStore().save(demo.id(), scenario);
        CurrentStudy study = new CurrentStudy(new Autosave() {
            @Override
            public void schedule(long studyId, StudyDocument document) {
            }

            @Override
            public void flush() {
            }
        }, services.catalogStore()::current);
        study.load(demo.id(), scenario);
        CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();

        FleetViewModel fleet = WorkbenchAreas.fleetViewModel(services, study, services.calibrations()::current,
                executor, Runnable::run);
        fleet.solve();
        assertThat(fleet.outcomeProperty().get()).as(fleet.statusProperty().get()).isNotNull();
        double fleetCost = fleet.costPerHourUsdProperty().get();
        int fleetGpus = (int) fleet.totalGpusProperty().get();
        assertThat(fleetCost).isPositive();

        WhatIfViewModel whatIf = new WhatIfViewModel(study, services.calibrations()::current, executor,
                services.whatIf(), Runnable::run);
        whatIf.variants().setAll(WhatIfVariant.base());
        whatIf.run();
        WhatIfRow base = whatIf.rows().get(0);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.commandLine(new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(),
                dir.resolve("home"), CLOCK, (s, d) -> 0)).execute("--db", db.toString(), "allocate", "--study",
                "Demo study", "--no-validate", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode cli = new ObjectMapper().readTree(out.toString());

        ReportInput report = WorkbenchAreas.studyReports(services, services.calibrations()::current)
                .prepare("Demo study", ProgressListener.NONE);
        AllocationResult reported = report.comparison().mix();
        Path pdf = ReportExporter.pdf(report, EnumSet.allOf(ReportSection.class), dir.resolve("report.pdf"), null);
        String pdfText;
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            pdfText = new PDFTextStripper().getText(doc);
        }

        String answers = String.format(Locale.ROOT, "Fleet %.2f $/h %d GPUs; what-if %.2f/%d; allocate %.2f/%d; report %.2f/%d",
                fleetCost, fleetGpus, base.costPerHourUsd(), base.gpus(), cli.get("cost_usd_per_hour").asDouble(),
                cli.get("total_gpus").asInt(), reported.costPerHourUsd(), reported.totalGpus());
        assertThat(base.costPerHourUsd()).as(answers).isEqualTo(fleetCost);
        assertThat(base.gpus()).as(answers).isEqualTo(fleetGpus);
        assertThat(cli.get("cost_usd_per_hour").asDouble()).as(answers).isEqualTo(fleetCost);
        assertThat(cli.get("total_gpus").asInt()).as(answers).isEqualTo(fleetGpus);
        assertThat(reported.costPerHourUsd()).as(answers).isEqualTo(fleetCost);
        assertThat(reported.totalGpus()).as(answers).isEqualTo(fleetGpus);
        assertThat(pdfText.replaceAll("\\s+", " ")).as("the report's title page")
                .contains(String.format(Locale.ROOT, "%.2f $/h for %d GPUs", fleetCost, fleetGpus));
    }
}
