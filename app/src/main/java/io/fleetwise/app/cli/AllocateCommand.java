package io.fleetwise.app.cli;

import io.fleetwise.datastore.fleet.FleetAllocationRepository;
import io.fleetwise.datastore.fleet.SavedAllocation;
import io.fleetwise.datastore.study.Study;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.ResolvedPrice;
import io.fleetwise.planner.pricing.StudyPricing;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.alloc.RateSweep;
import io.fleetwise.planner.alloc.RateSweepPoint;
import io.fleetwise.planner.alloc.format.AllocationJson;
import io.fleetwise.planner.alloc.format.AllocatorInputReader;
import io.fleetwise.planner.alloc.melange.MelangeAnswer;
import io.fleetwise.planner.alloc.melange.MelangeConfigReader;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.plan.FleetPlan;
import io.fleetwise.planner.plan.PlanStore;
import io.fleetwise.planner.service.FleetAllocationRequest;
import io.fleetwise.planner.service.FleetPlans;
import io.fleetwise.planner.service.FleetAllocationService;
import io.fleetwise.planner.service.ReplicaSpec;
import io.fleetwise.planner.service.WorkloadRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import io.fleetwise.planner.uncertainty.AllocationBand;
import io.fleetwise.planner.uncertainty.AllocationBandJson;
import io.fleetwise.planner.uncertainty.ModelErrorBand;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fleetwise allocate ...}: the cheapest GPU mix for a workload and SLO (Mélange, solved exactly). */
@Command(name = "allocate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cheapest GPU mix that serves a workload: Mélange's cost-aware bin packing, solved exactly "
                + "with OR-Tools. --study and --model simulate the throughputs with the same service as the Fleet area.",
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
                description = "Simulate throughputs: this catalog model on --gpus or --replica, for the buckets of "
                        + "--lengths, under --ttft-ms/--tpot-ms.")
        String model;

        @Option(names = "--study", paramLabel = "NAME", required = true,
                description = "The study's allocation, as the Fleet area solves it: its model, GPU types, caps, "
                        + "workload and SLO.")
        String study;
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
            description = "Cost against total request rate for the mix and each single candidate at these rates "
                    + "(--study and --model sweep a quarter to twice the rate by default).")
    private String sweep;

    @Option(names = "--replica", paramLabel = "GPU:TP[:PP]", split = ",",
            description = "With --model: candidate replica configs, e.g. H100-SXM:1,L40S:2,A100-80GB-SXM:4:2.")
    private List<String> replicas;

    @Option(names = "--gpus", paramLabel = "GPU[,GPU...]", split = ",",
            description = "With --model: offer, per GPU type, the smallest replica sizes (TP, then PP across nodes) "
                    + "that hold the model; see --sizes-per-type.")
    private List<String> gpus;

    @Option(names = "--sizes-per-type", paramLabel = "N",
            description = "With --gpus or --study: fitting replica sizes offered per GPU type (default 2, the Fleet "
                    + "area's, the what-if's and the report's).")
    private Integer sizesPerType;

    @Option(names = "--lengths", paramLabel = "PRESET", defaultValue = "chat",
            description = "With --model: request length preset (chat, code, long-context, summarization).")
    private String lengths;

    @Option(names = "--ttft-ms", description = "With --model: TTFT target (default 2000).")
    private Double ttftMs;

    @Option(names = "--tpot-ms", description = "With --model: TPOT target (default 100).")
    private Double tpotMs;

    @Option(names = "--attainment", description = "With --model: share of requests that must meet the SLO (default 0.9).")
    private Double attainment;

    @Option(names = "--price-kind", paramLabel = "KIND", defaultValue = "on_demand",
            description = "With --model or --study: on_demand, spot (expected price: interruptions fall back to "
                    + "on-demand), reserved (= reserved_1y), reserved_3y or owned, from the price book "
                    + "(`catalog price-defaults`).")
    private String priceKind;

    @Option(names = "--providers", paramLabel = "NAME[,NAME...]", split = ",",
            description = "With --model or --study: price only from these providers' offers (default: every provider; "
                    + "for --study, the study's own choice).")
    private java.util.Set<String> providers;

    @Option(names = "--search-requests", paramLabel = "N",
            description = "With --model or --study: requests per capacity-search simulation (default 800).")
    private Integer searchRequests;

    @Option(names = "--validate", negatable = true,
            description = "With --model or --study: simulate the planned fleet and report SLO attainment (default on; "
                    + "--no-validate skips it).")
    private Boolean validate;

    @Option(names = "--band", description = "With --model or --study: also solve at both ends of the performance "
            + "model's validated error band (docs/validation.md; up to three times the capacity searches) and say whether "
            + "the mix changes and how far the cost moves; the same band the Fleet and What-if areas and the schedule use.")
    private boolean band;

    @Mixin
    private SolverChoice solverChoice;

    @Option(names = "--save-to-study", paramLabel = "STUDY", description = "Save problem and plan to this study (name or id).")
    private String saveToStudy;

    @Option(names = "--save-as", paramLabel = "NAME", description = "Name of the saved allocation (default: the input file name).")
    private String saveAs;

    @Mixin
    private CalibrationOption calibration;

    AllocateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        commandStartNs = System.nanoTime();
        io.fleetwise.planner.ingest.InputBounds.doubleIn("--time-limit", solverChoice.timeLimitSeconds, 0.001, 7 * 24 * 3600);
        if (attainment != null && !(attainment > 0 && attainment <= 1)) {
            throw new io.fleetwise.planner.ingest.InputException("--attainment " + attainment
                    + " is out of range; allowed more than 0 up to 1");
        }
        try {
            return allocate();
        } catch (java.util.concurrent.CancellationException e) {
            throw new io.fleetwise.planner.ingest.InputException("allocate: --time-limit " + solverChoice.timeLimitSeconds
                    + " s ran out while " + stage + "; give it more time with a larger --time-limit");
        }
    }

    private long commandStartNs;
    /** What the command is doing, for the message when its time limit runs out. */
    private String stage = "starting";
    /** Whether the command measures a throughput table (--model, --study) rather than reading one from a file. */
    private boolean measuring;

    /**
     * Cancelled once --time-limit seconds have passed since the command started, whatever stage it is in; the stage
     * follows the service's progress (the throughput table is its first 70 %).
     */
    private ProgressListener deadline() {
        ProgressListener limit = StderrProgress.withDeadline(context.err(), "allocate", commandStartNs,
                solverChoice.timeLimitSeconds);
        return new ProgressListener() {
            @Override
            public boolean isCancelled() {
                return limit.isCancelled();
            }

            @Override
            public void progress(double fraction, String message) {
                if (measuring) {
                    stage = fraction < 0.7 ? "measuring replica throughputs" : "solving, sweeping and checking the plan";
                }
                limit.progress(fraction, message);
            }
        };
    }

    private Integer allocate() {
        boolean melange = input.melangeConfig != null;
        Path file = melange ? input.melangeConfig : input.config;
        FleetAllocationService.Solution solution;
        FleetAllocationService.FleetAllocation simulated = null;
        AllocationBand bandResult = null;
        if (file == null) {
            FleetAllocationRequest request = request();
            stage = "measuring replica throughputs";
            measuring = true;
            simulated = context.services().fleetAllocations().allocate(request, deadline());
            solution = simulated.solution();
            if (band && solution.comparison().mix().hasPlan()) {
                measuring = false;
                stage = "solving at both ends of the error band";
                bandResult = context.services().fleetAllocations().band(simulated, ModelErrorBand.validated(),
                        deadline());
            }
        } else {
            if (band) {
                throw new IllegalArgumentException("--band needs --model or --study: the error band re-measures "
                        + "capacities by simulation, which a file's throughput table cannot");
            }
            if (Boolean.TRUE.equals(validate)) {
                throw new IllegalArgumentException("--validate needs --model or --study: a file's throughput table has no "
                        + "replica configs to simulate");
            }
            AllocationProblem problem = overridden(melange ? MelangeConfigReader.read(file).toProblem()
                    : AllocatorInputReader.read(file).problem());
            if (melange && output.format() == OutputFormat.JSON && saveToStudy == null && sweep == null) {
                // Mélange's answer only: no baselines to solve.
                JsonOutput.print(context.out(), MelangeAnswer.of(requirePlan(
                        FleetAllocationService.solveMix(problem, solverChoice.options(commandStartNs)))));
                return 0;
            }
            stage = "solving";
            // the solver's own deadline bounds it and names what ran out; nothing here is measured
            solution = FleetAllocationService.solve(problem, solverChoice.options(commandStartNs), new double[0],
                    new StderrProgress(context.err(), "allocate"));
        }
        AllocationResult result = requirePlan(solution.comparison().mix());
        stage = "sweeping the rate";
        List<RateSweepPoint> sweepPoints = sweep != null
                ? FleetAllocationService.solve(solution.problem(), solverChoice.options(commandStartNs), sweepRates(),
                deadline()).sweep()
                : solution.sweep();
        if (saveToStudy != null) {
            if (simulated != null) {
                savePlan(simulated);
            } else {
                save(solution.problem(), solution.comparison(), file.getFileName().toString());
            }
        }
        print(melange, simulated, solution, result, sweepPoints, bandResult);
        return 0;
    }

    /** The simulated allocation these options ask for: a study's, or a model's on GPU types or replica configs. */
    private FleetAllocationRequest request() {
        FleetAllocationRequest base;
        CalibrationSet calibrations = calibration.resolve(context, null);
        PriceChoice choice = providers == null || providers.isEmpty() ? null : PriceChoice.providers(providers);
        if (input.study != null) {
            StudyDocument study = context.services().studyStore().open(input.study).document();
            // priced from the study's book as the study chose its offers, as the Fleet area prices it
            base = context.services().fleetAllocations().requestFor(study, calibrations);
            base = base.withPriceBook(context.services().catalogStore().resolver(
                    choice != null ? choice : StudyPricing.choice(study)));
        } else {
            if ((replicas == null || replicas.isEmpty()) && (gpus == null || gpus.isEmpty())) {
                throw new IllegalArgumentException("--model needs --gpus GPU,... or at least one --replica GPU:TP[:PP], "
                        + "e.g. --gpus H100-SXM,L40S or --replica H100-SXM:1");
            }
            if (rate == null) {
                throw new IllegalArgumentException("--model needs --rate (total requests per second)");
            }
            FleetAllocationRequest d = FleetAllocationRequest.defaults();
            base = d.withModel(input.model).withReplicas(replicaSpecs())
                    .withCandidates(gpus == null ? List.of() : gpus.stream().map(String::trim).toList(), Map.of(), Map.of())
                    .withWorkload(WorkloadRequest.generated(lengths, rate, WorkloadRequest.DEFAULT_REQUESTS), rate)
                    .withSlo(Slo.of(ttftMs == null ? d.slo().ttftMs() : ttftMs, tpotMs == null ? d.slo().tpotMs() : tpotMs,
                            attainment == null ? d.slo().attainment() : attainment))
                    .withCalibration(calibrations)
                    .withPriceBook(context.services().catalogStore().resolver(choice != null ? choice : PriceChoice.all()));
        }
        FleetAllocationRequest r = base.withPriceKind(PriceKind.parse(priceKind))
                .withSizing(sizesPerType == null ? base.replicaSizesPerType() : sizesPerType,
                        searchRequests == null ? base.capacity() : base.capacity().withRequestsPerSearch(searchRequests))
                .withObjective(headroom == null ? base.headroomFraction() : headroom,
                        sliceFactor == null ? base.sliceFactor() : sliceFactor, budget == null ? Double.NaN : budget,
                        solverChoice.options(commandStartNs))
                .withChecks(validate == null ? base.validate() : validate, base.validationRequests(), base.sweepPoints());
        if (rate != null) {
            r = r.withRate(rate);
        }
        if (caps != null && !caps.isEmpty()) {
            Map<String, Integer> merged = new LinkedHashMap<>(r.gpuCaps());
            merged.putAll(caps);
            r = r.withCandidates(r.gpuTypes(), r.pricesUsdPerGpuHour(), merged);
        }
        return r;
    }

    private List<ReplicaSpec> replicaSpecs() {
        List<ReplicaSpec> specs = new ArrayList<>();
        for (String spec : replicas == null ? List.<String>of() : replicas) {
            String[] parts = spec.trim().split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("--replica '" + spec + "': write GPU:TP or GPU:TP:PP, e.g. H100-SXM:2");
            }
            try {
                int tp = Integer.parseInt(parts[1]);
                int pp = parts.length == 3 ? Integer.parseInt(parts[2]) : 1;
                specs.add(ReplicaSpec.defaults().withGpu(parts[0]).withParallelism(tp, pp, 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--replica '" + spec + "': TP and PP must be whole numbers", e);
            }
        }
        return specs;
    }

    private void print(boolean melange, FleetAllocationService.FleetAllocation simulated,
                       FleetAllocationService.Solution solution, AllocationResult result, List<RateSweepPoint> sweepPoints,
                       AllocationBand bandResult) {
        AllocationPrinter printer = new AllocationPrinter(context.out());
        if (output.format() == OutputFormat.JSON) {
            if (melange && sweepPoints.isEmpty()) {
                JsonOutput.print(context.out(), MelangeAnswer.of(result));
                return;
            }
            var report = AllocationJson.report(solution.problem(), solution.comparison());
            if (simulated != null) {
                CalibrationSet calibrations = simulated.request().calibration();
                report.putPOJO("simulation_notes", solution.notes());
                PriceSelection prices = simulated.request().priceSelection();
                report.put("price_kind", prices.kind().key());
                report.put("price_book", prices.provenance());
                report.putPOJO("prices", pricesUsed(simulated));
                report.put("calibration", calibrations.describe(simulated.replicas().values().stream()
                        .map(r -> r.gpu().name()).distinct().sorted().toList()));
                report.put("calibrationFingerprint", calibrations.fingerprint());
                report.put("engine", calibrations.engine().id());
                report.put("engineProfile", calibrations.engine().describe());
                studyInputs(simulated).ifPresent(f -> report.put("studyInputsFingerprint", f));
            }
            solution.validation().ifPresent(v -> report.putPOJO("validation", v));
            if (bandResult != null) {
                report.set(AllocationBandJson.KEY, AllocationBandJson.of(bandResult));
            }
            if (!sweepPoints.isEmpty()) {
                report.putPOJO("rate_sweep", sweepPoints);
            }
            JsonOutput.print(context.out(), report);
            return;
        }
        printer.printTable(result, solution.comparison(), output.format(), solution.requestedDemandPerS(),
                solution.leftOut());
        if (output.format() == OutputFormat.TEXT) {
            if (simulated != null) {
                solution.notes().forEach(n -> context.out().println("Note: " + n));
                PriceSelection prices = simulated.request().priceSelection();
                context.out().println("Priced " + prices.kind().label() + " from " + prices.provenance() + ":");
                pricesUsed(simulated).forEach(p -> context.out().println("  " + p.describe()));
                context.out().println("Calibration: " + simulated.request().calibration().describe(
                        simulated.replicas().values().stream().map(r -> r.gpu().name()).distinct().sorted().toList()));
                context.out().println("Engine: " + simulated.request().calibration().engine().describe());
                studyInputs(simulated).ifPresent(f -> context.out().println("Study inputs: " + f
                        + " (the Fleet area, the what-if and the report stamp their results with the same)"));
            }
            solution.validation().ifPresent(v -> context.out().println("Validation: " + v.message()));
            if (bandResult != null) {
                context.out().println("How sure: " + bandResult.describe());
            }
            if (!sweepPoints.isEmpty()) {
                printer.printSweep(sweepPoints);
            }
            context.out().flush();
        }
    }

    /** Each GPU type's price with the offers and rule behind it: what the result was priced with. */
    private static List<ResolvedPrice> pricesUsed(FleetAllocationService.FleetAllocation simulated) {
        PriceSelection prices = simulated.request().priceSelection();
        return simulated.replicas().values().stream().map(r -> r.gpu()).distinct().map(prices::resolved).toList();
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

    private static AllocationResult requirePlan(AllocationResult result) {
        if (!result.hasPlan()) {
            throw new IllegalArgumentException(result.message());
        }
        return result;
    }

    /** The fingerprint of the study's inputs, when this allocation answers the study's own question. */
    private java.util.Optional<String> studyInputs(FleetAllocationService.FleetAllocation allocation) {
        if (!studyAsItAsks()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(context.services().fleetAllocations().inputsFingerprint(
                context.services().studyStore().open(input.study).document(), allocation.request().calibration()));
    }

    /** A simulated allocation is a fleet plan: one row under the study, as the Fleet area saves it. */
    private void savePlan(FleetAllocationService.FleetAllocation allocation) {
        Study study = findStudy(saveToStudy);
        FleetPlan plan = FleetPlans.of(allocation).orElseThrow(() -> new IllegalArgumentException(
                "There is no plan to save: " + allocation.comparison().mix().message()));
        // stamped with the study's inputs only when it answers them (no rate, caps, prices or objective of its own)
        boolean asTheStudyAsks = studyAsItAsks();
        String fingerprint = !asTheStudyAsks ? "" : context.services().fleetAllocations().inputsFingerprint(
                context.services().studyStore().open(input.study).document(), allocation.request().calibration());
        PlanStore.StoredPlan stored = context.services().planStore().save(study.id(),
                plan.withProvenance(plan.provenance().withInputFingerprint(fingerprint)),
                allocation.stored());
        context.err().println("Saved as plan " + stored.id() + " (" + plan.label() + ") in study '" + study.name() + "'.");
        context.err().flush();
    }

    /**
     * Whether the command asks the study's own question (no rate, caps, prices, objective, sizing or capacity search of
     * its own), so its answer is the one the Fleet area, the what-if and the report give and can be stamped with the
     * study's inputs.
     */
    private boolean studyAsItAsks() {
        return input.study != null && rate == null && (caps == null || caps.isEmpty())
                && (providers == null || providers.isEmpty()) && PriceKind.parse(priceKind) == PriceKind.ON_DEMAND
                && headroom == null && budget == null && sizesPerType == null && searchRequests == null
                && sliceFactor == null && ttftMs == null && tpotMs == null && attainment == null;
    }

    /** A file's allocation (its candidates are names, not replica configs) is kept as a saved allocation. */
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
}
