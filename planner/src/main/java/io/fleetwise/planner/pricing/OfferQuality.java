package io.fleetwise.planner.pricing;

import java.util.Locale;

/** How far a price offer can be trusted, which decides whether the default rule may pick it. */
public enum OfferQuality {
    /** Your own quote or contract: when allowed it is the price, ahead of any listed offer. */
    NEGOTIATED("negotiated"),
    /** A provider's own price list, or a catalog snapshot of it (e.g. skypilot-catalog). */
    LIST("list"),
    /** A third-party page quoting a provider's price. */
    SECONDARY("secondary"),
    /** Recalled or not checked against any page: kept for reference, never picked by the default rule. */
    UNVERIFIED("unverified");

    private final String key;

    OfferQuality(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static OfferQuality parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (OfferQuality q : values()) {
            if (q.key.equals(t)) {
                return q;
            }
        }
        throw new IllegalArgumentException("Unknown offer quality '" + text
                + "'. Use one of: negotiated, list, secondary, unverified.");
    }
}
