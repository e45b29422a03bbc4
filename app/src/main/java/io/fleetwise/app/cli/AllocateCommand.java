package io.fleetwise.app.cli;

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
import io.fleetwise.planner.alloc.SolverBackend;
import io.fleetwise.planner.alloc.SolverOptions;
import io.fleetwise.planner.alloc.format.AllocationJson;
import io.fleetwise.planner.alloc.format.AllocatorInputReader;
import io.fleetwise.planner.alloc.melange.MelangeAnswer;
import io.fleetwise.planner.alloc.melange.MelangeConfigReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
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

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "cp-sat",
            description = "cp-sat (default), scip or cbc.")
    private String solver;

    @Option(names = "--per-slice", description = "Use Mélange's literal per-slice model (slower, same optimum).")
    private boolean perSlice;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "30", description = "Solver time limit.")
    private double timeLimitSeconds;

    @Option(names = "--save-to-study", paramLabel = "STUDY", description = "Save problem and plan to this study (name or id).")
    private String saveToStudy;

    @Option(names = "--save-as", paramLabel = "NAME", description = "Name of the saved allocation (default: the input file name).")
    private String saveAs;

    AllocateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        boolean melange = input.melangeConfig != null;
        Path file = melange ? input.melangeConfig : input.config;
        AllocationProblem problem = melange ? MelangeConfigReader.read(file).toProblem()
                : AllocatorInputReader.read(file).problem();
        problem = overridden(problem);
        FleetAllocator allocator = new FleetAllocator(options());
        OutputFormat format = output.format();
        if (melange && format == OutputFormat.JSON && saveToStudy == null) {
            // Mélange's answer only: no baselines to solve.
            AllocationResult result = requirePlan(allocator.solve(problem));
            JsonOutput.print(context.out(), MelangeAnswer.of(result));
            return 0;
        }
        BaselineComparison comparison = new Baselines(allocator).compare(problem);
        AllocationResult result = requirePlan(comparison.mix());
        if (saveToStudy != null) {
            save(problem, comparison, file);
        }
        if (format == OutputFormat.JSON) {
            JsonOutput.print(context.out(), melange ? MelangeAnswer.of(result) : AllocationJson.report(problem, comparison));
        } else {
            printTable(result, comparison, format);
        }
        return 0;
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
                .withTimeLimitSeconds(timeLimitSeconds);
    }

    private static AllocationResult requirePlan(AllocationResult result) {
        if (!result.hasPlan()) {
            throw new IllegalArgumentException(result.message());
        }
        return result;
    }

    private void save(AllocationProblem problem, BaselineComparison comparison, Path file) {
        Study study = findStudy(saveToStudy);
        String name = saveAs != null ? saveAs : file.getFileName().toString();
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
        for (AllocationResult single : comparison.singleTypeFleets()) {
            String name = BaselineComparison.candidateOf(single);
            out.println(single.hasPlan()
                    ? String.format(Locale.ROOT, "  %-24s %4d replicas  %10.4f $/h", name, single.replicaCounts().get(0),
                    single.costPerHourUsd())
                    : String.format(Locale.ROOT, "  %-24s cannot serve the workload alone (%s)", name, single.status()));
        }
        comparison.bestSingleType().ifPresent(best -> out.printf(Locale.ROOT,
                "Saving of the mix against the best single type (%s): %.1f %%%n",
                BaselineComparison.candidateOf(best), comparison.savingPercent()));
        out.flush();
    }
}
