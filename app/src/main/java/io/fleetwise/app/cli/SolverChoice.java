package io.fleetwise.app.cli;

import io.fleetwise.planner.alloc.Formulation;
import io.fleetwise.planner.alloc.SolverBackend;
import io.fleetwise.planner.alloc.SolverOptions;
import picocli.CommandLine.Option;

import java.util.Locale;

/** {@code --solver}, {@code --per-slice} and {@code --time-limit}: which MILP solver {@code allocate} uses and how. */
final class SolverChoice {
    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "cp-sat", description = "cp-sat (default), scip or cbc.")
    String solver;

    @Option(names = "--per-slice", description = "Use Mélange's literal per-slice model (slower, same optimum).")
    boolean perSlice;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "30",
            description = "Time limit for the whole command (default ${DEFAULT-VALUE} s): throughput measurements, "
                    + "solves, sweep and check; each solve gets what the stages before it left.")
    double timeLimitSeconds;

    /** The solver as chosen, every solve ending by the command's deadline ({@code startNs} + the time limit). */
    SolverOptions options(long startNs) {
        return options().withDeadline(startNs + (long) (timeLimitSeconds * 1e9));
    }

    SolverOptions options() {
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
}
