package io.fleetwise.planner.alloc;

/** OR-Tools MPSolver backends the allocator can use; all are exact MILP/CP solvers. */
public enum SolverBackend {
    SCIP("SCIP"),
    CBC("CBC"),
    CP_SAT("CP_SAT");

    private final String orToolsId;

    SolverBackend(String orToolsId) {
        this.orToolsId = orToolsId;
    }

    public String orToolsId() {
        return orToolsId;
    }
}
