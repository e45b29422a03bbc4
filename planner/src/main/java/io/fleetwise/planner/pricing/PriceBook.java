package io.fleetwise.planner.pricing;


import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every price offer Fleetwise may cost a plan with, the owned hardware the user entered, and the book's rules
 * ({@link PriceBookSettings}). Which offer becomes a GPU type's price for a kind is {@link PriceResolver}'s job.
 * Immutable; at most one offer per {@link PriceOffer#key()}.
 */
public record PriceBook(List<PriceOffer> offers, List<OwnedHardware> owned, PriceBookSettings settings) {

    public PriceBook {
        offers = List.copyOf(offers);
        owned = List.copyOf(owned);
        Objects.requireNonNull(settings, "settings");
        Set<String> keys = new HashSet<>();
        for (PriceOffer o : offers) {
            if (!keys.add(o.key().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("The price book lists offer " + o.key()
                        + " twice (same GPU type, provider, instance, region, kind and date); keep one");
            }
        }
        Set<String> names = new HashSet<>();
        for (OwnedHardware h : owned) {
            if (!names.add(h.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Two owned-hardware entries are both named '" + h.name() + "'");
            }
        }
    }

    public static PriceBook empty() {
        return new PriceBook(List.of(), List.of(), PriceBookSettings.defaults());
    }

    /** Offers of one kind for a GPU type (name compared ignoring case), in book order. */
    public List<PriceOffer> offers(String gpuType, PriceKind kind) {
        return offers.stream().filter(o -> o.kind() == kind && o.gpuType().equalsIgnoreCase(gpuType)).toList();
    }

    public List<PriceOffer> offersFor(String gpuType) {
        return offers.stream().filter(o -> o.gpuType().equalsIgnoreCase(gpuType)).toList();
    }

    public List<OwnedHardware> ownedFor(String gpuType) {
        return owned.stream().filter(h -> h.gpuType().equalsIgnoreCase(gpuType)).toList();
    }

    /** GPU type names with at least one offer or owned entry, sorted. */
    public Set<String> gpuTypes() {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        offers.forEach(o -> names.add(o.gpuType()));
        owned.forEach(h -> names.add(h.gpuType()));
        return names;
    }

    /** Providers named by the offers, sorted. */
    public Set<String> providers() {
        return offers.stream().map(PriceOffer::provider).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The book with {@code offer} added, or replacing the offer with the same key. */
    public PriceBook withOffer(PriceOffer offer) {
        List<PriceOffer> list = new ArrayList<>(offers);
        list.removeIf(o -> o.key().equalsIgnoreCase(offer.key()));
        list.add(offer);
        return new PriceBook(list, owned, settings);
    }

    public PriceBook withoutOffer(String key) {
        List<PriceOffer> list = new ArrayList<>(offers);
        list.removeIf(o -> o.key().equalsIgnoreCase(key));
        return new PriceBook(list, owned, settings);
    }

    public PriceBook withOffers(List<PriceOffer> newOffers) {
        return new PriceBook(newOffers, owned, settings);
    }

    public PriceBook withOwned(List<OwnedHardware> newOwned) {
        return new PriceBook(offers, newOwned, settings);
    }

    public PriceBook withSettings(PriceBookSettings newSettings) {
        return new PriceBook(offers, owned, newSettings);
    }

    /**
     * A short hash of everything that can change a price (offers, owned hardware, rules), so a result can say
     * which book it was priced with and go stale when the book changes. Offer order does not matter.
     */
    public String fingerprint() {
        List<String> lines = new ArrayList<>();
        for (PriceOffer o : offers) {
            lines.add(String.join("|", o.key().toLowerCase(Locale.ROOT), Double.toString(o.pricePerGpuHour()),
                    o.currency(), o.quality().key(), Double.toString(o.interruptionsPerHour())));
        }
        for (OwnedHardware h : owned) {
            lines.add("owned|" + h);
        }
        lines.sort(null);
        lines.add(settings.canonical());
        return sha256(String.join("\n", lines)).substring(0, 12);
    }

    static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
