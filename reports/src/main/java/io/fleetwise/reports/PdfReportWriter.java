package io.fleetwise.reports;

import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.glossary.MetricGlossary;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.progress.ProgressListener;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.EnumSet;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.CancellationException;

/** Lays a {@link ReportInput} out as a PDF: title page, then the chosen sections in {@link ReportSection} order. */
public final class PdfReportWriter {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private PdfReportWriter() {
    }

    /** The chosen sections that have something to show (ReportContent); empty ones are left out. */
    public static void write(ReportInput input, Set<ReportSection> sections, Path pdf, ProgressListener listener)
            throws IOException {
        write(input, sections, false, pdf, listener);
    }

    /**
     * @param includeEmpty also write chosen sections without content, each saying which area makes the result
     */
    public static void write(ReportInput input, Set<ReportSection> sections, boolean includeEmpty, Path pdf,
                             ProgressListener listener) throws IOException {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        Path parent = pdf.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Set<ReportSection> asked = sections.isEmpty() ? EnumSet.noneOf(ReportSection.class) : EnumSet.copyOf(sections);
        Set<ReportSection> chosen = ReportContent.written(asked, includeEmpty, input);
        Set<ReportSection> leftOut = ReportContent.leftOut(asked, includeEmpty, input);
        try (PDDocument document = new PDDocument()) {
            info(document, input);
            try (PdfLayout layout = new PdfLayout(document)) {
                titlePage(layout, input, chosen, leftOut);
                int done = 0;
                for (ReportSection section : chosen) {
                    if (progress.isCancelled()) {
                        throw new CancellationException("Report cancelled");
                    }
                    progress.progress((double) done++ / chosen.size(), "Writing " + section.title());
                    if (startsOnNewPage(section, input)) {
                        layout.newPage();
                    } else {
                        layout.keepTogether(section == ReportSection.TIMELINE && input.timelineSnapshot().isPresent()
                                ? 80 + layout.contentWidth() * input.timelineSnapshot().get().getHeight()
                                / input.timelineSnapshot().get().getWidth() : 120);
                    }
                    layout.heading(done + ". " + section.title());
                    switch (section) {
                        case SUMMARY:
                            summary(layout, input);
                            break;
                        case ALLOCATION:
                            allocation(layout, input);
                            break;
                        case PROCUREMENT:
                            procurement(layout, input);
                            break;
                        case PLAN:
                            plan(layout, input, includeEmpty);
                            break;
                        case WHAT_IF:
                            whatIf(layout, input);
                            break;
                        case PREDICTED_VS_MEASURED:
                            predictedVsMeasured(layout, input);
                            break;
                        case TIMELINE:
                            timeline(layout, input);
                            break;
                        case ASSUMPTIONS:
                            assumptions(layout, input);
                            break;
                        default:
                            throw new IllegalStateException("Unhandled section " + section);
                    }
                }
                layout.footers("Fleetwise report: " + input.studyName() + ", " + DATE.format(input.generatedAt()));
            }
            Path tmp = pdf.resolveSibling(pdf.getFileName() + ".part");
            document.save(tmp.toFile());
            Files.move(tmp, pdf, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        progress.progress(1.0, "PDF written");
    }

    /** Sections with nothing to show yet share a page instead of leaving near-empty ones. */
    private static boolean startsOnNewPage(ReportSection section, ReportInput input) {
        switch (section) {
            case PLAN:
                return !input.planMetrics().isEmpty() || input.saved().simulation().isPresent();
            case WHAT_IF:
                return !input.saved().whatIf().isEmpty() || input.saved().whatIfSweep().isPresent();
            case PREDICTED_VS_MEASURED:
                return input.predictedVsMeasured().size() > 20;
            case TIMELINE:
                return false;
            default:
                return true;
        }
    }

    private static void info(PDDocument document, ReportInput input) {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle("Fleetwise report: " + input.studyName());
        info.setCreator("Fleetwise " + input.fleetwiseVersion());
        Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
        created.setTimeInMillis(input.generatedAt().toEpochMilli());
        info.setCreationDate(created);
    }

    private static void titlePage(PdfLayout layout, ReportInput input, Set<ReportSection> sections,
                                  Set<ReportSection> leftOut) {
        layout.newPage();
        layout.space(140);
        layout.muted("FLEETWISE STUDY REPORT");
        layout.title(input.studyName(), 26);
        if (!input.studyDescription().isEmpty()) {
            layout.paragraph(input.studyDescription());
        }
        AllocationResult headline = input.comparison().mix();
        if (headline.hasPlan() && ReportCharts.comparisonSaysSomething(input)) {
            layout.space(6);
            layout.title(headline(headline, input.comparison().savingPercent()), 15);
        }
        layout.space(20);
        AllocationResult mix = input.comparison().mix();
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[]{"Generated", DATE.format(input.generatedAt())});
        facts.add(new String[]{"Fleetwise version", input.fleetwiseVersion()});
        facts.add(new String[]{"Model", input.model().name()});
        facts.add(new String[]{"Workload", String.format(Locale.ROOT, "%.2f req/s; %s", input.totalRatePerSecond(),
                input.workloadDescription())});
        if (mix.hasPlan()) {
            facts.add(new String[]{"Cheapest fleet", String.format(Locale.ROOT, "%.2f $/h for %d GPUs (%s)",
                    mix.costPerHourUsd(), mix.totalGpus(), gpuSummary(mix))});
            input.comparison().bestSingleType().ifPresent(best -> facts.add(new String[]{"Saving",
                    String.format(Locale.ROOT, "%.1f %% against the best single type (%s, %.2f $/h)",
                            input.comparison().savingPercent(), BaselineComparison.candidateOf(best),
                            best.costPerHourUsd())}));
        } else {
            facts.add(new String[]{"Cheapest fleet", "no plan: " + mix.message()});
        }
        input.saved().procurement().ifPresent(p -> facts.addAll(p.titleFacts()));
        // the two answers judge the SLO differently; without saying so a reader compares 18 GPUs with 16 at 2.5x the rate
        input.saved().plans().flatMap(p -> p.chosen()).ifPresent(p -> facts.add(new String[]{"Chosen parallel plan",
                String.format(Locale.ROOT, "#%d %s: %d GPUs, %s $/h, goodput %s req/s (the most it serves with %.0f %% "
                                + "of the whole request mix within the SLO; the cheapest fleet above holds every length "
                                + "bucket to the SLO on its own, a stricter test that long prompts make dearer)",
                        p.rank(), p.label(), p.gpus(), ReportTables.num(p.costPerHourUsd(), 2),
                        ReportTables.num(p.goodputPerS(), 2), 100 * input.slo().attainment())}));
        layout.facts(facts);
        layout.space(20);
        layout.subheading("Contents");
        int number = 0;
        for (ReportSection section : sections) {
            layout.bullet(++number + ". " + section.title());
        }
        if (!leftOut.isEmpty()) {
            List<String> names = new ArrayList<>();
            leftOut.forEach(s -> names.add(s.title().toLowerCase(Locale.ROOT)));
            layout.muted("Left out, because the study has no saved results for them yet: " + String.join("; ", names)
                    + ". The Reports area (\"Also sections without results\") or the command line "
                    + "(--include-empty-sections) includes them with a note on how to make each result.");
        }
    }

    private static void procurement(PdfLayout layout, ReportInput input) {
        java.util.Optional<ProcurementReport> p = input.saved().procurement();
        if (p.isEmpty()) {
            layout.paragraph("No price book was available to this report.");
            return;
        }
        ProcurementReport r = p.get();
        if (r.schedule().isPresent()) {
            com.fasterxml.jackson.databind.JsonNode s = r.schedule().get();
            layout.subheading("Schedule over the day");
            layout.paragraph(s.path("summary").asText() + ".");
            for (String[] fact : r.titleFacts()) {
                if (!fact[0].equals("Schedule")) {
                    layout.paragraph(fact[0] + ": " + fact[1] + ".");
                }
            }
            layout.muted(String.format(Locale.ROOT, "Load: %s. Solver: %s%s. Calibration: %s%s. Inputs %s.",
                    s.path("load").asText(), s.path("status").asText(), s.path("relativeGap").isNumber()
                            && s.path("relativeGap").asDouble() > 0 ? String.format(Locale.ROOT, ", within %.2g %% of optimal",
                            100 * s.path("relativeGap").asDouble()) : "", s.path("calibration").asText(),
                    s.path("engine").asText("").isEmpty() ? "" : "; engine " + s.path("engine").asText(),
                    s.path("fingerprint").asText()));
            layout.table(r.periodTable());
            layout.table(r.pricesUsedTable());
        } else {
            layout.paragraph(r.staleReason().isEmpty() ? "The study has no saved schedule; plan the day in the Fleet area "
                    + "(Schedule over a day) and save it." : r.staleReason());
        }
        layout.subheading("Owned against rented");
        layout.table(r.ownedVsRentedTable());
    }

    private static void summary(PdfLayout layout, ReportInput input) {
        layout.subheading("Model");
        ModelSpec m = input.model();
        layout.paragraph(String.format(Locale.ROOT, "%s: %d layers, hidden size %d, %d attention heads (%d KV heads), "
                        + "FFN %d, vocabulary %d%s; native weights %s.%s", m.name(), m.numLayers(), m.hiddenSize(),
                m.numAttentionHeads(), m.numKvHeads(), m.intermediateSize(), m.vocabSize(),
                m.numExperts() > 0 ? String.format(Locale.ROOT, ", %d experts (top %d)", m.numExperts(),
                        m.expertsPerToken()) : "", m.nativeWeightDtype(),
                m.source() == null || m.source().isEmpty() ? "" : " Source: " + m.source()));
        ReportTable groups = ReportTables.nodeGroups(input);
        if (!groups.isEmpty()) {
            layout.subheading(groups.title());
            layout.table(groups);
            input.cluster().ifPresent(c -> layout.paragraph(String.format(Locale.ROOT,
                    "%d GPUs, %.2f $/h, %.0f GB of GPU memory, %.0f BF16 TFLOPS, %.1f kW TDP.", c.totalGpus(),
                    c.costPerHourUsd(), c.totalMemoryGb(), c.totalBf16Tflops(), c.totalTdpW() / 1000)));
        } else {
            layout.muted("The study has no cluster layout; the allocator may use any number of GPUs of the types "
                    + "below (availability caps, when set, are listed with the allocation).");
        }
        ReportTable gpus = ReportTables.gpuTypes(input);
        layout.subheading(gpus.title());
        layout.table(gpus);
        layout.subheading("Workload");
        layout.paragraph(String.format(Locale.ROOT, "Total request rate %.2f req/s. %s", input.totalRatePerSecond(),
                input.workloadDescription()));
        ReportTable lengths = ReportTables.lengthPercentiles(input);
        if (!lengths.isEmpty()) {
            layout.table(lengths);
        }
        ReportTable slo = ReportTables.slo(input);
        layout.subheading(slo.title());
        layout.table(slo);
    }

    private static void allocation(PdfLayout layout, ReportInput input) {
        layout.muted(input.allocationOrigin());
        AllocationResult mix = input.comparison().mix();
        if (!mix.hasPlan()) {
            layout.paragraph("The allocator found no plan: " + mix.message());
            return;
        }
        // the problem's rate is below the study's when requests no candidate serves were left out (title page)
        boolean leftOut = input.problem().totalRatePerSecond() < input.totalRatePerSecond() - 0.005;
        layout.paragraph(String.format(Locale.ROOT, "The cheapest mix costs %.2f $/h for %d GPUs and serves %.2f of "
                        + "%.2f req/s%s. Solver: %s, %s, %.1f ms.", mix.costPerHourUsd(), mix.totalGpus(),
                mix.servedRatePerSecond(), mix.demandRatePerSecond(), leftOut ? String.format(Locale.ROOT,
                        " (the study's %.2f req/s less the requests left out, as the title page says)",
                        input.totalRatePerSecond()) : "",
                mix.solverName(), mix.status(), mix.solveTimeMs()));
        layout.table(ReportTables.allocation(input));
        input.comparison().bestSingleType().ifPresent(best -> layout.paragraph(String.format(Locale.ROOT,
                "Against the best single-type fleet (%s, %.2f $/h) the mix saves %.1f %%.",
                BaselineComparison.candidateOf(best), best.costPerHourUsd(), input.comparison().savingPercent())));
        if (ReportCharts.comparisonSaysSomething(input)) {
            layout.image(ReportCharts.render(ReportCharts.costComparison(input), 480, 270, 2.0),
                    layout.contentWidth() * 0.9f);
        } else {
            layout.paragraph(input.comparison().bestSingleType().map(best -> String.format(Locale.ROOT,
                    "The cheapest fleet uses one GPU type (%s): mixing types saves nothing at this workload and SLO, so "
                            + "there is no comparison chart; the table lists what each type alone would cost.",
                    BaselineComparison.candidateOf(best))).orElse("No single-type fleet can serve this workload alone; "
                    + "only a mix of types can."));
        }
        layout.table(ReportTables.baselines(input));
        ReportTables.whyNotAlone(input).forEach(layout::paragraph);
        input.validation().ifPresent(v -> layout.paragraph("Simulated check of the planned fleet: " + v.message()));
        ReportCharts.rateSweep(input).ifPresent(chart -> {
            layout.keepTogether(330);
            layout.subheading("Cost against request rate");
            layout.image(ReportCharts.render(chart, 480, 280, 2.0), layout.contentWidth() * 0.9f);
            layout.table(ReportTables.rateSweep(input));
        });
        ReportTable throughput = ReportTables.throughput(input);
        layout.keepTableWhole(throughput, 60);
        layout.subheading(throughput.title());
        layout.muted("The allocator's input: the most requests per second one replica sustains under the SLO when "
                + "it serves only that bucket (0 = cannot meet the SLO or does not fit).");
        layout.table(throughput);
        for (String note : input.allocationNotes()) {
            layout.bullet(note);
        }
    }

    /** What the report says for a section the study has no result for, naming the area that makes one. */
    /** Ranked plans listed in the PDF; the CSV has every saved one. */
    static final int RANKED_SHOWN = 10;
    static final String NO_PLAN = "No parallel plan saved: run Plans and press Save to study.";
    static final String NO_SIMULATION = "No simulation saved: run Simulate with this study open (each finished run is "
            + "stored in the study).";
    static final String NO_WHAT_IF = "No what-if comparison saved: run What-if with this study open.";
    static final String NO_RUNS = "No executor runs recorded in this study: run Execute with this study open; each run's "
            + "predicted-vs-measured comparison is stored in the study.";
    static final String NO_TRACE = "No trace attached to or named after this study: run Execute with this study open "
            + "(its trace is attached), or import a trace whose name contains the study's name.";

    private static void plan(PdfLayout layout, ReportInput input, boolean includeEmpty) {
        var saved = input.saved().plans();
        if (saved.isEmpty() && input.planMetrics().isEmpty()) {
            if (includeEmpty || input.saved().simulation().isEmpty()) {
                layout.paragraph(NO_PLAN);
            }
        } else {
            saved.ifPresent(p -> layout.muted(String.format(Locale.ROOT, "Saved search of the Plans area: %s on %s "
                            + "(%d GPUs), '%s' lengths at %s req/s (%d requests), SLO TTFT %s ms / TPOT %s ms at %s %%, "
                            + "objective %s; %d shapes, %d plans, %d simulated in %s s%s. %s", p.model(), p.cluster(),
                    p.clusterGpus(), p.preset(), ReportTables.num(p.ratePerS(), 2), p.requests(), target(p.sloTtftMs()),
                    target(p.sloTpotMs()), ReportTables.num(100 * p.sloAttainment(), 0), p.objective(), p.shapes(),
                    p.plansEnumerated(), p.simulatedPlans(), ReportTables.num(p.wallTimeS(), 1),
                    p.budgetExhausted() ? " (time budget ran out: best found so far)" : "", p.calibration())));
            if (saved.isPresent() && saved.get().chosen().isEmpty()) {
                layout.paragraph("No plan was selected when the plans were saved; the ranked list follows.");
            } else {
                layout.subheading(saved.flatMap(p -> p.chosen()).map(c -> "Chosen plan: #" + c.rank() + " " + c.label())
                        .orElse("Chosen plan"));
                layout.table(ReportTables.planMetrics(input));
            }
            ReportTable ranked = ReportTables.rankedPlans(input);
            if (!ranked.isEmpty()) {
                layout.keepTogether(120);
                layout.subheading(ranked.title());
                List<List<String>> shown = new ArrayList<>();
                for (int i = 0; i < ranked.rows().size(); i++) {
                    List<String> row = ranked.rows().get(i);
                    if (i < RANKED_SHOWN || "chosen".equals(row.get(1))) {
                        shown.add(row);
                    }
                }
                if (shown.size() < ranked.rows().size()) {
                    layout.muted("The first " + RANKED_SHOWN + " of the " + ranked.rows().size() + " saved plans (and the "
                            + "chosen one); all are in plans.csv.");
                }
                layout.table(new ReportTable(ranked.title(), ranked.fileStem(), ranked.headers(), ranked.labels(), shown));
            }
        }
        layout.keepTogether(120);
        layout.subheading("Last simulation run");
        if (input.saved().simulation().isEmpty()) {
            layout.paragraph(NO_SIMULATION);
            return;
        }
        var sim = input.saved().simulation().get();
        layout.muted(String.format(Locale.ROOT, "%s on %d x %s (%d GPUs), '%s' at %s req/s, %d requests; SLO TTFT %s ms "
                        + "/ TPOT %s ms at %s %%.", sim.model(), sim.replicas(), sim.replica(), sim.gpus(), sim.workload(),
                ReportTables.num(sim.ratePerS(), 2), sim.requests(), target(sim.sloTtftMs()), target(sim.sloTpotMs()),
                ReportTables.num(100 * sim.sloAttainmentTarget(), 0)));
        layout.table(ReportTables.simulationForPrint(input));
        layout.muted(String.format(Locale.ROOT, "Completed requests per second is counted over the whole run, from the "
                + "first arrival until the last request finishes, including the drain after arrivals stop. A plan that "
                + "keeps up with the offered %s req/s completes about that many; one that falls behind completes "
                + "fewer, and its queue and latencies grow. Goodput counts only the requests that met the SLO.",
                ReportTables.num(sim.ratePerS(), 2)));
    }

    private static void whatIf(PdfLayout layout, ReportInput input) {
        ReportTable rows = ReportTables.whatIf(input);
        if (rows.isEmpty() && input.saved().whatIfSweep().isEmpty()) {
            layout.paragraph(NO_WHAT_IF);
            return;
        }
        if (!rows.isEmpty()) {
            layout.muted("Variants of the study planned by the What-if area; deltas are against the first row, the base.");
            layout.table(rows);
            if (ReportCharts.variantsWithCost(input) >= 2) {
                layout.keepTogether(280);
                layout.image(ReportCharts.render(io.fleetwise.reports.WhatIfCharts.costPerVariant(input.saved().whatIf()),
                        480, 250, 2.0), layout.contentWidth() * 0.85f);
            }
        } else {
            layout.paragraph("No what-if variants saved; the last sweep follows.");
        }
        input.saved().whatIfSweep().ifPresent(sweep -> {
            ReportTable table = ReportTables.whatIfSweep(input);
            layout.keepTogether(300);
            layout.subheading(table.title());
            layout.image(ReportCharts.render(io.fleetwise.reports.WhatIfCharts.sweep(sweep), 480, 250, 2.0),
                    layout.contentWidth() * 0.85f);
            layout.table(table);
        });
    }

    private static void predictedVsMeasured(PdfLayout layout, ReportInput input) {
        if (input.predictedVsMeasured().isEmpty()) {
            layout.paragraph(NO_RUNS);
            return;
        }
        if (!input.saved().predictedOrigin().isEmpty()) {
            layout.muted(input.saved().predictedOrigin());
        }
        layout.table(ReportTables.predictedVsMeasured(input));
    }

    private static void timeline(PdfLayout layout, ReportInput input) {
        if (input.timelineSnapshot().isEmpty()) {
            layout.paragraph(input.saved().timelineCaption().isEmpty() ? NO_TRACE
                    : NO_TRACE + " " + input.saved().timelineCaption());
            return;
        }
        if (!input.saved().timelineCaption().isEmpty()) {
            layout.muted(input.saved().timelineCaption());
        }
        layout.image(input.timelineSnapshot().get(), layout.contentWidth());
    }

    private static String target(double ms) {
        return Double.isFinite(ms) ? ReportTables.num(ms, 0) : "none";
    }

    private static void assumptions(PdfLayout layout, ReportInput input) {
        layout.subheading("Assumptions");
        for (String assumption : input.assumptions()) {
            layout.bullet(assumption);
        }
        ReportTable sources = ReportTables.sources(input);
        layout.subheading(sources.title());
        layout.table(sources);
        ReportTable model = ReportTables.modelSource(input);
        layout.subheading(model.title());
        layout.table(model);
        List<MetricGlossary.Entry> terms = termsUsed(input);
        if (!terms.isEmpty()) {
            layout.keepTogether(120);
            layout.subheading("Terms used in this report");
            for (MetricGlossary.Entry e : terms) {
                layout.bullet(e.term() + ": " + e.definition() + (e.source().isEmpty() ? "" : " (" + e.source() + ")"));
            }
        }
    }

    /** The glossary entries (the same the window's tooltips show) for every column name the report prints. */
    static List<MetricGlossary.Entry> termsUsed(ReportInput input) {
        java.util.LinkedHashSet<MetricGlossary.Entry> terms = new java.util.LinkedHashSet<>();
        List<ReportTable> printed = new ArrayList<>(ReportTables.resultTables(input));
        printed.add(ReportTables.simulationForPrint(input));
        for (ReportTable table : printed) {
            for (String label : table.labels()) {
                terms.addAll(MetricGlossary.explain(label));
            }
            if (table.fileStem().equals("simulation_metrics")) {
                table.rows().forEach(r -> terms.addAll(MetricGlossary.explain(r.get(0))));
            }
        }
        return List.copyOf(terms);
    }

    /**
     * The title page's one sentence. A mix of replica sizes of one GPU type is not "a mix of GPU types": a manager
     * would read that as buying two kinds of hardware.
     */
    static String headline(AllocationResult mix, double savingPercent) {
        List<String> types = mix.gpusByType().entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                .toList();
        String who = types.size() >= 2 ? "A mix of " + String.join(" and ", types) + " serves it"
                : "Replicas of different sizes on " + (types.isEmpty() ? "one GPU type" : types.get(0)) + " serve it";
        return String.format(Locale.ROOT, "%s for %.2f $/h, %.1f %% less than %s", who, mix.costPerHourUsd(),
                savingPercent, types.size() >= 2 ? "the best single type" : "the best single replica size");
    }

    private static String gpuSummary(AllocationResult mix) {
        List<String> parts = new ArrayList<>();
        mix.gpusByType().forEach((type, n) -> {
            if (n > 0) {
                parts.add(n + " x " + type);
            }
        });
        return String.join(", ", parts);
    }
}
