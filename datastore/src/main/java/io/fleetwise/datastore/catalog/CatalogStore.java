package io.fleetwise.datastore.catalog;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.UserGpuType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.pricing.CatalogPrices;
import io.fleetwise.planner.pricing.OfferQuality;
import io.fleetwise.planner.pricing.PriceBook;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.PriceOffer;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.pricing.ShippedPriceBook;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The catalog the user works with: the built-in GPU types plus the ones the user added, priced from the user's price
 * book (the shipped book until the store has its own), with the user's price overrides and imported models.
 * Overridden prices say so in their source, and are negotiated on-demand offers in the book, so the allocator
 * prices with them too.
 */
public final class CatalogStore {

    public static final String OVERRIDE_SOURCE_PREFIX = "user override";
    /** The provider name a price override has in the price book. */
    public static final String OVERRIDE_PROVIDER = "your override";

    private final Catalog builtIn;
    private final CatalogOverrideRepository overrides;
    private final UserModelRepository userModels;
    private final Optional<PriceBookRepository> priceBooks;
    private final Optional<UserGpuTypeRepository> userGpus;

    /** A store with the shipped price book and no user GPU types (tests of the older parts). */
    public CatalogStore(Catalog builtIn, CatalogOverrideRepository overrides, UserModelRepository userModels) {
        this(builtIn, overrides, userModels, null, null);
    }

    public CatalogStore(Catalog builtIn, CatalogOverrideRepository overrides, UserModelRepository userModels,
                        PriceBookRepository priceBooks, UserGpuTypeRepository userGpus) {
        this.builtIn = Objects.requireNonNull(builtIn, "builtIn");
        this.overrides = Objects.requireNonNull(overrides, "overrides");
        this.userModels = Objects.requireNonNull(userModels, "userModels");
        this.priceBooks = Optional.ofNullable(priceBooks);
        this.userGpus = Optional.ofNullable(userGpus);
    }

    public Catalog builtIn() {
        return builtIn;
    }

    /** Built-in and user GPU types priced from the book, overrides and imports, read fresh from the store. */
    public Catalog current() {
        List<GpuType> gpus = new ArrayList<>(builtIn.gpus());
        for (UserGpuType t : userGpuTypes()) {
            gpus.add(t.toGpuType());
        }
        Catalog catalog = new Catalog(CatalogPrices.priced(gpus, resolver(PriceChoice.all())), builtIn.models());
        for (PriceOverride o : overrides.findAll()) {
            boolean known = catalog.gpus().stream().anyMatch(g -> g.name().equalsIgnoreCase(o.gpuName()));
            if (known) {
                GpuType gpu = catalog.gpu(o.gpuName());
                String source = OVERRIDE_SOURCE_PREFIX + (o.note().isBlank() ? "" : ": " + o.note());
                catalog = catalog.withGpu(gpu.withPrice(gpu.price().withOnDemand(o.usdPerHour(), o.asOf(), source)));
            }
        }
        for (ModelSpec model : userModels.findAll()) {
            catalog = catalog.withModel(model);
        }
        return catalog;
    }

    /** The price book: the stored one (or the shipped one), with every price override as a negotiated offer. */
    public PriceBook priceBook() {
        PriceBook book = priceBooks.map(PriceBookRepository::load).orElseGet(ShippedPriceBook::load);
        for (PriceOverride o : overrides.findAll()) {
            book = book.withOffer(overrideOffer(o));
        }
        return book;
    }

    /** Prices as a study chose them from the book. */
    public PriceResolver resolver(PriceChoice choice) {
        return new PriceResolver(priceBook(), choice);
    }

    /** The stored book itself, for editing; empty for a store built without one. */
    public Optional<PriceBookRepository> priceBookRepository() {
        return priceBooks;
    }

    /** Sets a GPU's on-demand price; the GPU must exist in the catalog. */
    public PriceOverride overridePrice(String gpuName, double usdPerHour, LocalDate asOf, String note) {
        GpuType gpu = current().gpu(gpuName);
        PriceOverride override = new PriceOverride(gpu.name(), usdPerHour, asOf, note);
        overrides.save(override);
        return override;
    }

    public boolean resetPrice(String gpuName) {
        return overrides.delete(current().gpu(gpuName).name());
    }

    public void addModel(ModelSpec model, String sourceFile) {
        userModels.save(model, sourceFile);
    }

    public List<UserGpuType> userGpuTypes() {
        return userGpus.map(UserGpuTypeRepository::findAll).orElse(List.of());
    }

    /**
     * Adds or replaces a user GPU type. Its name must not be a built-in type's, and a catalog type it borrows
     * efficiency curves from must exist (a stored calibration is checked by whoever knows the calibrations).
     */
    public void saveGpuType(UserGpuType type) {
        UserGpuTypeRepository repo = userGpus.orElseThrow(() -> new IllegalStateException("This store keeps no GPU types"));
        if (builtIn.gpus().stream().anyMatch(g -> g.name().equalsIgnoreCase(type.name()))) {
            throw new IllegalArgumentException("'" + type.name() + "' is a built-in GPU type; give yours another name "
                    + "(e.g. " + type.name() + "-custom)");
        }
        type.borrowedCatalogType().ifPresent(from -> {
            boolean known = builtIn.gpus().stream().anyMatch(g -> g.name().equalsIgnoreCase(from))
                    || userGpuTypes().stream().anyMatch(t -> t.name().equalsIgnoreCase(from) && !t.name().equalsIgnoreCase(type.name()));
            if (!known) {
                throw new IllegalArgumentException("GPU type " + type.name() + " borrows efficiency curves from '" + from
                        + "', which is not in the catalog. Known: " + String.join(", ", current().gpus().stream()
                        .map(GpuType::name).toList()));
            }
        });
        repo.save(type);
    }

    /** Removes a user GPU type; returns whether there was one. Its price offers stay in the book. */
    public boolean deleteGpuType(String name) {
        if (builtIn.gpus().stream().anyMatch(g -> g.name().equalsIgnoreCase(name))) {
            throw new IllegalArgumentException("'" + name + "' is a built-in GPU type and cannot be deleted");
        }
        return userGpus.map(r -> r.delete(name)).orElse(false);
    }

    private static PriceOffer overrideOffer(PriceOverride o) {
        return new PriceOffer(o.gpuName(), OVERRIDE_PROVIDER, "", "", PriceKind.ON_DEMAND, o.usdPerHour(), "USD", o.asOf(),
                "catalog set-price" + (o.note().isBlank() ? "" : ": " + o.note()), OfferQuality.NEGOTIATED, Double.NaN,
                o.note());
    }
}
