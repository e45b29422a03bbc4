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
    /**
     * Key of the error band the Fleet area solved with the plan it saved as a row ({@code {"planId": N, "band":
     * AllocationBandJson}}): the report shows it only on plan N's title page.
     */
    public static final String BAND_KEY = "fleetBand";
    public static final String BAND_PLAN_ID = "planId";

    private FleetResultJson() {
    }
}
