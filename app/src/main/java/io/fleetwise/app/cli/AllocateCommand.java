package io.fleetwise.app.cli;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.datastore.fleet.FleetAllocationRepository;
import io.fleetwise.datastore.fleet.SavedAllocation;
import io.fleetwise.datastore.study.Study;
import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.Baselines;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.Formulation;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.RateSweep;
import io.fleetwise.planner.alloc.RateSweepPoint;
import io.fleetwise.planner.alloc.SolverBackend;
import io.fleetwise.planner.alloc.SolverOptions;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.WorkloadBuckets;
import io.fleetwise.planner.alloc.simulated.FleetValidation;
import io.fleetwise.planner.alloc.simulated.FleetValidator;
import io.fleetwise.planner.alloc.simulated.ReplicaCandidates;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.alloc.format.AllocationJson;
import io.fleetwise.planner.alloc.format.AllocatorInputReader;
import io.fleetwise.planner.alloc.melange.MelangeAnswer;
import io.fleetwise.planner.alloc.melange.MelangeConfigReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import io.fleetwise.planner.uncertainty.AllocationBand;
import io.fleetwise.planner.uncertainty.AllocationBandJson;
import io.fleetwise.planner.uncertainty.BandedCandidates;
import io.fleetwise.planner.uncertainty.BandedThroughputTable;
import io.fleetwise.planner.uncertainty.ModelErrorBand;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fleetwise allocate ...}: the cheapest GPU mix for a workload and SLO (Mélange, solved exactly). */
@Command(name = "allocate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cheapest GPU mix that serves a workload: Mélange's cost-aware bin packing, solved exactly "
                + "with OR-Tools.",
                "With --melange-config and --json it prints Mélange's own answer shape, e.g. "
                        + "{\"A10G\": 3, \"A100-80GB\": 1, \"cost\": 6.7}."},
        footer = {"", "The Fleetwise format is described in docs/allocator-format.md."})
final class AllocateCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = "--melange-config", paramLabel = "FILE", required = true,
                description = "Mélange's config JSON (gpu_info, workload_distribution, total_request_rate, slice_factor).")
        Path melangeConfig;

        @Option(names = "--config", paramLabel = "FILE", required = true,
                description = "Fleetwise allocator JSON (named buckets, replica candidates, caps, prices).")
        Path config;

        @Option(names = "--model", paramLabel = "NAME", required = true,
                description = "Simulate throughputs: this catalog model on the --replica configs, for the buckets of "
                        + "--lengths on --input-edges x --output-edges, under --ttft-ms/--tpot-ms.")
        String model;
    }

    private final CliContext context;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Input input;

    @Mixin
    private OutputOptions output;

    @Option(names = "--rate", paramLabel = "REQ_PER_S", description = "Override the total request rate.")
    private Double rate;

    @Option(names = "--slice-factor", paramLabel = "N", description = "Override the slice factor.")
    private Integer sliceFactor;

    @Option(names = "--headroom", paramLabel = "FRACTION", description = "Plan for this much more traffic (0.2 = 20 %%).")
    private Double headroom;

    @Option(names = "--budget", paramLabel = "USD_PER_H",
            description = "Budget mode: serve as much of the rate as this cost per hour allows.")
    private Double budget;

    @Option(names = "--caps", paramLabel = "GPU=N[,GPU=N...]", split = ",",
            description = "Availability caps: most GPUs of a type (over every candidate of that type).")
    private Map<String, Integer> caps;

    @Option(names = "--sweep", paramLabel = "FROM:TO:POINTS",
            description = "Also print cost against total request rate for the mix and each single candidate.")
    private String sweep;

    @Option(names = "--replica", paramLabel = "GPU:TP[:PP]", split = ",",
            description = "With --model: candidate replica configs, e.g. H100-SXM:1,L40S:2,A100-80GB-SXM:4:2.")
    private List<String> replicas;

    @Option(names = "--gpus", paramLabel = "GPU[,GPU...]", split = ",",
            description = "With --model: offer, per GPU type, the smallest replica sizes (TP, then PP across nodes) "
                    + "that hold the model; see --sizes-per-type.")
    private List<String> gpus;

    @Option(names = "--sizes-per-type", paramLabel = "N", defaultValue = "2",
            description = "With --gpus: fitting replica sizes offered per GPU type (default ${DEFAULT-VALUE}).")
    private int sizesPerType;

    @Option(names = "--lengths", paramLabel = "PRESET", defaultValue = "chat",
            description = "With --model: request length preset (chat, code, long-context, summarization).")
    private String lengths;

    @Option(names = "--input-edges", paramLabel = "TOKENS,...", defaultValue = "1,256,1024,4096,16384",
            description = "With --model: input bucket edges (default: ${DEFAULT-VALUE}).")
    private String inputEdges;

    @Option(names = "--output-edges", paramLabel = "TOKENS,...", defaultValue = "1,64,256,1024,4096",
            description = "With --model: output bucket edges (default: ${DEFAULT-VALUE}).")
    private String outputEdges;

    @Option(names = "--ttft-ms", defaultValue = "2000", description = "With --model: TTFT target (default ${DEFAULT-VALUE}).")
    private double ttftMs;

    @Option(names = "--tpot-ms", defaultValue = "100", description = "With --model: TPOT target (default ${DEFAULT-VALUE}).")
    private double tpotMs;

    @Option(names = "--attainment", defaultValue = "0.9",
            description = "With --model: share of requests that must meet the SLO (default ${DEFAULT-VALUE}).")
    private double attainment;

    @Option(names = "--price-kind", paramLabel = "KIND", defaultValue = "on_demand",
            description = "With --model: on_demand, spot (expected price: interruptions fall back to on-demand), "
                    + "reserved (= reserved_1y), reserved_3y or owned, from the price book (`catalog price-defaults`).")
    private String priceKind;

    @Option(names = "--providers", paramLabel = "NAME[,NAME...]", split = ",",
            description = "With --model: price only from these providers' offers (default: every provider).")
    private java.util.Set<String> providers;

    @Option(names = "--search-requests", paramLabel = "N", defaultValue = "1000",
            description = "With --model: requests per capacity-search simulation (default ${DEFAULT-VALUE}).")
    private int searchRequests;

    @Option(names = "--validate", description = "With --model: simulate the planned fleet and report SLO attainment.")
    private boolean validate;

    @Option(names = "--band", description = "With --model: also solve at both ends of the performance model's validated "
            + "error band (docs/validation.md; up to three times the capacity searches) and say whether the mix changes "
            + "and how far the cost moves; the same band the Fleet and What-if areas and the schedule use.")
    private boolean band;

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "cp-sat",
            description = "cp-sat (default), scip or cbc.")
    private String solver;

    @Option(names = "--per-slice", description = "Use Mélange's literal per-slice model (slower, same optimum).")
    private boolean perSlice;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "30",
            description = "Time limit for the whole command (default ${DEFAULT-VALUE} s): throughput measurements, "
                    + "solves, sweep and check; each solve gets what the stages before it left.")
    private double timeLimitSeconds;

    @Option(names = "--save-to-study", paramLabel = "STUDY", description = "Save problem and plan to this study (name or id).")
    private String saveToStudy;

    @Option(names = "--save-as", paramLabel = "NAME", description = "Name of the saved allocation (default: the input file name).")
    private String saveAs;

    @picocli.CommandLine.Mixin
    private CalibrationOption calibration;

    AllocateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        commandStartNs = System.nanoTime();
        io.fleetwise.planner.ingest.InputBounds.doubleIn("--time-limit", timeLimitSeconds, 0.001, 7 * 24 * 3600);
        if (!(attainment > 0 && attainment <= 1)) {
            throw new io.fleetwise.planner.ingest.InputException("--attainment " + attainment
                    + " is out of range; allowed more than 0 up to 1");
        }
        try {
            // a file's throughput table was measured elsewhere: only --model simulates, with the chosen calibrations
            return allocate(input.model == null ? null : calibration.resolve(context, null));
        } catch (java.util.concurrent.CancellationException e) {
            throw new io.fleetwise.planner.ingest.InputException("allocate: --time-limit " + timeLimitSeconds
                    + " s ran out while " + stage + "; give it more time with a larger --time-limit");
        }
    }

    private long commandStartNs;
    /** What the command is doing, for the message when its time limit runs out. */
    private String stage = "starting";

    /** Cancelled once --time-limit seconds have passed since the command started, whatever stage it is in. */
    private ProgressListener deadline() {
        return StderrProgress.withDeadline(context.err(), "allocate", commandStartNs, timeLimitSeconds);
    }

    private Integer allocate(CalibrationSet calibrations) {
        boolean melange = input.melangeConfig != null;
        Path file = melange ? input.melangeConfig : input.config;
        SimulatedThroughputTable.Table table = null;
        BandedCandidates banded = null;
        ModelSpec model = null;
        Slo slo = null;
        AllocationProblem problem;
        if (input.model != null) {
            Catalog catalog = context.services().catalogStore().current();
            model = catalog.model(input.model);
            slo = Slo.of(ttftMs, tpotMs, attainment);
            List<WorkloadBucket> buckets = WorkloadBuckets.fromLengths(LengthPresets.preset(lengths),
                    WorkloadBuckets.parseEdges(inputEdges, "input"), WorkloadBuckets.parseEdges(outputEdges, "output"),
                    50_000, 1L);
            stage = "measuring replica throughputs";
            BandedThroughputTable.Result measured = simulatedTable(catalog, model, buckets, slo, calibrations);
            table = measured.table();
            banded = band ? measured.candidates() : null;
            if (rate == null) {
                throw new IllegalArgumentException("--model needs --rate (total requests per second)");
            }
            problem = AllocationProblem.minCost(buckets, rate, table.candidates(), 4);
        } else {
            problem = melange ? MelangeConfigReader.read(file).toProblem() : AllocatorInputReader.read(file).problem();
        }
        problem = overridden(problem);
        FleetAllocator allocator = new FleetAllocator(options());
        OutputFormat format = output.format();
        if (melange && format == OutputFormat.JSON && saveToStudy == null && sweep == null) {
            // Mélange's answer only: no baselines to solve.
            AllocationResult result = requirePlan(allocator.solve(problem));
            JsonOutput.print(context.out(), MelangeAnswer.of(result));
            return 0;
        }
        stage = "solving";
        BaselineComparison comparison = new Baselines(allocator).compare(problem);
        AllocationResult result = requirePlan(comparison.mix());
        stage = "checking the plan by simulation";
        FleetValidation validation = validate && table != null
                ? FleetValidator.validate(model, problem, result, table.replicas(), slo, calibrations,
                FleetValidator.Options.defaults(), context.services().fleetValidations(), deadline())
                : null;
        if (band && table == null) {
            throw new IllegalArgumentException("--band needs --model: the error band re-measures capacities by "
                    + "simulation, which a file's throughput table cannot");
        }
        stage = "solving at both ends of the error band";
        AllocationBand bandResult = banded == null ? null : AllocationBand.solve(allocator, problem, banded, deadline());
        if (validate && table == null) {
            throw new IllegalArgumentException("--validate needs --model: a file's throughput table has no replica "
                    + "configs to simulate");
        }
        stage = "sweeping the rate";
        List<RateSweepPoint> sweepPoints = sweep == null ? null
                : new RateSweep(allocator).run(problem, sweepRates(), deadline());
        if (saveToStudy != null) {
            save(problem, comparison, file != null ? file.getFileName().toString() : "simulated " + input.model);
        }
        if (format == OutputFormat.JSON) {
            if (melange && sweepPoints == null) {
                JsonOutput.print(context.out(), MelangeAnswer.of(result));
            } else {
                var report = AllocationJson.report(problem, comparison);
                if (table != null) {
                    report.putPOJO("simulation_notes", table.notes());
                    report.put("price_kind", PriceKind.parse(priceKind).key());
                    report.put("price_book", lastPrices.provenance());
                    report.putPOJO("prices", pricesUsed(table));
                    report.put("calibration", calibrationUsed(table, calibrations));
                    report.put("calibrationFingerprint", calibrations.fingerprint());
                    report.put("engine", calibrations.engine().id());
                    report.put("engineProfile", calibrations.engine().describe());
                }
                if (validation != null) {
                    report.putPOJO("validation", validation);
                }
                if (bandResult != null) {
                    report.set(AllocationBandJson.KEY, AllocationBandJson.of(bandResult));
                }
                if (sweepPoints != null) {
                    report.putPOJO("rate_sweep", sweepPoints);
                }
                JsonOutput.print(context.out(), report);
            }
        } else {
            printTable(result, comparison, format);
            if (format == OutputFormat.TEXT) {
                if (table != null) {
                    table.notes().forEach(n -> context.out().println("Note: " + n));
                    context.out().println("Priced " + PriceKind.parse(priceKind).label() + " from " + lastPrices.provenance()
                            + ":");
                    pricesUsed(table).forEach(p -> context.out().println("  " + p.describe()));
                    context.out().println("Calibration: " + calibrationUsed(table, calibrations));
                }
                if (validation != null) {
                    context.out().println("Validation: " + validation.message());
                }
                if (bandResult != null) {
                    context.out().println("How sure: " + bandResult.describe());
                }
                if (sweepPoints != null) {
                    printSweep(sweepPoints);
                }
                context.out().flush();
            }
        }
        return 0;
    }

    private static String calibrationUsed(SimulatedThroughputTable.Table table, CalibrationSet calibrations) {
        return calibrations.describe(
                table.replicas().values().stream().map(r -> r.gpu().name()).distinct().sorted().toList());
    }

    private BandedThroughputTable.Result simulatedTable(Catalog catalog, ModelSpec model, List<WorkloadBucket> buckets,
                                                         Slo slo, CalibrationSet calibrations) {
        if ((replicas == null || replicas.isEmpty()) && (gpus == null || gpus.isEmpty())) {
            throw new IllegalArgumentException("--model needs --gpus GPU,... or at least one --replica GPU:TP[:PP], "
                    + "e.g. --gpus H100-SXM,L40S or --replica H100-SXM:1");
        }
        List<ReplicaConfig> configs = new ArrayList<>();
        if (gpus != null && !gpus.isEmpty()) {
            List<io.fleetwise.planner.model.GpuType> types = new ArrayList<>();
            for (String g : gpus) {
                types.add(catalog.gpu(g.trim()));
            }
            List<ReplicaConfig> fitting = ReplicaCandidates.fitting(model, types, sizesPerType);
            for (io.fleetwise.planner.model.GpuType t : types) {
                if (fitting.stream().noneMatch(rc -> rc.gpu().name().equals(t.name()))) {
                    context.err().println("Note: " + model.name() + " does not fit any replica of " + t.name()
                            + " up to 8 pipelined nodes; it is left out.");
                }
            }
            configs.addAll(fitting);
        }
        for (String spec : replicas == null ? List.<String>of() : replicas) {
            String[] parts = spec.trim().split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("--replica '" + spec + "': write GPU:TP or GPU:TP:PP, e.g. H100-SXM:2");
            }
            int tp;
            int pp;
            try {
                tp = Integer.parseInt(parts[1]);
                pp = parts.length == 3 ? Integer.parseInt(parts[2]) : 1;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--replica '" + spec + "': TP and PP must be whole numbers", e);
            }
            configs.add(ReplicaConfig.of(catalog.gpu(parts[0]), tp).withParallelism(tp, pp, 1));
        }
        if (configs.isEmpty()) {
            throw new IllegalArgumentException(model.name() + " fits no replica of the given GPU types");
        }
        PriceSelection prices = priceSelection();
        SimulatedThroughputTable.Options options = new SimulatedThroughputTable.Options(
                new CapacitySearch.Options(searchRequests, 42L, 0.02, 40), Runtime.getRuntime().availableProcessors(),
                context.services().throughputCells());
        PrintWriter err = context.err();
        return BandedThroughputTable.build(model, configs, buckets, slo, prices, calibrations, options,
                band ? ModelErrorBand.validated() : ModelErrorBand.none(), new ProgressListener() {
            private int lastPercent = -10;
            private final ProgressListener deadline = deadline();

            @Override
            public boolean isCancelled() {
                return deadline.isCancelled();
            }

            @Override
            public synchronized void progress(double fraction, String message) {
                int percent = (int) (fraction * 100);
                if (percent >= lastPercent + 10) {
                    lastPercent = percent;
                    err.printf(Locale.ROOT, "capacity search %3d %%  %s%n", percent, message);
                    err.flush();
                }
            }
        });
    }

    private PriceSelection lastPrices;

    /** The price book as this command may use it (its --providers), at --price-kind. */
    private PriceSelection priceSelection() {
        io.fleetwise.planner.pricing.PriceChoice choice = providers == null || providers.isEmpty()
                ? io.fleetwise.planner.pricing.PriceChoice.all() : io.fleetwise.planner.pricing.PriceChoice.providers(providers);
        lastPrices = PriceSelection.of(PriceKind.parse(priceKind), context.services().catalogStore().resolver(choice));
        return lastPrices;
    }

    /** Each GPU type's price with the offers and rule behind it: what the result was priced with. */
    private List<io.fleetwise.planner.pricing.ResolvedPrice> pricesUsed(SimulatedThroughputTable.Table table) {
        List<io.fleetwise.planner.pricing.ResolvedPrice> out = new ArrayList<>();
        if (lastPrices == null || table == null) {
            return out;
        }
        table.replicas().values().stream().map(ReplicaConfig::gpu).distinct()
                .forEach(g -> out.add(lastPrices.resolved(g)));
        return out;
    }

    private double[] sweepRates() {
        String[] parts = sweep.split(":");
        try {
            if (parts.length != 3) {
                throw new NumberFormatException();
            }
            return RateSweep.evenlySpaced(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                    Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sweep '" + sweep + "': write FROM:TO:POINTS, e.g. 5:60:12", e);
        }
    }

    private void printSweep(List<RateSweepPoint> points) {
        PrintWriter out = context.out();
        out.println();
        out.println("Cost ($/h) against total request rate:");
        List<String> headers = new ArrayList<>(List.of("rate_per_s", "mix"));
        headers.addAll(points.get(0).singleTypeCostPerHourUsd().keySet());
        CliTable table = new CliTable(headers.toArray(new String[0]));
        for (RateSweepPoint p : points) {
            List<Object> row = new ArrayList<>(List.of(p.totalRatePerSecond(), p.mixCostPerHourUsd()));
            row.addAll(p.singleTypeCostPerHourUsd().values());
            table.row(row.toArray());
        }
        table.print(out, OutputFormat.TEXT, null);
    }

    private AllocationProblem overridden(AllocationProblem problem) {
        AllocationProblem p = problem;
        if (rate != null) {
            p = p.withTotalRate(rate);
        }
        if (sliceFactor != null) {
            p = p.withSliceFactor(sliceFactor);
        }
        if (headroom != null) {
            p = p.withHeadroom(headroom);
        }
        if (budget != null) {
            p = p.withBudget(budget);
        }
        if (caps != null && !caps.isEmpty()) {
            Map<String, Integer> merged = new LinkedHashMap<>(p.gpuCapsByType());
            merged.putAll(caps);
            p = p.withCaps(merged);
        }
        return p;
    }

    private SolverOptions options() {
        SolverBackend backend;
        switch (solver.trim().toLowerCase(Locale.ROOT)) {
            case "cp-sat":
            case "cp_sat":
            case "cpsat":
                backend = SolverBackend.CP_SAT;
                break;
            case "scip":
                backend = SolverBackend.SCIP;
                break;
            case "cbc":
                backend = SolverBackend.CBC;
                break;
            default:
                throw new IllegalArgumentException("Unknown solver '" + solver + "'. Use cp-sat, scip or cbc.");
        }
        return SolverOptions.defaults().withBackend(backend)
                .withFormulation(perSlice ? Formulation.PER_SLICE : Formulation.AGGREGATED)
                .withTimeLimitSeconds(timeLimitSeconds)
                .withDeadline(commandStartNs + (long) (timeLimitSeconds * 1e9));
    }

    private static AllocationResult requirePlan(AllocationResult result) {
        if (!result.hasPlan()) {
            throw new IllegalArgumentException(result.message());
        }
        return result;
    }

    private void save(AllocationProblem problem, BaselineComparison comparison, String defaultName) {
        Study study = findStudy(saveToStudy);
        String name = saveAs != null ? saveAs : defaultName;
        SavedAllocation saved = new FleetAllocationRepository(context.services().database(), context.services().clock())
                .save(study.id(), name, problem, comparison.mix(), comparison.savingPercent());
        context.err().println("Saved as allocation " + saved.id() + " '" + saved.name() + "' in study '"
                + study.name() + "'.");
        context.err().flush();
    }

    private Study findStudy(String nameOrId) {
        var studies = context.services().studies();
        if (nameOrId.matches("\\d+")) {
            var byId = studies.findById(Long.parseLong(nameOrId));
            if (byId.isPresent()) {
                return byId.get();
            }
        }
        return studies.findByName(nameOrId).orElseThrow(() -> new IllegalArgumentException("No study named or numbered '"
                + nameOrId + "'. List studies with `fleetwise study list`."));
    }

    private void printTable(AllocationResult result, BaselineComparison comparison, OutputFormat format) {
        CliTable table = new CliTable("candidate", "gpu_type", "gpus_per_replica", "replicas", "cost_usd_per_hour",
                "throughput_source");
        for (int c = 0; c < result.candidates().size(); c++) {
            AllocationCandidate cand = result.candidates().get(c);
            int n = result.replicaCounts().get(c);
            table.row(cand.name(), cand.gpuType(), cand.gpuCount(), n, n * cand.costPerHourUsd(), cand.source().label());
        }
        PrintWriter out = context.out();
        table.print(out, format, null);
        if (format == OutputFormat.CSV) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "Total: %.4f $/h for %d GPUs, serving %.4g of %.4g req/s%n", result.costPerHourUsd(),
                result.totalGpus(), result.servedRatePerSecond(), result.demandRatePerSecond());
        out.printf(Locale.ROOT, "Solver: %s (%s), %s, gap %s, %.1f ms%n", result.solverName(),
                result.formulation().name().toLowerCase(Locale.ROOT), result.status(),
                Double.isNaN(result.relativeGap()) ? "unknown" : String.format(Locale.ROOT, "%.2g", result.relativeGap()),
                result.solveTimeMs());
        if (!result.message().isEmpty()) {
            out.println("Note: " + result.message());
        }
        out.println("Single-type fleets:");
        int width = 1;
        for (AllocationCandidate c : result.candidates()) {
            width = Math.max(width, c.name().length());
        }
        for (AllocationResult single : comparison.singleTypeFleets()) {
            String name = BaselineComparison.candidateOf(single);
            out.println(single.hasPlan()
                    ? String.format(Locale.ROOT, "  %-" + width + "s %5d replicas  %10.4f $/h", name,
                    single.replicaCounts().get(0), single.costPerHourUsd())
                    : single.status() == io.fleetwise.planner.alloc.SolveStatus.NO_SOLUTION_FOUND
                    ? String.format(Locale.ROOT, "  %-" + width + "s no plan within the time limit", name)
                    : String.format(Locale.ROOT, "  %-" + width + "s cannot serve the workload alone (%s)", name,
                    single.status()));
        }
        comparison.bestSingleType().ifPresent(best -> out.printf(Locale.ROOT,
                "Saving of the mix against the best single type (%s): %.1f %%%n",
                BaselineComparison.candidateOf(best), comparison.savingPercent()));
        out.flush();
    }
}
