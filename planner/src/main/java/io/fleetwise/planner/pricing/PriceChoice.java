package io.fleetwise.planner.pricing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which offers of the price book a study may be priced with: some providers only (empty = every provider), minus
 * single offers the user struck out, and whether unverified offers count. Owned hardware is the provider
 * "owned: NAME".
 *
 * @param providers        allowed providers, compared ignoring case; empty = all
 * @param excludedOffers   {@link PriceOffer#key()}s that must not be used
 * @param allowUnverified  whether offers of quality {@link OfferQuality#UNVERIFIED} may set a price
 */
public record PriceChoice(Set<String> providers, Set<String> excludedOffers, boolean allowUnverified) {

    public PriceChoice {
        providers = sortedCopy(providers);
        excludedOffers = sortedCopy(excludedOffers);
    }

    /** Every provider, no exclusions, unverified offers left out: what a new study starts with. */
    public static PriceChoice all() {
        return new PriceChoice(Set.of(), Set.of(), false);
    }

    public static PriceChoice providers(Set<String> names) {
        return new PriceChoice(names, Set.of(), false);
    }

    public boolean allows(PriceOffer offer) {
        if (offer.quality() == OfferQuality.UNVERIFIED && !allowUnverified) {
            return false;
        }
        if (excludedOffers.contains(offer.key())) {
            return false;
        }
        return providers.isEmpty() || providers.contains(offer.provider());
    }

    public boolean allowsOwned(OwnedHardware hardware) {
        return providers.isEmpty() || providers.contains("owned: " + hardware.name());
    }

    public PriceChoice excluding(String offerKey) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(excludedOffers);
        set.add(offerKey);
        return new PriceChoice(providers, set, allowUnverified);
    }

    public PriceChoice withProviders(Set<String> names) {
        return new PriceChoice(names, excludedOffers, allowUnverified);
    }

    public PriceChoice withUnverified(boolean allow) {
        return new PriceChoice(providers, excludedOffers, allow);
    }

    /** "every provider" / "providers Lambda, RunPod; 2 offers struck out; unverified offers allowed". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(providers.isEmpty() ? "every provider" : "providers " + String.join(", ", providers));
        if (!excludedOffers.isEmpty()) {
            parts.add(excludedOffers.size() + " offer" + (excludedOffers.size() == 1 ? "" : "s") + " struck out");
        }
        if (allowUnverified) {
            parts.add("unverified offers allowed");
        }
        return String.join("; ", parts);
    }

    /** For fingerprints: stable text of the whole choice. */
    public String canonical() {
        return ("providers=" + providers + ";excluded=" + excludedOffers + ";unverified=" + allowUnverified)
                .toLowerCase(Locale.ROOT);
    }

    private static Set<String> sortedCopy(Set<String> in) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (in != null) {
            for (String s : in) {
                if (s != null && !s.isBlank()) {
                    set.add(s.trim());
                }
            }
        }
        return Collections.unmodifiableSet(set);
    }
}
