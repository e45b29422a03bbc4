package io.fleetwise.datastore.catalog;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The catalog the user works with: the built-in one, with the user's price overrides applied and
 * imported models added. Overridden prices say so in their source.
 */
public final class CatalogStore {

    public static final String OVERRIDE_SOURCE_PREFIX = "user override";

    private final Catalog builtIn;
    private final CatalogOverrideRepository overrides;
    private final UserModelRepository userModels;

    public CatalogStore(Catalog builtIn, CatalogOverrideRepository overrides, UserModelRepository userModels) {
        this.builtIn = Objects.requireNonNull(builtIn, "builtIn");
        this.overrides = Objects.requireNonNull(overrides, "overrides");
        this.userModels = Objects.requireNonNull(userModels, "userModels");
    }

    public Catalog builtIn() {
        return builtIn;
    }

    /** Built-in + overrides + imports, read fresh from the store. */
    public Catalog current() {
        Catalog catalog = builtIn;
        for (PriceOverride o : overrides.findAll()) {
            boolean known = catalog.gpus().stream().anyMatch(g -> g.name().equals(o.gpuName()));
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

    /** Sets a GPU's on-demand price; the GPU must exist in the catalog. */
    public PriceOverride overridePrice(String gpuName, double usdPerHour, LocalDate asOf, String note) {
        GpuType gpu = builtIn.gpu(gpuName);
        PriceOverride override = new PriceOverride(gpu.name(), usdPerHour, asOf, note);
        overrides.save(override);
        return override;
    }

    public boolean resetPrice(String gpuName) {
        return overrides.delete(builtIn.gpu(gpuName).name());
    }

    public void addModel(ModelSpec model, String sourceFile) {
        userModels.save(model, sourceFile);
    }
}
