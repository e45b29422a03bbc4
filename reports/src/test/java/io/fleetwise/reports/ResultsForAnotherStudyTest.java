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
import io.fleetwise.planner.study.PlansResultJson;
import io.fleetwise.planner.study.SimulationResultJson;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.StudyJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report never shows a result computed for another model or price book as the study's: the Fleet area's saved
 * plan priced with another book, a plan search or simulation for another model, and allocations saved with
 * {@code allocate --save-to-study} (which record no model) are left out, each with a note saying why.
 */
class ResultsForAnotherStudyTest {
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

    private ObjectNode fleetResult(String model, String priceBook) throws Exception {
        ObjectNode fleet = AllocationJson.report(fixture.problem(), fixture.comparison());
        fleet.set(FleetResultJson.PROBLEM, JSON.readTree(AllocationJson.writeProblem(fixture.problem())));
        fleet.set(FleetResultJson.RESULT, JSON.readTree(AllocationJson.write(fixture.comparison().mix())));
        fleet.put("model", model).put("priceBook", priceBook);
        return fleet;
    }

    @Test
    void aFleetResultPricedWithTheStudysBookIsTheStudysFleet() throws Exception {
        ReportInput input = report(DemoStudy.create(CATALOG)
                .withResult(FleetResultJson.KEY, fleetResult("Llama-3.1-70B", SHIPPED.book().fingerprint())));
        assertThat(input.allocationOrigin()).startsWith("Saved allocation 'Fleet area result'");
        assertThat(input.comparison().mix().costPerHourUsd()).isEqualTo(fixture.comparison().mix().costPerHourUsd());
    }

    @Test
    void aFleetResultPricedWithAnotherBookIsComputedAgainWithANote() throws Exception {
        ReportInput input = report(DemoStudy.create(CATALOG)
                .withResult(FleetResultJson.KEY, fleetResult("Llama-3.1-70B", "0123456789abcdef")));
        assertThat(input.allocationOrigin()).startsWith("Computed for this report");
        assertThat(input.allocationNotes()).anySatisfy(n -> assertThat(n)
                .contains("priced with price book 0123456789abcdef, not the book the study is priced from now ("
                        + SHIPPED.book().fingerprint() + ")"));
    }

    @Test
    void aFleetResultSolvedForAnotherModelIsComputedAgainWithANote() throws Exception {
        ReportInput input = report(DemoStudy.create(CATALOG)
                .withResult(FleetResultJson.KEY, fleetResult("Llama-3.1-8B", SHIPPED.book().fingerprint())));
        assertThat(input.allocationOrigin()).startsWith("Computed for this report");
        assertThat(input.allocationNotes()).anySatisfy(n -> assertThat(n).contains("solved for Llama-3.1-8B"));
    }

    @Test
    void anAllocationSavedWithoutItsModelIsNeverShownAsTheStudysFleet() {
        StudyDocument doc = DemoStudy.create(CATALOG);
        long id = new StudyRepository(db, Clock.systemUTC()).create(doc.name(), StudyJson.toJson(doc)).id();
        // e.g. allocate --melange-config example.json --save-to-study: throughputs measured for some other model
        new FleetAllocationRepository(db, Clock.systemUTC()).save(id, "melange example", fixture.problem(),
                fixture.comparison().mix(), fixture.comparison().savingPercent());
        ReportInput input = new StudyReports(new StudyRepository(db, Clock.systemUTC()),
                new FleetAllocationRepository(db, Clock.systemUTC()), () -> CATALOG, CalibrationSet::builtIn,
                StudyReportBuilder.Options.quick(), "test", Clock.systemUTC()).prepare(doc.name(), ProgressListener.NONE);
        assertThat(input.allocationOrigin()).startsWith("Computed for this report");
        assertThat(input.problem()).isNotEqualTo(fixture.problem());
        assertThat(input.allocationNotes()).anySatisfy(n -> assertThat(n)
                .contains("Not shown as this study's fleet: 1 allocation saved with allocate --save-to-study ('melange example'")
                .contains("do not record the model, workload and prices"));
    }

    @Test
    void aPlanSearchAndASimulationForAnotherModelAreLeftOutWithNotes() throws Exception {
        ObjectNode plans = JSON.createObjectNode().put("model", "Llama-3.1-8B").put("cluster", "demo cluster")
                .put("clusterGpus", 40).put("objective", "GOODPUT").put("chosenRank", 1);
        plans.putArray("ranked").addObject().put("rank", 1).put("label", "8x H100-SXM TP1 bf16 vllm").put("gpus", 8)
                .put("replicas", 8).put("costPerHourUsd", 23.9).put("goodputPerS", 40).put("sloAttainment", 0.97);
        ObjectNode sim = JSON.createObjectNode().put("model", "Llama-3.1-8B").put("replica", "H100-SXM TP1 bf16 vllm")
                .put("gpuType", "H100-SXM").put("replicas", 1).put("gpus", 1);
        sim.putObject("metrics").put("completed", 500);
        ReportInput input = report(DemoStudy.create(CATALOG)
                .withResult(FleetResultJson.KEY, fleetResult("Llama-3.1-70B", SHIPPED.book().fingerprint()))
                .withResult(PlansResultJson.KEY, plans).withResult(SimulationResultJson.KEY, sim));
        assertThat(input.saved().plans()).isEmpty();
        assertThat(input.planMetrics()).isEmpty();
        assertThat(input.saved().simulation()).isEmpty();
        assertThat(input.allocationNotes())
                .anySatisfy(n -> assertThat(n).startsWith("Left out the saved plan search (results.plans): it was "
                        + "computed for Llama-3.1-8B, not the study's model Llama-3.1-70B"))
                .anySatisfy(n -> assertThat(n).startsWith("Left out the saved simulation run (results.simulation): it "
                        + "was computed for Llama-3.1-8B"));
    }
}
