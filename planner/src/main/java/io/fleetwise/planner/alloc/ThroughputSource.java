package io.fleetwise.planner.alloc;

/** Where a candidate's per-bucket throughput figures came from, shown next to every plan. */
public enum ThroughputSource {
    /** Our simulator's capacity search (max request rate under the SLO). */
    SIMULATED("simulated"),
    /** A table measured elsewhere and imported (e.g. Mélange's profiled {@code tputs}). */
    MEASURED_IMPORTED("measured (imported)");

    private final String label;

    ThroughputSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
