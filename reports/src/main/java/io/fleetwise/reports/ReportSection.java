package io.fleetwise.reports;

/** The parts of a study report, in the order they appear; the title page is always there. */
public enum ReportSection {
    SUMMARY("Cluster, workload and SLO"),
    ALLOCATION("Fleet allocation and cost comparison"),
    PROCUREMENT("Procurement: schedule, prices, how sure"),
    PLAN("Parallel plan and simulation"),
    WHAT_IF("What-if variants and sweep"),
    PREDICTED_VS_MEASURED("Predicted vs measured"),
    TIMELINE("Timeline snapshot"),
    ASSUMPTIONS("Assumptions and catalog sources");

    private final String title;

    ReportSection(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
