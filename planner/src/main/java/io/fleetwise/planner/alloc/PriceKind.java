package io.fleetwise.planner.alloc;

import java.util.Locale;

/** Which price a plan is costed at. */
public enum PriceKind {
    ON_DEMAND,
    /** Interruptible capacity; from the catalog this is the lowest published price (an estimate). */
    SPOT,
    /** Committed-use price; the catalog has none, so the user must enter it per GPU type. */
    RESERVED;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Accepts on_demand, on-demand, ondemand, spot, reserved (any case). */
    public static PriceKind parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (t.equals("ONDEMAND")) {
            return ON_DEMAND;
        }
        for (PriceKind k : values()) {
            if (k.name().equals(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown price kind '" + text + "'. Use one of: on_demand, spot, reserved.");
    }
}
