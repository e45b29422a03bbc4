package io.fleetwise.app.cli;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.app.Version;
import io.fleetwise.datastore.fleet.FleetAllocationRepository;
import io.fleetwise.reports.ReportExporter;
import io.fleetwise.reports.ReportInput;
import io.fleetwise.reports.ReportSection;
import io.fleetwise.reports.StudyReportBuilder;
import io.fleetwise.reports.StudyReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code fleetwise report --study NAME --pdf out.pdf [--csv DIR] [--png DIR]}. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A study report: PDF (title page, cluster and workload, fleet allocation with its cost "
                + "comparison, plan, predicted vs measured, timeline, assumptions and catalog sources), its results "
                + "tables as CSV and its charts as PNG.",
                "Without a saved allocation the allocator runs on simulated throughputs (small capacity searches)."})
final class ReportCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--study", paramLabel = "NAME", required = true, description = "Study name.")
    private String study;

    @Option(names = "--pdf", paramLabel = "FILE", description = "Write the PDF report here.")
    private Path pdf;

    @Option(names = "--csv", paramLabel = "DIR", description = "Write every results table as CSV into this folder.")
    private Path csvDir;

    @Option(names = "--png", paramLabel = "DIR", description = "Write every chart as PNG into this folder.")
    private Path pngDir;

    @Option(names = "--include-empty-sections", description = "Also print the sections the study has no saved "
            + "results for (by default they are left out and the title page names them).")
    boolean includeEmptySections;

    @Option(names = "--band", description = "When the report computes the cheapest fleet itself (the study has no "
            + "saved one), also solve it at both ends of the model's error band and say on the title page whether the "
            + "mix changes and how far the cost moves (two more capacity tables, as the Fleet area's 'How sure').")
    private boolean band;

    @Option(names = "--search-requests", paramLabel = "N", defaultValue = "800",
            description = "Requests per capacity-search simulation when throughputs are simulated "
                    + "(default ${DEFAULT-VALUE}).")
    private int searchRequests;

    @picocli.CommandLine.Mixin
    private CalibrationOption calibration;

    ReportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        // Simulated throughputs in the report use the stored calibrations of their GPU types, as every planner command does.
        return report(calibration.resolve(context, null));
    }

    private Integer report(CalibrationSet calibrations) throws IOException {
        if (pdf == null && csvDir == null && pngDir == null) {
            throw new IllegalArgumentException("Say what to write: --pdf FILE, --csv DIR and/or --png DIR.");
        }
        var services = context.services();
        StudyReportBuilder.Options quick = StudyReportBuilder.Options.quick();
        StudyReports reports = new StudyReports(services.studies(),
                new FleetAllocationRepository(services.database(), services.clock()),
                new io.fleetwise.datastore.trace.TraceStore(services.database()), services.catalogStore()::current, () -> calibrations,
                services.fleetAllocations(), services.planStore(),
                new StudyReportBuilder.Options(searchRequests, quick.sweepPoints(), band),
                Version.current(), services.clock())
                .withPrices(doc -> services.catalogStore().resolver(io.fleetwise.planner.pricing.StudyPricing.choice(doc)));
        reports.find(study);
        ReportInput input = reports.prepare(study, new StderrProgress(context.err(), "report"));
        PrintWriter out = context.out();
        if (pdf != null) {
            ReportExporter.pdf(input, EnumSet.allOf(ReportSection.class), includeEmptySections, pdf, null);
            out.println("PDF: " + pdf.toAbsolutePath());
        }
        if (csvDir != null) {
            List<Path> files = ReportExporter.csv(input, csvDir);
            out.println("CSV: " + files.size() + " files in " + csvDir.toAbsolutePath());
        }
        if (pngDir != null) {
            List<Path> files = ReportExporter.png(input, pngDir);
            out.println("PNG: " + files.size() + " charts in " + pngDir.toAbsolutePath());
        }
        out.println("calibration: " + calibrations.describe());
        if (input.comparison().mix().hasPlan()) {
            out.printf(Locale.ROOT, "Fleet: %.2f $/h for %d GPUs%n", input.comparison().mix().costPerHourUsd(),
                    input.comparison().mix().totalGpus());
        }
        out.flush();
        return 0;
    }
}
