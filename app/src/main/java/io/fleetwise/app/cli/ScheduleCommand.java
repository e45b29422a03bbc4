package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.datastore.study.StudyStore;
import io.fleetwise.planner.alloc.schedule.FleetSchedule;
import io.fleetwise.planner.alloc.schedule.FleetScheduling;
import io.fleetwise.planner.alloc.schedule.LoadProfile;
import io.fleetwise.planner.alloc.schedule.PeriodPlan;
import io.fleetwise.planner.alloc.schedule.ScheduleAllocator;
import io.fleetwise.planner.alloc.schedule.ScheduleJson;
import io.fleetwise.planner.alloc.schedule.ScheduleOptions;
import io.fleetwise.planner.alloc.schedule.ScheduleSummary;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.pricing.StudyPricing;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.uncertainty.ModelErrorBand;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.workload.TraceReaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code fleetwise schedule ...}: a reserved baseline plus on-demand or spot peaks for a day (or week) of load. */
@Command(name = "schedule", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"What to buy for a day of load: a baseline reserved (or owned) for the whole term plus on-demand or "
                + "spot GPUs per hour, in one MILP over hours x workload buckets x replica configs, against a fleet that "
                + "never changes and so is sized for the peak.",
                "Prices come from the price book (`catalog price-defaults`); every capacity carries the model's error "
                        + "band and the schedule is solved at both ends too."},
        footer = {"", "Examples:", "  fleetwise schedule --study \"Demo study\" --save",
                "  fleetwise schedule --model Llama-3.1-8B --gpus H100-SXM,L40S --rate 20 --diurnal-amplitude 0.6 --spot"})
final class ScheduleCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private OutputOptions output;
    @Option(names = "--study", paramLabel = "NAME", description = "Take model, GPU types, workload day, SLO and price "
            + "choice from this study.")
    private String study;
    @Option(names = "--save", description = "With --study: keep the schedule in the study (the report shows it).")
    private boolean save;
    @Option(names = "--model", paramLabel = "NAME", description = "Without --study: the catalog model.")
    private String model;
    @Option(names = "--gpus", paramLabel = "GPU[,GPU...]", split = ",",
            description = "Without --study: GPU types; each gets its smallest replica that holds the model.")
    private List<String> gpus;
    @Option(names = "--rate", paramLabel = "REQ_PER_S", description = "Without --study: mean request rate.")
    private Double rate;
    @Option(names = "--diurnal-amplitude", paramLabel = "A", defaultValue = "0.6",
            description = "Without --study: the day's swing, rate x (1 + A sin(...)) peaking at 14:00 "
                    + "(default ${DEFAULT-VALUE}; 0 = flat).")
    private double amplitude;
    @Option(names = "--trace", paramLabel = "FILE", description = "Without --study: count the load per hour from a trace.")
    private Path trace;
    @Option(names = "--lengths", paramLabel = "PRESET", defaultValue = "chat",
            description = "Without --study or --trace: request length preset (default ${DEFAULT-VALUE}).")
    private String lengths;
    @Option(names = "--ttft-ms", defaultValue = "2000", description = "Without --study: TTFT target (default ${DEFAULT-VALUE}).")
    private double ttftMs;
    @Option(names = "--tpot-ms", defaultValue = "100", description = "Without --study: TPOT target (default ${DEFAULT-VALUE}).")
    private double tpotMs;
    @Option(names = "--attainment", defaultValue = "0.9", description = "Without --study: share of requests meeting the SLO.")
    private double attainment;
    @Option(names = "--baseline", paramLabel = "KIND", defaultValue = "reserved_1y",
            description = "reserved_1y (default), reserved_3y, owned or none.")
    private String baseline;
    @Option(names = "--no-on-demand", description = "Do not buy peaks on demand.")
    private boolean noOnDemand;
    @Option(names = "--spot", description = "Also buy peaks as spot, at the expected price (interruptions fall back to "
            + "on-demand).")
    private boolean spot;
    @Option(names = "--spot-max-share", paramLabel = "SHARE", defaultValue = "1",
            description = "Most of an hour's GPUs that may be spot (default ${DEFAULT-VALUE}).")
    private double spotMaxShare;
    @Option(names = "--headroom", paramLabel = "FRACTION", defaultValue = "0", description = "Plan for this much more traffic.")
    private double headroom;
    @Option(names = "--caps", paramLabel = "GPU=N[,GPU=N...]", split = ",", description = "Most GPUs of a type at once.")
    private Map<String, Integer> caps;
    @Option(names = "--providers", paramLabel = "NAME[,NAME...]", split = ",",
            description = "Price only from these providers (default: the study's choice, else every provider).")
    private Set<String> providers;
    @Option(names = "--no-band", description = "Skip the model's error band (a third of the capacity searches).")
    private boolean noBand;
    @Option(names = "--search-requests", paramLabel = "N", defaultValue = "800",
            description = "Requests per capacity-search simulation (default ${DEFAULT-VALUE}).")
    private int searchRequests;
    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "30",
            description = "Solver time for each schedule (default ${DEFAULT-VALUE}); the answer says if optimality was proven.")
    private double timeLimit;
    @Mixin
    private CalibrationOption calibration;
    @Spec
    private CommandSpec spec;

    /** Options that describe the day without a study; a study brings its own model, GPU types, load and SLO. */
    private static final List<String> STANDALONE_ONLY = List.of("--model", "--gpus", "--rate", "--diurnal-amplitude",
            "--trace", "--lengths", "--ttft-ms", "--tpot-ms", "--attainment");

    ScheduleCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        CalibrationSet calibrations = calibration.resolve(context, null);
        Catalog catalog = context.services().catalogStore().current();
        if (study != null) {
            List<String> ignored = STANDALONE_ONLY.stream()
                    .filter(name -> spec.commandLine().getParseResult().hasMatchedOption(name)).toList();
            if (!ignored.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", ignored) + (ignored.size() == 1 ? " applies" : " apply")
                        + " only without --study: the study's own model, GPU types, workload day and SLO are used."
                        + " Change them in the study, or leave out --study.");
            }
        }
        StudyStore.StoredStudy stored = study == null ? null : context.services().studyStore().open(study);
        if (save && stored == null) {
            throw new IllegalArgumentException("--save needs --study: the schedule is kept in a study");
        }
        PriceChoice choice = providers != null && !providers.isEmpty() ? PriceChoice.providers(providers)
                : stored != null ? StudyPricing.choice(stored.document()) : PriceChoice.all();
        PriceResolver prices = context.services().catalogStore().resolver(choice);
        FleetScheduling.Request request = stored != null
                ? FleetScheduling.fromStudy(stored.document(), catalog, prices, calibrations)
                : standalone(catalog, prices, calibrations);
        PriceKind baselineKind = baseline.equalsIgnoreCase("none") ? null : PriceKind.parse(baseline);
        Map<String, Integer> allCaps = new LinkedHashMap<>(request.options().gpuCaps());
        if (caps != null) {
            allCaps.putAll(caps);
        }
        request = request.withPurchase(baselineKind, !noOnDemand, spot)
                .withOptions(new ScheduleOptions(headroom, allCaps, spotMaxShare))
                .withBand(noBand ? ModelErrorBand.none() : ModelErrorBand.validated())
                .withSearchRequests(searchRequests);
        FleetScheduling scheduling = new FleetScheduling(new ScheduleAllocator(
                ScheduleAllocator.defaultOptions().withTimeLimitSeconds(timeLimit)));
        FleetScheduling.Outcome outcome = scheduling.run(request, new StderrProgress(context.err(), "schedule"));
        ObjectNode json = ScheduleJson.write(outcome, stored == null ? ""
                : FleetScheduling.studyFingerprint(stored.document(), prices));
        if (save) {
            StudyDocument doc = stored.document().withResult(ScheduleJson.STUDY_KEY, json);
            context.services().studyStore().save(stored.id(), doc);
            context.err().println("Saved the schedule in study '" + stored.document().name() + "'.");
            context.err().flush();
        }
        if (output.format() == OutputFormat.JSON) {
            JsonOutput.print(context.out(), json);
        } else {
            print(outcome, output.format());
        }
        return outcome.schedule().hasPlan() ? 0 : Cli.EXIT_ERROR;
    }

    private FleetScheduling.Request standalone(Catalog catalog, PriceResolver prices, CalibrationSet calibrations)
            throws IOException {
        if (model == null || gpus == null || gpus.isEmpty() || (rate == null && trace == null)) {
            throw new IllegalArgumentException("Give --study NAME, or --model, --gpus and --rate (or --trace)");
        }
        ModelSpec m = catalog.model(model);
        List<GpuType> types = new ArrayList<>();
        for (String g : gpus) {
            types.add(catalog.gpu(g.trim()));
        }
        FleetScheduling.Day day;
        if (trace != null) {
            day = FleetScheduling.Day.of(TraceReaders.read(trace, 0, TraceReaders.ALL));
        } else {
            if (!(amplitude >= 0 && amplitude < 1)) {
                throw new IllegalArgumentException("--diurnal-amplitude must be in [0, 1), was " + amplitude);
            }
            double[] hourly = new double[24];
            for (int h = 0; h < 24; h++) {
                hourly[h] = rate * (1 + amplitude * Math.sin(2 * Math.PI * (h - 8) / 24.0));
            }
            day = FleetScheduling.Day.of(LengthPresets.preset(lengths), LoadProfile.hourly(hourly, String.format(
                    Locale.ROOT, "%s req/s mean, +-%.0f %% over the day", rate, 100 * amplitude)));
        }
        return new FleetScheduling.Request(m, FleetScheduling.replicasFor(m, types), day.buckets(), day.load(),
                Slo.of(ttftMs, tpotMs, attainment), prices, PriceKind.RESERVED_1Y, true, false, ScheduleOptions.defaults(),
                ModelErrorBand.validated(), calibrations, FleetScheduling.DEFAULT_SEARCH_REQUESTS,
                FleetScheduling.leftOutTypes(m, types));
    }

    private void print(FleetScheduling.Outcome o, OutputFormat format) {
        PrintWriter out = context.out();
        FleetSchedule s = o.schedule();
        Set<String> types = new TreeSet<>(o.prices().keySet());
        List<String> headers = new ArrayList<>(List.of("period", "rate_per_s"));
        for (String t : types) {
            headers.add(t + "_in_use");
            headers.add(t + "_on_demand");
            headers.add(t + "_spot");
        }
        headers.add("flexible_cost_usd");
        CliTable table = new CliTable(headers.toArray(new String[0]));
        for (PeriodPlan p : s.periods()) {
            List<Object> row = new ArrayList<>(List.of(p.period().label(), p.period().ratePerSecond()));
            Map<String, Integer> inUse = s.gpusInUse(p);
            for (String t : types) {
                row.add(inUse.getOrDefault(t, 0));
                row.add(p.onDemandGpus().getOrDefault(t, 0));
                row.add(p.spotGpus().getOrDefault(t, 0));
            }
            row.add(p.flexibleCostUsd());
            table.row(row.toArray());
        }
        table.print(out, format, null);
        if (format == OutputFormat.CSV) {
            return;
        }
        out.println();
        if (!s.hasPlan()) {
            out.println("No schedule: " + s.message());
        } else {
            out.println("Schedule: " + ScheduleSummary.describe(s));
            out.printf(Locale.ROOT, "Cost: %.2f USD over %.0f h (%.2f USD/h on average); %s%s%n", s.totalCostUsd(),
                    o.request().load().totalHours(), s.averageCostPerHourUsd(), s.status() == io.fleetwise.planner.alloc.SolveStatus.OPTIMAL
                            ? "proven optimal" : String.format(Locale.ROOT, "best found, within %.2g %% of optimal",
                            100 * s.relativeGap()), s.message().isEmpty() ? "" : " (" + s.message() + ")");
            FleetSchedule constant = o.comparison().constantFleet();
            out.printf(Locale.ROOT, "Against a constant fleet sized for the peak (%s): %.2f USD, %.1f %% saved%n",
                    ScheduleSummary.describe(constant), constant.totalCostUsd(), o.comparison().savingPercent());
            out.println(o.band().describe());
        }
        out.println("Load: " + o.request().load().source());
        out.println("Priced from price book " + o.request().prices().book().fingerprint() + " ("
                + o.request().prices().choice().describe() + "):");
        o.prices().values().forEach(g -> g.all().forEach(p -> out.println("  " + p.describe())));
        o.notes().forEach(n -> out.println("Note: " + n));
        out.println("Calibration: " + o.request().calibration().describe(FleetScheduling.gpuTypesOf(o.request()))
                + "; engine " + o.request().calibration().engine().describe() + "; inputs " + o.fingerprint());
        out.flush();
    }
}
