package io.fleetwise.planner.catalog;

import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.pricing.CatalogPrices;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.pricing.ShippedPriceBook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/** The GPU types and model architectures Fleetwise knows, in catalog order. Immutable. */
public record Catalog(List<GpuType> gpus, List<ModelSpec> models) {

    public Catalog {
        gpus = List.copyOf(gpus);
        models = List.copyOf(models);
    }

    /**
     * The catalog shipped in this jar, each GPU type priced at the shipped price book's on-demand default
     * ({@link ShippedPriceBook}, rule in {@link PriceResolver}).
     */
    public static Catalog builtIn() {
        Catalog raw = CatalogLoader.loadBuiltIn();
        PriceResolver shipped = new PriceResolver(ShippedPriceBook.load(), PriceChoice.all());
        return new Catalog(CatalogPrices.priced(raw.gpus(), shipped), raw.models());
    }

    /** The same catalog with every GPU type priced from a price book as a study chose it. */
    public Catalog pricedFrom(PriceResolver resolver) {
        return new Catalog(CatalogPrices.priced(gpus, resolver), models);
    }

    /** Looks a GPU up by name, ignoring case; the message lists the names there are. */
    public GpuType gpu(String name) {
        return gpus.stream().filter(g -> g.name().equalsIgnoreCase(name.trim())).findFirst()
                .orElseThrow(() -> new NoSuchElementException("No GPU type named '" + name + "'. Known: "
                        + gpus.stream().map(GpuType::name).collect(Collectors.joining(", "))));
    }

    public ModelSpec model(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return models.stream()
                .filter(m -> m.name().toLowerCase(Locale.ROOT).equals(wanted) || m.hfRepo().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("No model named '" + name + "'. Known: "
                        + models.stream().map(ModelSpec::name).collect(Collectors.joining(", "))
                        + ". Maybe import its Hugging Face config.json."));
    }

    /** A catalog with one GPU replaced (same name), e.g. after a price override. */
    public Catalog withGpu(GpuType replacement) {
        List<GpuType> list = new ArrayList<>(gpus);
        list.replaceAll(g -> g.name().equals(replacement.name()) ? replacement : g);
        return new Catalog(list, models);
    }

    /** A catalog with one more model, or the model of the same name replaced. */
    public Catalog withModel(ModelSpec model) {
        List<ModelSpec> list = new ArrayList<>(models);
        list.removeIf(m -> m.name().equals(model.name()));
        list.add(model);
        return new Catalog(gpus, list);
    }
}
