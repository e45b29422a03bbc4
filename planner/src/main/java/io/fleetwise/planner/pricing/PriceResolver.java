package io.fleetwise.planner.pricing;

import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.perf.EnergyModel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks the one price a GPU type is costed at for a kind, the same way everywhere (GUI, command line, report):
 *
 * <ol>
 * <li>Your negotiated offer of that kind, if the study allows one (the newest, if several).</li>
 * <li>Else the median of the listed and secondary offers of that kind the study allows, taken within the book's
 *     date window: {@code windowMonths} before the newest such offer of that kind anywhere in the book, so every GPU
 *     type is priced from the same period and a 2024 list price never meets a 2026 marketplace price. A type with no
 *     offer in that window uses the window before its own newest offer, and says so.</li>
 * <li>Reserved terms with no such offer: the on-demand price less the book's commitment discount for the term.</li>
 * <li>Owned: the newest owned-hardware entry for the type, costed by {@link OwnedHardware#cost}.</li>
 * <li>Spot keeps its interruption rate (the offers', else the book's) and the on-demand price as the fallback; a
 *     type without an on-demand price cannot be bought as spot.</li>
 * </ol>
 * Offers in a currency the book has no exchange rate for are skipped, and the message says so.
 */
public final class PriceResolver {

    private final PriceBook book;
    private final PriceChoice choice;
    private final EnergyModel energy;

    public PriceResolver(PriceBook book, PriceChoice choice, EnergyModel energy) {
        this.book = Objects.requireNonNull(book, "book");
        this.choice = Objects.requireNonNull(choice, "choice");
        this.energy = Objects.requireNonNull(energy, "energy");
    }

    public PriceResolver(PriceBook book, PriceChoice choice) {
        this(book, choice, EnergyModel.standard());
    }

    public PriceBook book() {
        return book;
    }

    public PriceChoice choice() {
        return choice;
    }

    /** @throws NoPriceException when the book (as the study chose it) has no price of this kind for the type */
    public ResolvedPrice resolve(GpuType gpu, PriceKind kind) {
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(kind, "kind");
        switch (kind) {
            case OWNED:
                return owned(gpu);
            case SPOT:
                return spot(gpu);
            case RESERVED_1Y:
            case RESERVED_3Y:
                return reserved(gpu, kind);
            default:
                return listed(gpu, kind).orElseThrow(() -> new NoPriceException(missing(gpu, kind)));
        }
    }

    public Optional<ResolvedPrice> tryResolve(GpuType gpu, PriceKind kind) {
        try {
            return Optional.of(resolve(gpu, kind));
        } catch (NoPriceException e) {
            return Optional.empty();
        }
    }

    private ResolvedPrice owned(GpuType gpu) {
        List<OwnedHardware> entries = new ArrayList<>();
        for (OwnedHardware h : book.ownedFor(gpu.name())) {
            if (choice.allowsOwned(h)) {
                entries.add(h);
            }
        }
        if (entries.isEmpty()) {
            throw new NoPriceException("No owned hardware of " + gpu.name() + " in the price book"
                    + (book.ownedFor(gpu.name()).isEmpty() ? "" : " that this study allows")
                    + "; add it with its purchase price, amortization, power and hosting");
        }
        entries.sort(Comparator.comparing(OwnedHardware::asOf).thenComparing(OwnedHardware::name));
        OwnedHardware newest = entries.get(entries.size() - 1);
        PriceOffer offer = newest.toOffer(gpu, energy);
        return new ResolvedPrice(gpu.name(), PriceKind.OWNED, offer.pricePerGpuHour(), List.of(offer),
                "your owned hardware '" + newest.name() + "': " + offer.source()
                        + (entries.size() > 1 ? " (newest of " + entries.size() + " entries)" : ""), 0, 0, 0);
    }

    private ResolvedPrice spot(GpuType gpu) {
        ResolvedPrice spot = listed(gpu, PriceKind.SPOT).orElseThrow(() -> new NoPriceException(missing(gpu, PriceKind.SPOT)
                + ". Spot capacity is sold per market; add a spot offer to buy " + gpu.name() + " as spot"));
        ResolvedPrice fallback = listed(gpu, PriceKind.ON_DEMAND).orElseThrow(() -> new NoPriceException(
                "No on-demand price for " + gpu.name() + " to fall back on when spot capacity is taken back, so it "
                        + "cannot be planned as spot; add an on-demand offer"));
        List<Double> rates = new ArrayList<>();
        for (PriceOffer o : spot.basis()) {
            if (!Double.isNaN(o.interruptionsPerHour())) {
                rates.add(o.interruptionsPerHour());
            }
        }
        PriceBookSettings s = book.settings();
        double rate = rates.isEmpty() ? s.spotInterruptionsPerHour() : median(rates);
        String rateWords = rates.isEmpty()
                ? "interruption rate " + PriceOffer.trimmed(rate) + "/h from the book (" + s.spotSource() + ")"
                : "interruption rate " + PriceOffer.trimmed(rate) + "/h from the offers";
        return new ResolvedPrice(gpu.name(), PriceKind.SPOT, spot.usdPerGpuHour(), spot.basis(),
                spot.rule() + "; " + rateWords + "; fallback on-demand " + PriceOffer.trimmed(fallback.usdPerGpuHour())
                        + " USD/GPU-h for " + PriceOffer.trimmed(s.spotFallbackHours()) + " h",
                rate, fallback.usdPerGpuHour(), s.spotFallbackHours());
    }

    private ResolvedPrice reserved(GpuType gpu, PriceKind kind) {
        Optional<ResolvedPrice> listed = listed(gpu, kind);
        if (listed.isPresent()) {
            return listed.get();
        }
        ResolvedPrice onDemand = listed(gpu, PriceKind.ON_DEMAND).orElseThrow(() -> new NoPriceException(
                missing(gpu, kind) + ", and no on-demand price to derive one from"));
        double discount = kind == PriceKind.RESERVED_1Y ? book.settings().reserved1yDiscount()
                : book.settings().reserved3yDiscount();
        double price = onDemand.usdPerGpuHour() * (1 - discount);
        return new ResolvedPrice(gpu.name(), kind, price, onDemand.basis(), String.format(Locale.ROOT,
                "no %s offer listed: on-demand %s x (1 - %s %%) commitment discount (%s); on-demand: %s", kind.label(),
                PriceOffer.trimmed(onDemand.usdPerGpuHour()), PriceOffer.trimmed(100 * discount),
                book.settings().discountSource(), onDemand.rule()), 0, 0, 0);
    }

    /** The negotiated or windowed-median price of offers of exactly this kind; empty when there are none. */
    private Optional<ResolvedPrice> listed(GpuType gpu, PriceKind kind) {
        List<PriceOffer> usable = new ArrayList<>();
        for (PriceOffer o : book.offers(gpu.name(), kind)) {
            if (choice.allows(o) && !Double.isNaN(usd(o))) {
                usable.add(o);
            }
        }
        List<PriceOffer> negotiated = usable.stream().filter(o -> o.quality() == OfferQuality.NEGOTIATED)
                .sorted(Comparator.comparing(PriceOffer::asOf)).toList();
        if (!negotiated.isEmpty()) {
            PriceOffer newest = negotiated.get(negotiated.size() - 1);
            return Optional.of(new ResolvedPrice(gpu.name(), kind, usd(newest), List.of(newest),
                    "your negotiated offer: " + newest.describe()
                            + (negotiated.size() > 1 ? " (newest of " + negotiated.size() + ")" : ""), 0, 0, 0));
        }
        List<PriceOffer> rated = usable.stream().filter(o -> o.quality() != OfferQuality.NEGOTIATED).toList();
        if (rated.isEmpty()) {
            return Optional.empty();
        }
        int months = book.settings().windowMonths();
        LocalDate anchor = bookAnchor(kind);
        LocalDate from = anchor.minusMonths(months);
        List<PriceOffer> window = rated.stream().filter(o -> !o.asOf().isBefore(from)).toList();
        String windowWords = String.format(Locale.ROOT, "offers dated %s to %s (the book's %d-month window)", from, anchor,
                months);
        if (window.isEmpty()) {
            LocalDate own = rated.stream().map(PriceOffer::asOf).max(LocalDate::compareTo).orElseThrow();
            LocalDate ownFrom = own.minusMonths(months);
            window = rated.stream().filter(o -> !o.asOf().isBefore(ownFrom)).toList();
            windowWords = String.format(Locale.ROOT, "offers dated %s to %s (%s has none in the book's window ending %s)",
                    ownFrom, own, gpu.name(), anchor);
        }
        List<Double> prices = new ArrayList<>();
        for (PriceOffer o : window) {
            prices.add(usd(o));
        }
        double price = median(prices);
        String rule = window.size() == 1
                ? "the one " + kind.label() + " offer among " + windowWords + ": " + window.get(0).describe()
                : String.format(Locale.ROOT, "median of %d %s offers among %s", window.size(), kind.label(), windowWords);
        int older = rated.size() - window.size();
        if (older > 0) {
            rule += "; " + older + " older offer" + (older == 1 ? "" : "s") + " left out";
        }
        return Optional.of(new ResolvedPrice(gpu.name(), kind, price, window, rule, 0, 0, 0));
    }

    /** The newest date of any offer of this kind the study may use, over the whole book. */
    private LocalDate bookAnchor(PriceKind kind) {
        LocalDate newest = LocalDate.MIN;
        for (PriceOffer o : book.offers()) {
            if (o.kind() == kind && o.quality() != OfferQuality.NEGOTIATED && choice.allows(o) && !Double.isNaN(usd(o))
                    && o.asOf().isAfter(newest)) {
                newest = o.asOf();
            }
        }
        return newest;
    }

    private double usd(PriceOffer o) {
        return book.settings().toUsd(o.pricePerGpuHour(), o.currency());
    }

    private String missing(GpuType gpu, PriceKind kind) {
        List<PriceOffer> all = book.offers(gpu.name(), kind);
        if (all.isEmpty()) {
            return "No " + kind.label() + " offer for " + gpu.name() + " in the price book";
        }
        long noRate = all.stream().filter(o -> Double.isNaN(usd(o))).count();
        long unverified = all.stream().filter(o -> o.quality() == OfferQuality.UNVERIFIED).count();
        StringBuilder sb = new StringBuilder("No usable " + kind.label() + " offer for " + gpu.name() + ": the book has "
                + all.size() + " but this study's choice (" + choice.describe() + ") leaves none");
        if (noRate > 0) {
            sb.append("; ").append(noRate).append(" in a currency the book has no exchange rate for");
        }
        if (unverified > 0 && !choice.allowUnverified()) {
            sb.append("; ").append(unverified).append(" unverified (allow unverified offers to use them)");
        }
        return sb.toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        if (n == 0) {
            throw new IllegalArgumentException("median of nothing");
        }
        return n % 2 == 1 ? sorted.get(n / 2) : 0.5 * (sorted.get(n / 2 - 1) + sorted.get(n / 2));
    }
}
