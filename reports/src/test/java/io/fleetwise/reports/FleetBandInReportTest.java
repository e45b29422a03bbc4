package io.fleetwise.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.fleet.FleetAllocationRepository;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.planner.alloc.format.AllocationJson;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.pricing.PriceChoice;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.pricing.ShippedPriceBook;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.study.DemoStudy;
import io.fleetwise.planner.study.FleetResultJson;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.StudyJson;
import io.fleetwise.planner.uncertainty.AllocationBand;
import io.fleetwise.planner.uncertainty.AllocationBandJson;
import io.fleetwise.planner.uncertainty.ModelErrorBand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error band the Fleet area saved with its cheapest fleet reaches the report's title page, and only when the
 * report shows that saved fleet (a fleet priced with another book is computed again, and its band is not this one).
 */
class FleetBandInReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final PriceResolver SHIPPED = new PriceResolver(ShippedPriceBook.load(), PriceChoice.all());

    @TempDir
    Path dir;
    private Database db;
    private ReportInput fixture;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("r.db"));
        fixture = ReportFixtures.melangeExample(List.of());
    }

    private ReportInput report(StudyDocument doc) {
        new StudyRepository(db, Clock.systemUTC()).create(doc.name(), StudyJson.toJson(doc));
        return new StudyReports(new StudyRepository(db, Clock.systemUTC()), new FleetAllocationRepository(db, Clock.systemUTC()),
                () -> CATALOG, CalibrationSet::builtIn, StudyReportBuilder.Options.quick(), "test", Clock.systemUTC())
                .withPrices(d -> SHIPPED).prepare(doc.name(), ProgressListener.NONE);
    }

    private ObjectNode fleetWithBand(String priceBook) throws Exception {
        ObjectNode fleet = AllocationJson.report(fixture.problem(), fixture.comparison());
        fleet.set(FleetResultJson.PROBLEM, JSON.readTree(AllocationJson.writeProblem(fixture.problem())));
        fleet.set(FleetResultJson.RESULT, JSON.readTree(AllocationJson.write(fixture.comparison().mix())));
        fleet.put("model", "Llama-3.1-70B").put("priceBook", priceBook);
        var mix = fixture.comparison().mix();
        fleet.set(AllocationBandJson.KEY, AllocationBandJson.of(new AllocationBand(mix, mix, mix,
                new ModelErrorBand(0.05, 0.02, 0, "test band"))));
        return fleet;
    }

    private static List<String> facts(ReportInput input) {
        return input.saved().procurement().orElseThrow().titleFacts().stream().map(f -> f[0] + ": " + f[1]).toList();
    }

    @Test
    void theSavedFleetsBandIsOnTheTitlePage() throws Exception {
        ReportInput input = report(DemoStudy.create(CATALOG)
                .withResult(FleetResultJson.KEY, fleetWithBand(SHIPPED.book().fingerprint())));

        assertThat(input.allocationOrigin()).startsWith("Saved allocation 'Fleet area result'");
        assertThat(facts(input)).anySatisfy(f -> assertThat(f).startsWith(
                "How sure (cheapest fleet): Within the model's error band (TTFT +-5.0 %, TPOT +-2.0 %, from test band): "
                        + "the mix does not change"));
    }

    @Test
    void aBandSavedWithAFleetTheReportDoesNotShowIsLeftOut() throws Exception {
        ReportInput input = report(DemoStudy.create(CATALOG)
                .withResult(FleetResultJson.KEY, fleetWithBand("0123456789abcdef")));

        assertThat(input.allocationOrigin()).startsWith("Computed for this report");
        assertThat(facts(input)).noneSatisfy(f -> assertThat(f).startsWith("How sure (cheapest fleet)"));
    }
}
