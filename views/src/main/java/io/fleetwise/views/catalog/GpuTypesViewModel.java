package io.fleetwise.views.catalog;

import io.fleetwise.datastore.catalog.CatalogStore;
import io.fleetwise.planner.catalog.UserGpuType;
import io.fleetwise.planner.model.GpuType;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * GPU types of the user's own in the Catalog area: a form (start from a catalog type, change what differs: memory in
 * bytes as the device reports it, bandwidth, dense TFLOPS per format, links, TDP, whose efficiency curves to borrow),
 * validated as it is typed; save and delete go to the store. Never touches a Node.
 */
public final class GpuTypesViewModel {

    private final CatalogStore store;
    private final Supplier<List<String>> calibrations;
    private final Runnable onChange;
    private final ObservableList<UserGpuType> types = FXCollections.observableArrayList();
    private final ObservableList<String> baseNames = FXCollections.observableArrayList();
    private final ObservableList<String> efficiencyChoices = FXCollections.observableArrayList();

    private final StringProperty name = field("name");
    private final StringProperty vendor = field("vendor");
    private final StringProperty memoryBytes = field("memoryBytes");
    private final StringProperty bandwidthGbps = field("bandwidthGbps");
    private final StringProperty bf16Tflops = field("bf16Tflops");
    private final StringProperty fp16Tflops = field("fp16Tflops");
    private final StringProperty fp8Tflops = field("fp8Tflops");
    private final StringProperty int8Tops = field("int8Tops");
    private final StringProperty interconnect = field("interconnect");
    private final StringProperty linkGbps = field("linkGbps");
    private final StringProperty pcieGbps = field("pcieGbps");
    private final StringProperty tdpW = field("tdpW");
    private final StringProperty efficiencyFrom = field("efficiencyFrom");
    private final StringProperty specSource = field("specSource");
    private final ReadOnlyStringWrapper validation = new ReadOnlyStringWrapper(this, "validation", "");
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(this, "canSave", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError", false);
    private UserGpuType base;

    /**
     * @param calibrations stored calibrations a type may borrow, as "calibration:ID" with a label after a space
     */
    public GpuTypesViewModel(CatalogStore store, Supplier<List<String>> calibrations, Runnable onChange) {
        this.store = Objects.requireNonNull(store, "store");
        this.calibrations = Objects.requireNonNull(calibrations, "calibrations");
        this.onChange = onChange == null ? () -> { } : onChange;
        for (Observable o : List.of(name, memoryBytes, bandwidthGbps, bf16Tflops, fp16Tflops, fp8Tflops, int8Tops, linkGbps,
                pcieGbps, tdpW, efficiencyFrom)) {
            o.addListener(x -> validate());
        }
        reload();
        startLike(baseNames.contains("H100-SXM") ? "H100-SXM" : baseNames.get(0));
    }

    public void reload() {
        types.setAll(store.userGpuTypes());
        baseNames.setAll(store.current().gpus().stream().map(GpuType::name).toList());
        List<String> choices = new ArrayList<>();
        baseNames.forEach(n -> choices.add(UserGpuType.FROM_CATALOG + n));
        choices.addAll(calibrations.get());
        efficiencyChoices.setAll(choices);
    }

    /** Fills the form from a catalog type (its figures, borrowing its curves) under a new name. */
    public void startLike(String catalogType) {
        GpuType g = store.current().gpu(catalogType);
        fill(UserGpuType.like(g, suggestName(g.name())));
        message.set("");
    }

    /** Fills the form with a type the user added, to change it. */
    public void edit(UserGpuType t) {
        if (t != null) {
            fill(t);
        }
    }

    private void fill(UserGpuType t) {
        base = t;
        name.set(t.name());
        vendor.set(t.vendor());
        memoryBytes.set(Long.toString(t.memoryBytes()));
        bandwidthGbps.set(PriceBookViewModel.num(t.memBandwidthGBps()));
        bf16Tflops.set(PriceBookViewModel.num(t.bf16Tflops()));
        fp16Tflops.set(PriceBookViewModel.num(t.fp16Tflops()));
        fp8Tflops.set(PriceBookViewModel.num(t.fp8Tflops()));
        int8Tops.set(PriceBookViewModel.num(t.int8Tops()));
        interconnect.set(t.interconnect());
        linkGbps.set(PriceBookViewModel.num(t.linkBandwidthGBps()));
        pcieGbps.set(PriceBookViewModel.num(t.pcieGBps()));
        tdpW.set(PriceBookViewModel.num(t.tdpW()));
        efficiencyFrom.set(t.efficiencyFrom());
        specSource.set(t.specSource());
        validate();
    }

    private String suggestName(String from) {
        String n = from + "-custom";
        int i = 2;
        while (baseNames.contains(n)) {
            n = from + "-custom-" + i++;
        }
        return n;
    }

    private UserGpuType validate() {
        try {
            UserGpuType t = typed();
            validation.set("");
            canSave.set(true);
            return t;
        } catch (RuntimeException e) {
            validation.set(e.getMessage());
            canSave.set(false);
            return null;
        }
    }

    private UserGpuType typed() {
        long bytes;
        String b = text(memoryBytes);
        try {
            bytes = Long.parseLong(b.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Memory: '" + b + "' is not a whole number of bytes (as nvidia-smi or "
                    + "cudaMemGetInfo reports it, e.g. 85899345920)");
        }
        String from = text(efficiencyFrom).split(" ")[0];
        return new UserGpuType(text(name), text(vendor), base == null ? "" : base.architecture(),
                base == null ? "" : base.formFactor(), bytes, 0, base == null ? "" : base.memoryType(),
                number(bandwidthGbps, "Memory bandwidth (GB/s)"), number(bf16Tflops, "BF16 TFLOPS"),
                number(fp16Tflops, "FP16 TFLOPS"), number(fp8Tflops, "FP8 TFLOPS"), number(int8Tops, "INT8 TOPS"),
                text(interconnect), number(linkGbps, "Link bandwidth (GB/s)"), number(pcieGbps, "PCIe (GB/s)"),
                number(tdpW, "TDP (W)"), from, text(specSource), base == null ? "" : base.notes());
    }

    /** Stores the form's type (new or changed); on bad input nothing is stored and the message says why. */
    public boolean save() {
        UserGpuType t = validate();
        if (t == null) {
            return error("Not saved: " + validation.get());
        }
        try {
            store.saveGpuType(t);
        } catch (RuntimeException e) {
            return error("Not saved: " + e.getMessage());
        }
        reload();
        onChange.run();
        base = t;
        info(String.format(Locale.ROOT, "Saved GPU type %s (%.2f GiB as reported, curves from %s). Give it a price in "
                + "the price book to plan it.", t.name(), t.reportedMemoryGib(), t.efficiencyFrom()));
        return true;
    }

    public boolean delete(UserGpuType t) {
        if (t == null) {
            return error("Select a GPU type of yours to delete.");
        }
        try {
            store.deleteGpuType(t.name());
        } catch (RuntimeException e) {
            return error("Not deleted: " + e.getMessage());
        }
        reload();
        onChange.run();
        info("Deleted GPU type " + t.name() + "; its price offers stay in the book.");
        return true;
    }

    private StringProperty field(String id) {
        return new SimpleStringProperty(this, id, "");
    }

    private static String text(StringProperty p) {
        return p.get() == null ? "" : p.get().trim();
    }

    private static double number(StringProperty p, String what) {
        String v = text(p);
        if (v.isEmpty()) {
            return 0;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + v + "' is not a number");
        }
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

    public ObservableList<UserGpuType> types() {
        return types;
    }

    public ObservableList<String> baseNames() {
        return baseNames;
    }

    public ObservableList<String> efficiencyChoices() {
        return efficiencyChoices;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty vendorProperty() {
        return vendor;
    }

    public StringProperty memoryBytesProperty() {
        return memoryBytes;
    }

    public StringProperty bandwidthGbpsProperty() {
        return bandwidthGbps;
    }

    public StringProperty bf16TflopsProperty() {
        return bf16Tflops;
    }

    public StringProperty fp16TflopsProperty() {
        return fp16Tflops;
    }

    public StringProperty fp8TflopsProperty() {
        return fp8Tflops;
    }

    public StringProperty int8TopsProperty() {
        return int8Tops;
    }

    public StringProperty interconnectProperty() {
        return interconnect;
    }

    public StringProperty linkGbpsProperty() {
        return linkGbps;
    }

    public StringProperty pcieGbpsProperty() {
        return pcieGbps;
    }

    public StringProperty tdpWProperty() {
        return tdpW;
    }

    public StringProperty efficiencyFromProperty() {
        return efficiencyFrom;
    }

    public StringProperty specSourceProperty() {
        return specSource;
    }

    public ReadOnlyStringProperty validationProperty() {
        return validation.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSaveProperty() {
        return canSave.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }
}
