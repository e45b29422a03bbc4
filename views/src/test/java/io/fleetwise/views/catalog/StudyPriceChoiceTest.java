package io.fleetwise.views.catalog;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.catalog.CatalogOverrideRepository;
import io.fleetwise.datastore.catalog.CatalogStore;
import io.fleetwise.datastore.catalog.PriceBookRepository;
import io.fleetwise.datastore.catalog.UserGpuTypeRepository;
import io.fleetwise.datastore.catalog.UserModelRepository;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.StudyPricing;
import io.fleetwise.planner.study.DemoStudy;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.views.study.CurrentStudy;
import io.fleetwise.views.study.TestStudies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The Price book tab edits the open study's choice of offers, the one the Fleet area and the report price it with. */
class StudyPriceChoiceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private CatalogStore store;
    private CurrentStudy study;
    private PriceBookViewModel viewModel;

    @BeforeEach
    void open() {
        Database db = Database.open(dir.resolve("f.db"));
        store = new CatalogStore(Catalog.builtIn(), new CatalogOverrideRepository(db, CLOCK),
                new UserModelRepository(db, CLOCK), new PriceBookRepository(db, CLOCK), new UserGpuTypeRepository(db, CLOCK));
        study = TestStudies.open(DemoStudy.create(Catalog.builtIn()));
        viewModel = new PriceBookViewModel(store, new CurrentThreadTaskExecutor(), CLOCK, null).forStudy(study);
    }

    @Test
    void aNewStudyIsPricedFromEveryProvider() {
        assertThat(viewModel.studyChoiceTextProperty().get()).isEqualTo("Study 'Demo study' is priced from every provider.");
        assertThat(viewModel.studyProvidersProperty().get()).isEmpty();
    }

    @Test
    void providersTypedInAnyCaseAreSavedAsTheBookWritesThemAndChangeTheStudysPrices() {
        viewModel.studyProvidersProperty().set("aws, lambda");

        assertThat(viewModel.saveStudyChoice()).isTrue();

        PriceChoice saved = StudyPricing.choice(study.document());
        assertThat(saved.providers()).containsExactly("AWS", "Lambda");
        assertThat(viewModel.studyChoiceTextProperty().get()).isEqualTo("Study 'Demo study' is priced from providers AWS, Lambda.");
        // the shipped book's only A100 on-demand offers are RunPod's: this study cannot price A100s on demand any more
        assertThat(store.resolver(saved).tryResolve(Catalog.builtIn().gpu("A100-80GB-SXM"),
                io.fleetwise.planner.pricing.PriceKind.ON_DEMAND)).isEmpty();
    }

    @Test
    void anUnknownProviderIsNamedAndNothingIsSaved() {
        viewModel.studyProvidersProperty().set("AWS, Nobody");

        assertThat(viewModel.saveStudyChoice()).isFalse();

        assertThat(viewModel.messageProperty().get()).startsWith("Study providers: The price book has no provider 'Nobody'. Known: ");
        assertThat(StudyPricing.choice(study.document())).isEqualTo(PriceChoice.all());
    }

    @Test
    void anOfferStruckOutForTheStudyStaysInTheBookAndComesBack() {
        PriceBookViewModel.OfferRow first = viewModel.offers().get(0);

        assertThat(viewModel.excludeFromStudy(first)).isTrue();
        assertThat(StudyPricing.choice(study.document()).excludedOffers()).containsExactly(first.offer().key());
        assertThat(viewModel.offers()).contains(first);
        assertThat(viewModel.studyChoiceTextProperty().get()).contains("1 offer struck out");

        assertThat(viewModel.includeAllInStudy()).isTrue();
        assertThat(StudyPricing.choice(study.document()).excludedOffers()).isEmpty();
    }
}
