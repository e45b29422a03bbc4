package io.fleetwise.views.catalog;

import io.fleetwise.datastore.catalog.CatalogStore;
import io.fleetwise.datastore.catalog.PriceBookRepository;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.pricing.OfferQuality;
import io.fleetwise.planner.pricing.OwnedHardware;
import io.fleetwise.planner.pricing.PriceBook;
import io.fleetwise.planner.pricing.PriceBookCsv;
import io.fleetwise.planner.pricing.PriceBookSettings;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.StudyPricing;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.PriceOffer;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.pricing.ResolvedPrice;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The Catalog area's price book: every offer with where it came from, the price each GPU type is costed at per kind
 * (with the rule that picked it), CSV import and export, offers typed in, the book's rules and owned hardware. Every
 * change goes to the store at once and {@code onChange} tells the other views. Never touches a Node.
 */
public final class PriceBookViewModel {

    /** One offer as the table shows it. */
    public record OfferRow(PriceOffer offer, String origin) {
    }

    /** The price a GPU type is costed at for one kind. */
    public record DefaultRow(String gpu, String kind, String price, String expected, String rule) {
    }

    private final CatalogStore store;
    private final TaskExecutor executor;
    private final Clock clock;
    private final Runnable onChange;

    private final ObservableList<OfferRow> offers = FXCollections.observableArrayList();
    private final ObservableList<DefaultRow> defaults = FXCollections.observableArrayList();
    private final ObservableList<String> owned = FXCollections.observableArrayList();
    private final ObservableList<String> gpuNames = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper bookText = new ReadOnlyStringWrapper(this, "bookText", "");

    // a new offer
    private final StringProperty offerGpu = new SimpleStringProperty(this, "offerGpu", "");
    private final StringProperty offerProvider = new SimpleStringProperty(this, "offerProvider", "");
    private final StringProperty offerRegion = new SimpleStringProperty(this, "offerRegion", "");
    private final ObjectProperty<PriceKind> offerKind = new SimpleObjectProperty<>(this, "offerKind", PriceKind.ON_DEMAND);
    private final StringProperty offerPrice = new SimpleStringProperty(this, "offerPrice", "");
    private final StringProperty offerCurrency = new SimpleStringProperty(this, "offerCurrency", "USD");
    private final ObjectProperty<OfferQuality> offerQuality = new SimpleObjectProperty<>(this, "offerQuality",
            OfferQuality.NEGOTIATED);
    private final StringProperty offerInterruptions = new SimpleStringProperty(this, "offerInterruptions", "");
    private final StringProperty offerSource = new SimpleStringProperty(this, "offerSource", "");

    // the book's rules
    private final StringProperty windowMonths = new SimpleStringProperty(this, "windowMonths", "");
    private final StringProperty reserved1yPercent = new SimpleStringProperty(this, "reserved1yPercent", "");
    private final StringProperty reserved3yPercent = new SimpleStringProperty(this, "reserved3yPercent", "");
    private final StringProperty spotInterruptions = new SimpleStringProperty(this, "spotInterruptions", "");
    private final StringProperty spotFallbackHours = new SimpleStringProperty(this, "spotFallbackHours", "");

    // owned hardware
    private final StringProperty ownedName = new SimpleStringProperty(this, "ownedName", "");
    private final StringProperty ownedGpu = new SimpleStringProperty(this, "ownedGpu", "");
    private final StringProperty ownedGpusPerNode = new SimpleStringProperty(this, "ownedGpusPerNode", "8");
    private final StringProperty ownedPurchase = new SimpleStringProperty(this, "ownedPurchase", "");
    private final StringProperty ownedYears = new SimpleStringProperty(this, "ownedYears", "4");
    private final StringProperty ownedHosting = new SimpleStringProperty(this, "ownedHosting", "0");
    private final StringProperty ownedUsdPerKwh = new SimpleStringProperty(this, "ownedUsdPerKwh", "");
    private final StringProperty ownedPue = new SimpleStringProperty(this, "ownedPue", "1.3");
    private final StringProperty ownedHostWatts = new SimpleStringProperty(this, "ownedHostWatts", "0");
    private final StringProperty ownedUtilization = new SimpleStringProperty(this, "ownedUtilization", "1.0");

    /** The open study, whose choice of offers this area edits; null where there is none (tests of the book alone). */
    private io.fleetwise.views.study.CurrentStudy study;
    private final StringProperty studyProviders = new SimpleStringProperty(this, "studyProviders", "");
    private final javafx.beans.property.BooleanProperty studyUnverified =
            new javafx.beans.property.SimpleBooleanProperty(this, "studyUnverified", false);
    private final ReadOnlyStringWrapper studyChoiceText = new ReadOnlyStringWrapper(this, "studyChoiceText", "");

    public PriceBookViewModel(CatalogStore store, TaskExecutor executor, Clock clock, Runnable onChange) {
        this.store = Objects.requireNonNull(store, "store");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onChange = onChange == null ? () -> { } : onChange;
        reload();
    }

    /**
     * Edits the open study's choice of offers ({@link StudyPricing}): which providers, which offers struck out, whether
     * unverified offers count. The Fleet area, the schedule and the report price the study with it.
     */
    public PriceBookViewModel forStudy(io.fleetwise.views.study.CurrentStudy current) {
        this.study = Objects.requireNonNull(current, "current");
        current.documentProperty().addListener((o, before, after) -> showStudyChoice());
        showStudyChoice();
        return this;
    }

    public boolean hasStudy() {
        return study != null;
    }

    private void showStudyChoice() {
        if (study == null || study.document() == null) {
            studyChoiceText.set("");
            return;
        }
        PriceChoice choice = StudyPricing.choice(study.document());
        studyProviders.set(String.join(", ", choice.providers()));
        studyUnverified.set(choice.allowUnverified());
        studyChoiceText.set("Study '" + study.document().name() + "' is priced from " + choice.describe() + ".");
    }

    /** Saves the providers and unverified setting typed in the form as the open study's choice. */
    public boolean saveStudyChoice() {
        if (study == null || study.document() == null) {
            return error("No study is open.");
        }
        PriceChoice now = StudyPricing.choice(study.document());
        PriceChoice next;
        try {
            next = now.withProviders(StudyPricing.providersIn(store.priceBook(),
                    List.of(studyProviders.get() == null ? new String[0] : studyProviders.get().split(","))))
                    .withUnverified(studyUnverified.get());
        } catch (IllegalArgumentException e) {
            return error("Study providers: " + e.getMessage());
        }
        return applyStudyChoice(next);
    }

    /** Strikes this offer out of the open study's choice (the book keeps it; other studies may still use it). */
    public boolean excludeFromStudy(OfferRow row) {
        if (row == null) {
            return error("Select an offer to strike out for this study.");
        }
        if (study == null || study.document() == null) {
            return error("No study is open.");
        }
        return applyStudyChoice(StudyPricing.choice(study.document()).excluding(row.offer().key()));
    }

    /** Takes every struck-out offer back into the open study's choice. */
    public boolean includeAllInStudy() {
        if (study == null || study.document() == null) {
            return error("No study is open.");
        }
        PriceChoice now = StudyPricing.choice(study.document());
        return applyStudyChoice(new PriceChoice(now.providers(), java.util.Set.of(), now.allowUnverified()));
    }

    private boolean applyStudyChoice(PriceChoice next) {
        boolean changed = study.edit(d -> StudyPricing.withChoice(d, next));
        showStudyChoice();
        info(changed ? "Study '" + study.document().name() + "' is now priced from " + next.describe() + "."
                : "The study's choice did not change.");
        return true;
    }

    public StringProperty studyProvidersProperty() {
        return studyProviders;
    }

    public javafx.beans.property.BooleanProperty studyUnverifiedProperty() {
        return studyUnverified;
    }

    public ReadOnlyStringProperty studyChoiceTextProperty() {
        return studyChoiceText.getReadOnlyProperty();
    }

    private PriceBookRepository repo() {
        return store.priceBookRepository().orElseThrow(() -> new IllegalStateException("This store keeps no price book"));
    }

    /** Reads the book, the prices it gives and the rules again. */
    public void reload() {
        offers.clear();
        repo().offersWithOrigin().forEach((o, origin) -> offers.add(new OfferRow(o, origin.name().toLowerCase(Locale.ROOT))));
        PriceBook book = store.priceBook();
        PriceResolver resolver = store.resolver(PriceChoice.all());
        List<GpuType> gpus = store.current().gpus();
        gpuNames.setAll(gpus.stream().map(GpuType::name).toList());
        defaults.clear();
        for (GpuType g : gpus) {
            for (PriceKind k : PriceKind.values()) {
                try {
                    ResolvedPrice p = resolver.resolve(g, k);
                    defaults.add(new DefaultRow(g.name(), k.label(), num(p.usdPerGpuHour()), num(p.expectedUsdPerGpuHour()),
                            p.rule()));
                } catch (IllegalArgumentException e) {
                    if (k != PriceKind.OWNED) {
                        defaults.add(new DefaultRow(g.name(), k.label(), "-", "-", e.getMessage()));
                    }
                }
            }
        }
        owned.setAll(book.owned().stream().map(h -> h.name() + ": " + h.gpusPerNode() + " x " + h.gpuType()
                + " bought " + h.asOf()).toList());
        PriceBookSettings s = book.settings();
        windowMonths.set(Integer.toString(s.windowMonths()));
        reserved1yPercent.set(num(100 * s.reserved1yDiscount()));
        reserved3yPercent.set(num(100 * s.reserved3yDiscount()));
        spotInterruptions.set(num(s.spotInterruptionsPerHour()));
        spotFallbackHours.set(num(s.spotFallbackHours()));
        bookText.set("Price book " + book.fingerprint() + ": " + book.offers().size() + " offers, " + book.owned().size()
                + " owned-hardware entries. The price of each kind: your negotiated offer, else the median of listed "
                + "offers within " + s.windowMonths() + " months of the newest; reserved without offers: on-demand less "
                + num(100 * s.reserved1yDiscount()) + " % (1 year) or " + num(100 * s.reserved3yDiscount()) + " % (3 years).");
    }

    /** Adds the offers of a price book CSV (replacing offers with the same key) off the UI thread. */
    public void importCsv(Path file) {
        run("Import " + file.getFileName(), () -> {
            List<PriceOffer> read = PriceBookCsv.readFile(file);
            return file.getFileName() + ": " + repo().importOffers(read, PriceBookRepository.Origin.IMPORTED, false)
                    .describe() + ".";
        });
    }

    public void exportCsv(Path file) {
        try {
            StringWriter text = new StringWriter();
            PriceBookCsv.write(text, repo().load().offers());
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
            info("Wrote " + repo().load().offers().size() + " offers to " + file + ".");
        } catch (IOException | RuntimeException e) {
            error("Export failed: " + e.getMessage());
        }
    }

    public void restoreShipped() {
        run("Restore the shipped book", () -> "Shipped offers restored: " + repo().restoreShipped().describe() + ".");
    }

    public void removeOffer(OfferRow row) {
        if (row == null) {
            error("Select an offer to remove.");
            return;
        }
        repo().deleteOffer(row.offer().key());
        changed("Removed " + row.offer().describe() + ".");
    }

    /** Stores the offer typed in the form; on bad input nothing is stored and the message names the field. */
    public boolean addOffer() {
        try {
            String gpu = required(offerGpu, "GPU type");
            GpuType type = store.current().gpu(gpu);
            double price = number(offerPrice, "price per GPU-hour");
            String interruptions = offerInterruptions.get() == null ? "" : offerInterruptions.get().trim();
            PriceOffer offer = new PriceOffer(type.name(), required(offerProvider, "provider"), offerRegion.get(), "",
                    offerKind.get(), price, offerCurrency.get(), LocalDate.now(clock), offerSource.get().isBlank()
                    ? "entered in the Catalog area" : offerSource.get(), offerQuality.get(),
                    interruptions.isEmpty() ? Double.NaN : number(offerInterruptions, "interruptions per hour"), "");
            repo().saveOffer(offer);
            changed("Stored " + offer.describe() + ".");
            offerPrice.set("");
            return true;
        } catch (RuntimeException e) {
            return error("Offer not stored: " + e.getMessage());
        }
    }

    public boolean saveRules() {
        try {
            PriceBookSettings s = repo().load().settings()
                    .withWindowMonths((int) number(windowMonths, "date window (months)"))
                    .withDiscounts(number(reserved1yPercent, "1-year discount (%)") / 100,
                            number(reserved3yPercent, "3-year discount (%)") / 100, "entered in the Catalog area")
                    .withSpot(number(spotInterruptions, "spot interruptions per hour"),
                            number(spotFallbackHours, "spot fallback hours"), "entered in the Catalog area");
            repo().saveSettings(s);
            changed("Stored the price book's rules.");
            return true;
        } catch (RuntimeException e) {
            return error("Rules not stored: " + e.getMessage());
        }
    }

    public boolean addOwned() {
        try {
            GpuType type = store.current().gpu(required(ownedGpu, "GPU type"));
            OwnedHardware h = new OwnedHardware(required(ownedName, "name"), type.name(),
                    (int) number(ownedGpusPerNode, "GPUs per node"), number(ownedPurchase, "purchase price per node"),
                    number(ownedYears, "amortization years"), number(ownedHosting, "hosting per node-month"),
                    number(ownedUsdPerKwh, "electricity price (USD/kWh)"), number(ownedPue, "PUE"),
                    number(ownedHostWatts, "server power besides GPUs (W)"), number(ownedUtilization, "GPU utilization"),
                    LocalDate.now(clock), "entered in the Catalog area");
            double perGpuHour = h.cost(type, EnergyModel.standard()).totalUsdPerGpuHour();
            repo().saveOwned(h);
            changed(String.format(Locale.ROOT, "Stored '%s': %.3f USD per GPU-hour owned.", h.name(), perGpuHour));
            return true;
        } catch (RuntimeException e) {
            return error("Owned hardware not stored: " + e.getMessage());
        }
    }

    public void removeOwned(String row) {
        if (row == null) {
            error("Select an owned-hardware entry to remove.");
            return;
        }
        String name = row.substring(0, row.indexOf(':'));
        repo().deleteOwned(name);
        changed("Removed owned hardware '" + name + "'.");
    }

    private interface Work {
        String run() throws Exception;
    }

    private void run(String title, Work work) {
        busy.set(true);
        info(title + " ...");
        BackgroundTask.wrap(title, p -> work.run())
                .onSuccess(this::changed)
                .onFailure(e -> error(title + " failed: " + e.getMessage() + " Nothing was changed."))
                .onFinished(() -> busy.set(false))
                .executeWith(executor);
    }

    private void changed(String text) {
        reload();
        onChange.run();
        info(text);
    }

    private static String required(StringProperty p, String field) {
        String v = p.get() == null ? "" : p.get().trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        return v;
    }

    private static double number(StringProperty p, String field) {
        String v = required(p, field);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + v + "' is not a number");
        }
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
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

    public ObservableList<OfferRow> offers() {
        return offers;
    }

    public ObservableList<DefaultRow> defaults() {
        return defaults;
    }

    public ObservableList<String> owned() {
        return owned;
    }

    public ObservableList<String> gpuNames() {
        return gpuNames;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty bookTextProperty() {
        return bookText.getReadOnlyProperty();
    }

    public StringProperty offerGpuProperty() {
        return offerGpu;
    }

    public StringProperty offerProviderProperty() {
        return offerProvider;
    }

    public StringProperty offerRegionProperty() {
        return offerRegion;
    }

    public ObjectProperty<PriceKind> offerKindProperty() {
        return offerKind;
    }

    public StringProperty offerPriceProperty() {
        return offerPrice;
    }

    public StringProperty offerCurrencyProperty() {
        return offerCurrency;
    }

    public ObjectProperty<OfferQuality> offerQualityProperty() {
        return offerQuality;
    }

    public StringProperty offerInterruptionsProperty() {
        return offerInterruptions;
    }

    public StringProperty offerSourceProperty() {
        return offerSource;
    }

    public StringProperty windowMonthsProperty() {
        return windowMonths;
    }

    public StringProperty reserved1yPercentProperty() {
        return reserved1yPercent;
    }

    public StringProperty reserved3yPercentProperty() {
        return reserved3yPercent;
    }

    public StringProperty spotInterruptionsProperty() {
        return spotInterruptions;
    }

    public StringProperty spotFallbackHoursProperty() {
        return spotFallbackHours;
    }

    public StringProperty ownedNameProperty() {
        return ownedName;
    }

    public StringProperty ownedGpuProperty() {
        return ownedGpu;
    }

    public StringProperty ownedGpusPerNodeProperty() {
        return ownedGpusPerNode;
    }

    public StringProperty ownedPurchaseProperty() {
        return ownedPurchase;
    }

    public StringProperty ownedYearsProperty() {
        return ownedYears;
    }

    public StringProperty ownedHostingProperty() {
        return ownedHosting;
    }

    public StringProperty ownedUsdPerKwhProperty() {
        return ownedUsdPerKwh;
    }

    public StringProperty ownedPueProperty() {
        return ownedPue;
    }

    public StringProperty ownedHostWattsProperty() {
        return ownedHostWatts;
    }

    public StringProperty ownedUtilizationProperty() {
        return ownedUtilization;
    }
}
