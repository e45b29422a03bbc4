package io.fleetwise.planner.study;

/**
 * Where a study keeps its fleet plan ({@code results.fleet}, docs/study-format.md): the lossless allocation problem
 * and mix in AllocationJson's storage form. The Fleet area writes it; the report reads it.
 */
public final class FleetResultJson {

    /** Key of the fleet plan among a study's results. */
    public static final String KEY = "fleet";
    /** Fields of the stored fleet result holding the lossless problem and mix (AllocationJson's storage form). */
    public static final String PROBLEM = "problem";
    public static final String RESULT = "result";

    private FleetResultJson() {
    }
}
