package io.fleetwise.planner.pricing;

import java.util.Locale;

/**
 * How a GPU-hour is bought. Committed kinds (reserved terms, owned hardware) are paid every hour of the term
 * whether the GPU serves or idles; on-demand and spot are paid only for the hours they run.
 */
public enum PriceKind {
    ON_DEMAND("on-demand", "on_demand", false),
    /** Interruptible capacity: cheaper, but a provider may take it back (see {@code pricing.SpotTerms}). */
    SPOT("spot", "spot", false),
    /** A one-year reservation or committed-use contract. */
    RESERVED_1Y("reserved 1-year", "reserved_1y", true),
    /** A three-year reservation or committed-use contract. */
    RESERVED_3Y("reserved 3-year", "reserved_3y", true),
    /** Hardware you buy and host: amortized purchase, power and hosting per GPU-hour ({@code pricing.OwnedHardware}). */
    OWNED("owned", "owned", true);

    private final String label;
    private final String key;
    private final boolean committed;

    PriceKind(String label, String key, boolean committed) {
        this.label = label;
        this.key = key;
        this.committed = committed;
    }

    /** Words for people: "on-demand", "reserved 1-year". */
    public String label() {
        return label;
    }

    /** The token files and the command line use: on_demand, spot, reserved_1y, reserved_3y, owned. */
    public String key() {
        return key;
    }

    /** Paid for the whole term whether used or not (a baseline), as opposed to paid per hour used. */
    public boolean isCommitted() {
        return committed;
    }

    /**
     * Accepts the keys and labels in any case, with '-', '_' or ' ' between words; "reserved" alone (and
     * "committed") means the one-year term, the usual commitment.
     */
    public static PriceKind parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        switch (t) {
            case "on_demand":
            case "ondemand":
                return ON_DEMAND;
            case "spot":
            case "preemptible":
                return SPOT;
            case "reserved":
            case "committed":
            case "reserved_1y":
            case "reserved_1_year":
            case "committed_1y":
            case "1y":
                return RESERVED_1Y;
            case "reserved_3y":
            case "reserved_3_year":
            case "committed_3y":
            case "3y":
                return RESERVED_3Y;
            case "owned":
            case "own":
                return OWNED;
            default:
                throw new IllegalArgumentException("Unknown price kind '" + text
                        + "'. Use one of: on_demand, spot, reserved (= reserved_1y), reserved_3y, owned.");
        }
    }
}
