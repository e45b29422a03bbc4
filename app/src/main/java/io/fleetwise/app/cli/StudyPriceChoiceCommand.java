package io.fleetwise.app.cli;

import io.fleetwise.datastore.study.StudyStore;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.ingest.InputException;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.pricing.PriceBook;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.PriceOffer;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.pricing.ResolvedPrice;
import io.fleetwise.planner.pricing.StudyPricing;
import io.fleetwise.planner.study.StudyDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code fleetwise study price-choice STUDY}: which offers of the price book a study may be priced with (providers,
 * struck-out offers, unverified offers), kept with the study ({@code results.priceChoice}) so the Fleet area, the
 * schedule, {@code allocate}-free commands and the report all price it the same way. Without options it shows the
 * choice and the prices it gives the study's GPU types.
 */
@Command(name = "price-choice", mixinStandardHelpOptions = true,
        description = "Show or set which price-book offers a study may be priced with (kept with the study, exported "
                + "with it). Without options: the choice and the on-demand price it gives each GPU type of the study.")
final class StudyPriceChoiceCommand implements Runnable {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "STUDY", description = "the study's name as `study list` shows it")
    private String study;

    @Option(names = "--providers", paramLabel = "NAME[,NAME...]", split = ",",
            description = "Only these providers' offers (names as `catalog prices` shows them; owned hardware is "
                    + "'owned: NAME').")
    private List<String> providers;

    @Option(names = "--all-providers", description = "Every provider again.")
    private boolean allProviders;

    @Option(names = "--exclude-offer", paramLabel = "KEY",
            description = "Strike one offer out (its key GPU/provider/instance/region/kind/date, as `catalog "
                    + "export-prices` identifies it); repeatable.")
    private List<String> excluded;

    @Option(names = "--include-offer", paramLabel = "KEY", description = "Take a struck-out offer back; repeatable.")
    private List<String> included;

    @Option(names = "--allow-unverified", negatable = true,
            description = "Whether offers of quality 'unverified' may set a price (default: not).")
    private Boolean allowUnverified;

    StudyPriceChoiceCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        StudyStore store = context.services().studyStore();
        StudyStore.StoredStudy stored = store.open(study);
        StudyDocument doc = stored.document();
        PriceChoice before = StudyPricing.choice(doc);
        PriceBook book = context.services().catalogStore().resolver(PriceChoice.all()).book();
        PriceChoice choice = changed(before, book);
        if (!choice.equals(before)) {
            store.save(stored.id(), StudyPricing.withChoice(doc, choice));
            context.err().println("Saved the price choice of study '" + doc.name() + "': " + choice.describe());
        }
        context.out().println("Study '" + doc.name() + "' is priced from " + choice.describe() + ".");
        PriceResolver resolver = context.services().catalogStore().resolver(choice);
        Catalog catalog = store.catalog();
        Set<String> types = new LinkedHashSet<>();
        for (NodeGroup g : doc.nodeGroups()) {
            types.add(g.gpu().name());
        }
        for (String type : types) {
            GpuType gpu = catalog.gpu(type);
            Optional<ResolvedPrice> p = resolver.tryResolve(gpu, PriceKind.ON_DEMAND);
            context.out().println("  " + type + " on-demand: " + p.map(ResolvedPrice::describe)
                    .orElse("no offer allowed by this choice; the GPU type cannot be priced on demand"));
        }
        context.out().flush();
        context.err().flush();
    }

    private PriceChoice changed(PriceChoice choice, PriceBook book) {
        if (allProviders && providers != null) {
            throw new InputException("Choose --providers or --all-providers, not both.");
        }
        PriceChoice out = choice;
        if (allProviders) {
            out = out.withProviders(Set.of());
        }
        if (providers != null) {
            try {
                out = out.withProviders(StudyPricing.providersIn(book, providers));
            } catch (InputException e) {
                throw new InputException("--providers: " + e.getMessage());
            }
        }
        if (excluded != null) {
            Set<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            book.offers().stream().map(PriceOffer::key).forEach(keys::add);
            for (String key : excluded) {
                if (!keys.contains(key.trim())) {
                    throw new InputException("--exclude-offer: no offer has the key '" + key.trim() + "' (keys are "
                            + "GPU/provider/instance/region/kind/date, e.g. " + book.offers().stream().findFirst()
                            .map(PriceOffer::key).orElse("H100-SXM/RunPod//US/on_demand/2026-11-22") + ")");
                }
                out = out.excluding(key.trim());
            }
        }
        if (included != null) {
            Set<String> keep = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            keep.addAll(out.excludedOffers());
            included.forEach(k -> keep.remove(k.trim()));
            out = new PriceChoice(out.providers(), keep, out.allowUnverified());
        }
        if (allowUnverified != null) {
            out = out.withUnverified(allowUnverified);
        }
        return out;
    }
}
