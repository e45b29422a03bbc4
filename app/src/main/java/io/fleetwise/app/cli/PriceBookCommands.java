package io.fleetwise.app.cli;

import io.fleetwise.datastore.catalog.CatalogStore;
import io.fleetwise.datastore.catalog.PriceBookRepository;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.pricing.OfferQuality;
import io.fleetwise.planner.pricing.OwnedCost;
import io.fleetwise.planner.pricing.OwnedHardware;
import io.fleetwise.planner.pricing.PriceBook;
import io.fleetwise.planner.pricing.PriceBookCsv;
import io.fleetwise.planner.pricing.PriceBookSettings;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.PriceOffer;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.pricing.ResolvedPrice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code fleetwise catalog prices|price-defaults|import-prices|export-prices|add-offer|remove-offer|...}: the price book. */
final class PriceBookCommands {

    private PriceBookCommands() {
    }

    static PriceBookRepository repository(CliContext context) {
        return context.services().catalogStore().priceBookRepository().orElseThrow(
                () -> new IllegalStateException("This database keeps no price book"));
    }

    @Command(name = "prices", description = "List the price book's offers (every price per GPU type, provider and kind).",
            mixinStandardHelpOptions = true)
    static final class Prices implements Runnable {
        private final CliContext context;
        @Mixin
        private OutputOptions output;
        @Option(names = "--gpu", paramLabel = "GPU", description = "only this GPU type")
        private String gpu;
        @Option(names = "--kind", paramLabel = "KIND", description = "only this kind: on_demand, spot, reserved_1y, reserved_3y, owned")
        private String kind;

        Prices(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            PriceKind only = kind == null ? null : PriceKind.parse(kind);
            Map<PriceOffer, PriceBookRepository.Origin> offers = repository(context).offersWithOrigin();
            List<Map<String, Object>> json = new ArrayList<>();
            CliTable table = new CliTable("gpu", "provider", "region", "instance", "kind", "price_per_gpu_hour", "currency",
                    "as_of", "quality", "interruptions_per_hour", "origin", "key", "source");
            offers.forEach((o, origin) -> {
                if ((gpu == null || o.gpuType().equalsIgnoreCase(gpu)) && (only == null || o.kind() == only)) {
                    table.row(o.gpuType(), o.provider(), o.region(), o.instance(), o.kind().key(), o.pricePerGpuHour(),
                            o.currency(), o.asOf(), o.quality().key(), o.interruptionsPerHour(),
                            origin.name().toLowerCase(Locale.ROOT), o.key(), o.source());
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("offer", o);
                    row.put("key", o.key());
                    row.put("origin", origin.name().toLowerCase(Locale.ROOT));
                    json.add(row);
                }
            });
            table.print(context.out(), output.format(), json);
        }
    }

    @Command(name = "price-defaults", description = {"The price each GPU type is costed at per kind, with the offers and "
            + "the rule that picked it (docs/price-book.md).", "Rule: your negotiated offer; else the median of listed "
            + "offers within the book's date window; reserved terms without offers: on-demand less the book's "
            + "commitment discount; spot: plus the expected on-demand fallback."}, mixinStandardHelpOptions = true)
    static final class PriceDefaults implements Runnable {
        private final CliContext context;
        @Mixin
        private OutputOptions output;
        @Option(names = "--kind", paramLabel = "KIND", description = "only this kind (default: every kind)")
        private String kind;
        @Option(names = "--providers", paramLabel = "NAME[,NAME...]", split = ",",
                description = "price only from these providers (a study's choice)")
        private Set<String> providers;
        @Option(names = "--allow-unverified", description = "let unverified offers set prices too")
        private boolean allowUnverified;

        PriceDefaults(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            CatalogStore store = context.services().catalogStore();
            PriceChoice choice = new PriceChoice(providers == null ? Set.of() : providers, Set.of(), allowUnverified);
            PriceResolver resolver = store.resolver(choice);
            Catalog catalog = store.current();
            List<PriceKind> kinds = kind == null ? List.of(PriceKind.values()) : List.of(PriceKind.parse(kind));
            CliTable table = new CliTable("gpu", "kind", "usd_per_gpu_hour", "expected_usd_per_gpu_hour", "offers", "rule");
            List<Object> json = new ArrayList<>();
            for (GpuType g : catalog.gpus()) {
                for (PriceKind k : kinds) {
                    try {
                        ResolvedPrice p = resolver.resolve(g, k);
                        table.row(g.name(), k.key(), p.usdPerGpuHour(), p.expectedUsdPerGpuHour(), p.basis().size(), p.rule());
                        json.add(p);
                    } catch (IllegalArgumentException e) {
                        table.row(g.name(), k.key(), Double.NaN, Double.NaN, 0, e.getMessage());
                        json.add(Map.of("gpuType", g.name(), "kind", k, "missing", e.getMessage()));
                    }
                }
            }
            table.print(context.out(), output.format(), Map.of("book", resolver.book().fingerprint(), "choice",
                    choice.describe(), "prices", json));
            if (output.format() == OutputFormat.TEXT) {
                context.out().println("Price book " + resolver.book().fingerprint() + ", " + choice.describe() + ".");
                context.out().flush();
            }
        }
    }

    @Command(name = "import-prices", description = "Add price offers from a CSV file (docs/price-book.md), or put the "
            + "shipped book back.", mixinStandardHelpOptions = true)
    static final class ImportPrices implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", arity = "0..1", paramLabel = "CSV", description = "the price book file")
        private Path file;
        @Option(names = "--shipped", description = "restore the offers shipped with Fleetwise (your own offers stay)")
        private boolean shipped;
        @Option(names = "--replace", description = "empty the book first, so it holds exactly the file's offers")
        private boolean replace;

        ImportPrices(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            PriceBookRepository repo = repository(context);
            PriceBookRepository.ImportSummary summary;
            if (shipped == (file != null)) {
                throw new IllegalArgumentException("Give a CSV file or --shipped (one of them)");
            }
            if (shipped) {
                summary = repo.restoreShipped();
            } else {
                List<PriceOffer> offers = PriceBookCsv.readFile(file);
                summary = repo.importOffers(offers, PriceBookRepository.Origin.IMPORTED, replace);
            }
            context.out().println((shipped ? "Shipped price book: " : file + ": ") + summary.describe()
                    + ". Price book is now " + context.services().catalogStore().priceBook().fingerprint() + ".");
            context.out().flush();
        }
    }

    @Command(name = "export-prices", description = "Write the price book's offers as CSV (to a file, or - for the output).",
            mixinStandardHelpOptions = true)
    static final class ExportPrices implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "CSV")
        private String target;

        ExportPrices(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            PriceBook book = repository(context).load();
            StringWriter text = new StringWriter();
            PriceBookCsv.write(text, book.offers());
            if (target.equals("-")) {
                context.out().print(text);
            } else {
                try {
                    Files.writeString(Path.of(target), text.toString(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
                }
                context.out().println("Wrote " + book.offers().size() + " offers to " + target);
            }
            context.out().flush();
        }
    }

    @Command(name = "add-offer", description = "Add (or replace) one price offer.", mixinStandardHelpOptions = true)
    static final class AddOffer implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "GPU")
        private String gpu;
        @Parameters(index = "1", paramLabel = "PRICE_PER_GPU_HOUR")
        private double price;
        @Option(names = "--provider", required = true)
        private String provider;
        @Option(names = "--kind", required = true, description = "on_demand, spot, reserved_1y, reserved_3y")
        private String kind;
        @Option(names = "--region", defaultValue = "")
        private String region;
        @Option(names = "--instance", defaultValue = "")
        private String instance;
        @Option(names = "--currency", defaultValue = "USD")
        private String currency;
        @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "default: today")
        private LocalDate asOf;
        @Option(names = "--quality", defaultValue = "negotiated",
                description = "negotiated (default: your quote, which wins), list, secondary or unverified")
        private String quality;
        @Option(names = "--interruptions-per-hour", description = "spot only: how often the provider takes a GPU back")
        private Double interruptions;
        @Option(names = "--source", defaultValue = "")
        private String source;
        @Option(names = "--note", defaultValue = "")
        private String note;

        AddOffer(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            GpuType type = context.services().catalogStore().current().gpu(gpu);
            PriceOffer offer = new PriceOffer(type.name(), provider, region, instance, PriceKind.parse(kind), price, currency,
                    asOf != null ? asOf : LocalDate.now(context.services().clock()), source, OfferQuality.parse(quality),
                    interruptions == null ? Double.NaN : interruptions, note);
            repository(context).saveOffer(offer);
            context.out().println("Stored " + offer.describe() + " (key " + offer.key() + ")");
            context.out().flush();
        }
    }

    @Command(name = "remove-offer", description = "Remove one offer by its key (as `catalog prices` lists it).",
            mixinStandardHelpOptions = true)
    static final class RemoveOffer implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "KEY")
        private String key;

        RemoveOffer(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            if (!repository(context).deleteOffer(key)) {
                throw new IllegalArgumentException("No offer with key '" + key + "'. List them with `fleetwise catalog prices`.");
            }
            context.out().println("Removed " + key);
            context.out().flush();
        }
    }

    @Command(name = "price-rules", description = "Show or change the price book's rules: date window, commitment "
            + "discounts, spot interruptions, exchange rates.", mixinStandardHelpOptions = true)
    static final class PriceRules implements Runnable {
        private final CliContext context;
        @Mixin
        private OutputOptions output;
        @Option(names = "--window-months", paramLabel = "N")
        private Integer windowMonths;
        @Option(names = "--reserved-1y-discount", paramLabel = "SHARE", description = "0.37 = 37 %% off on-demand")
        private Double oneYear;
        @Option(names = "--reserved-3y-discount", paramLabel = "SHARE")
        private Double threeYears;
        @Option(names = "--discount-source", paramLabel = "TEXT")
        private String discountSource;
        @Option(names = "--spot-interruptions-per-hour", paramLabel = "RATE")
        private Double spotRate;
        @Option(names = "--spot-fallback-hours", paramLabel = "HOURS")
        private Double fallbackHours;
        @Option(names = "--spot-source", paramLabel = "TEXT")
        private String spotSource;
        @Option(names = "--exchange-rate", paramLabel = "CUR=USD", split = ",", description = "e.g. EUR=1.08")
        private Map<String, Double> rates;

        PriceRules(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            PriceBookRepository repo = repository(context);
            PriceBookSettings s = repo.load().settings();
            boolean change = windowMonths != null || oneYear != null || threeYears != null || discountSource != null
                    || spotRate != null || fallbackHours != null || spotSource != null || rates != null;
            if (change) {
                if (windowMonths != null) {
                    s = s.withWindowMonths(windowMonths);
                }
                if (oneYear != null || threeYears != null || discountSource != null) {
                    s = s.withDiscounts(oneYear != null ? oneYear : s.reserved1yDiscount(),
                            threeYears != null ? threeYears : s.reserved3yDiscount(),
                            discountSource != null ? discountSource : "entered by the user");
                }
                if (spotRate != null || fallbackHours != null || spotSource != null) {
                    s = s.withSpot(spotRate != null ? spotRate : s.spotInterruptionsPerHour(),
                            fallbackHours != null ? fallbackHours : s.spotFallbackHours(),
                            spotSource != null ? spotSource : "entered by the user");
                }
                if (rates != null) {
                    for (Map.Entry<String, Double> e : rates.entrySet()) {
                        s = s.withExchangeRate(e.getKey(), e.getValue());
                    }
                }
                repo.saveSettings(s);
            }
            if (output.format() == OutputFormat.JSON) {
                JsonOutput.print(context.out(), s);
                return;
            }
            context.out().printf(Locale.ROOT, "window: %d months before the newest offer of each kind%n"
                            + "commitment discounts: 1 year %.1f %%, 3 years %.1f %% (%s)%n"
                            + "spot: %s interruptions per GPU-hour, %s h on-demand fallback (%s)%n"
                            + "exchange rates (USD per unit): %s%n", s.windowMonths(), 100 * s.reserved1yDiscount(),
                    100 * s.reserved3yDiscount(), s.discountSource(), s.spotInterruptionsPerHour(), s.spotFallbackHours(),
                    s.spotSource(), s.usdPerUnit());
            context.out().flush();
        }
    }

    @Command(name = "add-owned", description = "Add (or replace) hardware you buy and host, costed per GPU-hour from "
            + "its purchase, amortization, power and hosting.", mixinStandardHelpOptions = true)
    static final class AddOwned implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "NAME")
        private String name;
        @Option(names = "--gpu", required = true)
        private String gpu;
        @Option(names = "--gpus-per-node", defaultValue = "8")
        private int gpusPerNode;
        @Option(names = "--purchase-usd-per-node", required = true)
        private double purchase;
        @Option(names = "--amortization-years", required = true)
        private double years;
        @Option(names = "--hosting-usd-per-node-month", defaultValue = "0")
        private double hosting;
        @Option(names = "--usd-per-kwh", required = true)
        private double usdPerKwh;
        @Option(names = "--pue", defaultValue = "1.3", description = "power usage effectiveness (default ${DEFAULT-VALUE})")
        private double pue;
        @Option(names = "--host-power-w", defaultValue = "0", description = "server power besides the GPUs, W per node")
        private double hostPowerW;
        @Option(names = "--gpu-utilization", defaultValue = "1.0",
                description = "average GPU utilization power is costed at (default ${DEFAULT-VALUE}: TDP)")
        private double utilization;
        @Option(names = "--as-of", paramLabel = "YYYY-MM-DD")
        private LocalDate asOf;
        @Option(names = "--source", defaultValue = "")
        private String source;

        AddOwned(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            GpuType type = context.services().catalogStore().current().gpu(gpu);
            OwnedHardware h = new OwnedHardware(name, type.name(), gpusPerNode, purchase, years, hosting, usdPerKwh, pue,
                    hostPowerW, utilization, asOf != null ? asOf : LocalDate.now(context.services().clock()), source);
            OwnedCost cost = h.cost(type, EnergyModel.standard());
            repository(context).saveOwned(h);
            context.out().printf(Locale.ROOT, "Stored '%s': %.4f USD per GPU-hour (%s)%n", h.name(),
                    cost.totalUsdPerGpuHour(), h.describe(cost));
            context.out().flush();
        }
    }

    @Command(name = "remove-owned", description = "Remove an owned-hardware entry.", mixinStandardHelpOptions = true)
    static final class RemoveOwned implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "NAME")
        private String name;

        RemoveOwned(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            if (!repository(context).deleteOwned(name)) {
                throw new IllegalArgumentException("No owned hardware named '" + name + "'");
            }
            context.out().println("Removed owned hardware '" + name + "'");
            context.out().flush();
        }
    }
}
