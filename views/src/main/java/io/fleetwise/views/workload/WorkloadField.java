package io.fleetwise.views.workload;

/** The typed fields of the Workload area. */
public enum WorkloadField {
    RATE_PER_S("Rate (requests/s)"),
    BURSTINESS_CV("Burstiness (CV)"),
    DIURNAL_AMPLITUDE_PCT("Diurnal swing (%)"),
    REQUESTS("Requests"),
    TTFT_MS("TTFT target (ms)"),
    TPOT_MS("TPOT target (ms)"),
    ATTAINMENT_PCT("Attainment (%)");

    private final String label;

    WorkloadField(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
