package io.fleetwise.views.catalog;

import io.fleetwise.datastore.catalog.CatalogStore;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.HuggingFaceConfigImporter;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The Catalog area: GPUs and models (built-in plus the user's overrides and imports), a text filter
 * over both, price edits validated before they are stored, and model import from a Hugging Face
 * config.json. {@link #messageProperty()} tells the user what happened, errors included.
 */
public final class CatalogViewModel {

    private final CatalogStore store;
    private final TaskExecutor executor;
    private final Clock clock;
    private final ObservableList<GpuType> gpus = FXCollections.observableArrayList();
    private final ObservableList<ModelSpec> models = FXCollections.observableArrayList();
    private final FilteredList<GpuType> filteredGpus = new FilteredList<>(gpus);
    private final FilteredList<ModelSpec> filteredModels = new FilteredList<>(models);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError", false);
    private final ReadOnlyBooleanWrapper importing = new ReadOnlyBooleanWrapper(this, "importing", false);

    public CatalogViewModel(CatalogStore store, TaskExecutor executor, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        filteredGpus.predicateProperty().bind(Bindings.createObjectBinding(
                () -> matching(filterText.get(), CatalogViewModel::gpuWords), filterText));
        filteredModels.predicateProperty().bind(Bindings.createObjectBinding(
                () -> matching(filterText.get(), CatalogViewModel::modelWords), filterText));
        reload();
    }

    /** Reads the catalog again from the store. */
    public void reload() {
        Catalog catalog = store.current();
        gpus.setAll(catalog.gpus());
        models.setAll(catalog.models());
    }

    /**
     * Validates {@code text} as a price in USD per hour and stores it as an override for the GPU.
     * On bad input nothing is stored, the old price stays, and the message says why.
     *
     * @return whether the price was stored
     */
    public boolean commitPrice(String gpuName, String text) {
        String trimmed = text == null ? "" : text.trim().replace("$", "");
        double usdPerHour;
        try {
            usdPerHour = Double.parseDouble(trimmed);
        } catch (NumberFormatException e) {
            return error("Price for " + gpuName + ": '" + text + "' is not a number. Enter USD per hour, e.g. 2.49.");
        }
        if (!(usdPerHour > 0) || Double.isInfinite(usdPerHour)) {
            return error("Price for " + gpuName + ": must be a positive number of USD per hour, was '" + text + "'.");
        }
        try {
            store.overridePrice(gpuName, usdPerHour, LocalDate.now(clock), "entered in the Catalog");
        } catch (RuntimeException e) {
            return error("Price for " + gpuName + " was not saved: " + e.getMessage());
        }
        reload();
        info(String.format(Locale.ROOT, "Price for %s set to $%.2f/h (stored as your override).", gpuName, usdPerHour));
        return true;
    }

    /** Goes back to the catalog's own price for the GPU. */
    public void resetPrice(String gpuName) {
        boolean had = store.resetPrice(gpuName);
        reload();
        info(had ? "Price for " + gpuName + " is the catalog price again." : gpuName + " has no override.");
    }

    /** Imports a Hugging Face config.json off the UI thread; the result or the error lands in the message. */
    public void importModel(Path configJson) {
        importing.set(true);
        info("Importing " + configJson + " ...");
        BackgroundTask.wrap("Import " + configJson.getFileName(), progress -> {
                    progress.progress(0.1, "Reading " + configJson.getFileName());
                    ModelSpec model = HuggingFaceConfigImporter.importFile(configJson, null);
                    progress.progress(0.7, "Storing " + model.name());
                    store.addModel(model, configJson.toString());
                    return model;
                })
                .onSuccess(model -> {
                    reload();
                    info("Imported model " + model.name() + " (" + model.numLayers() + " layers, hidden "
                            + model.hiddenSize() + ") from " + configJson + ".");
                })
                .onFailure(e -> error("Import failed: " + e.getMessage()))
                .onCancelled(() -> info("Import of " + configJson + " cancelled; nothing was stored."))
                .onFinished(() -> importing.set(false))
                .executeWith(executor);
    }

    static <T> Predicate<T> matching(String filter, java.util.function.Function<T, Stream<String>> words) {
        String needle = filter == null ? "" : filter.trim().toLowerCase(Locale.ROOT);
        if (needle.isEmpty()) {
            return t -> true;
        }
        return t -> words.apply(t).anyMatch(w -> w != null && w.toLowerCase(Locale.ROOT).contains(needle));
    }

    private static Stream<String> gpuWords(GpuType g) {
        return Stream.of(g.name(), g.vendor(), g.architecture(), g.formFactor(), g.memoryType(), g.interconnect());
    }

    private static Stream<String> modelWords(ModelSpec m) {
        return Stream.of(m.name(), m.hfRepo(), m.nativeWeightDtype().label(), m.notes());
    }

    private boolean error(String text) {
        message.set(text);
        messageIsError.set(true);
        return false;
    }

    private void info(String text) {
        message.set(text);
        messageIsError.set(false);
    }

    /** True when the price shown for the GPU is the user's override rather than the catalog's. */
    public static boolean isOverridden(GpuType gpu) {
        return gpu.price().source().startsWith(CatalogStore.OVERRIDE_SOURCE_PREFIX);
    }

    public static String formatPrice(GpuType gpu) {
        if (!gpu.price().isKnown()) {
            return "";
        }
        // up to 3 decimals, so 0.526 is not shown as 0.53 (an edit would otherwise store a rounded price)
        return new java.math.BigDecimal(gpu.price().onDemandUsdPerHour()).setScale(3, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    public ObservableList<GpuType> filteredGpus() {
        return filteredGpus;
    }

    public ObservableList<ModelSpec> filteredModels() {
        return filteredModels;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty importingProperty() {
        return importing.getReadOnlyProperty();
    }
}
