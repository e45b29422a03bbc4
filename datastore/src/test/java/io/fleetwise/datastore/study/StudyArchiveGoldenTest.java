package io.fleetwise.datastore.study;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.fleet.FleetAllocationRepository;
import io.fleetwise.datastore.fleet.SavedAllocation;
import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.Baselines;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.datastore.catalog.UserGpuTypeRepository;
import io.fleetwise.datastore.catalog.UserModelRepository;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.UserGpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.study.DemoStudy;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.StudyFormatException;
import io.fleetwise.planner.study.StudyJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One golden file per study export version (golden/study-vN.json): the current version is written byte for
 * byte as its golden file says, and every version ever written still imports with everything it carried.
 * After an intended format change, regenerate with {@code -Dfleetwise.updateGolden=true} and review the diff.
 */
class StudyArchiveGoldenTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "io", "fleetwise", "datastore", "study", "golden");
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T23:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private StudyStore store;
    private FleetAllocationRepository allocations;
    private UserGpuTypeRepository gpuTypes;
    private UserModelRepository models;
    private io.fleetwise.datastore.plan.FleetPlanRepository plans;

    @BeforeEach
    void open() {
        store = openStore(dir.resolve("s.db"));
    }

    /** A store as the application opens it: the catalog is the built-in one plus the user's types and models. */
    private StudyStore openStore(Path db) {
        Database database = Database.open(db);
        StudyRepository studies = new StudyRepository(database, CLOCK);
        allocations = new FleetAllocationRepository(database, CLOCK);
        gpuTypes = new UserGpuTypeRepository(database, CLOCK);
        models = new UserModelRepository(database, CLOCK);
        UserGpuTypeRepository types = gpuTypes;
        UserModelRepository userModels = models;
        java.util.function.Supplier<Catalog> catalog = () -> StudyArchive.withOwn(CATALOG, types.findAll(), userModels.findAll());
        plans = new io.fleetwise.datastore.plan.FleetPlanRepository(database, CLOCK, catalog);
        return new StudyStore(studies, catalog, allocations, new StudyStore.UserCatalog(CATALOG, types, userModels))
                .withPlans(plans);
    }

    /** A GPU type of the user's (an in-house H100 that reports less memory) and a model imported under its own name. */
    private static final UserGpuType IN_HOUSE = new UserGpuType("H100-inhouse", "NVIDIA", "Hopper", "SXM5", 80_000_000_000L,
            80, "HBM3", 3350, 989, 989, 1979, 1979, "NVLink 4", 900, 64, 700, "catalog:H100-SXM", "our lab sheet", "");

    private static ModelSpec inHouseModel() {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.valueToTree(CATALOG.model("Llama-3.1-8B"));
        node.put("name", "Llama-3.1-8B-ft").put("source", "config.json of our fine-tune");
        try {
            return json.configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .treeToValue(node, ModelSpec.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The fixture the current golden file holds: the demo study on one more node group of the user's own GPU type,
     * serving the user's imported model, with a price choice and one saved allocation.
     */
    private long fixture() {
        gpuTypes.save(IN_HOUSE);
        models.save(inHouseModel(), "config.json");
        Catalog withOwn = StudyArchive.withOwn(CATALOG, List.of(IN_HOUSE), List.of(inHouseModel()));
        StudyDocument demo = DemoStudy.create(CATALOG).withName("Golden study");
        List<io.fleetwise.planner.model.NodeGroup> groups = new java.util.ArrayList<>(demo.nodeGroups());
        groups.addAll(io.fleetwise.planner.cluster.ClusterFiles.parseShorthand("8xH100-inhouse", withOwn).groups());
        StudyDocument doc = io.fleetwise.planner.pricing.StudyPricing.withChoice(
                demo.withCluster(demo.clusterName(), groups).withModelName("Llama-3.1-8B-ft"),
                io.fleetwise.planner.pricing.PriceChoice.all().withUnverified(true));
        long id = withAllocation(store.create(doc));
        withPlan(id);
        return id;
    }

    /**
     * Version 4's addition to the fixture: a fleet plan of the study (with the allocator's problem and mix behind it,
     * its provenance and input fingerprint) and two runs against it, one with a trace in this database.
     */
    private void withPlan(long studyId) {
        io.fleetwise.datastore.fleet.SavedAllocation saved = allocations.findByStudy(studyId).get(0);
        long planId = plans.save(studyId, plan(), new io.fleetwise.planner.plan.PlanStore.Allocation(saved.problem(),
                saved.result())).id();
        plans.attachRun(planId, io.fleetwise.planner.plan.PlanStore.PlanRun.SIMULATION, "whole plan, 500 requests",
                Map.of("ttftP90Ms", 310.5), null);
        plans.attachRun(planId, io.fleetwise.planner.plan.PlanStore.PlanRun.EXECUTION, "one shard on cuda:0",
                new java.util.LinkedHashMap<>(Map.of("measuredMs", 12.0)), 4L);
    }

    private static io.fleetwise.planner.plan.FleetPlan plan() {
        List<io.fleetwise.planner.plan.FleetPlan.Part> parts = List.of(new io.fleetwise.planner.plan.FleetPlan.Part(
                io.fleetwise.planner.model.ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 4), 2, 1.0));
        return new io.fleetwise.planner.plan.FleetPlan(io.fleetwise.planner.plan.FleetPlan.describe(parts), "Llama-3.1-8B-ft",
                parts, 23.92, new io.fleetwise.planner.plan.FleetPlan.Predicted(8, 7.8, 0.97, Double.NaN, Double.NaN, true),
                new io.fleetwise.planner.plan.FleetPlan.Provenance(io.fleetwise.planner.plan.FleetPlan.FLEET_ALLOCATION,
                        "f00d", "cafe", "built-in", "vllm-v1", Map.of("H100-SXM", 2.99)));
    }

    /** The fixture of the version 2 golden file: the demo study and one saved allocation. */
    private long fixtureV2() {
        return withAllocation(store.create(DemoStudy.create(CATALOG).withName("Golden study")));
    }

    private long withAllocation(StudyStore.StoredStudy study) {
        AllocationProblem problem = AllocationProblem.minCost(
                List.of(WorkloadBucket.ofRanges(1, 256, 1, 128, 0.4), WorkloadBucket.ofRanges(256, 2048, 128, 1024, 0.6)), 12.0,
                List.of(AllocationCandidate.singleGpu("A10G", 1.01, List.of(2.0, 1.0), ThroughputSource.MEASURED_IMPORTED),
                        AllocationCandidate.singleGpu("A100-80GB", 3.67, List.of(20.0, 12.0), ThroughputSource.MEASURED_IMPORTED)), 1)
                .withCaps(Map.of("A100-80GB", 4));
        BaselineComparison cmp = new Baselines(new FleetAllocator()).compare(problem);
        allocations.save(study.id(), "mix at 12 req/s", problem, fixedTime(cmp.mix()), cmp.savingPercent());
        return study.id();
    }

    /** The plan with a fixed solve time, so the golden file does not change with the machine's speed. */
    private static io.fleetwise.planner.alloc.AllocationResult fixedTime(io.fleetwise.planner.alloc.AllocationResult r) {
        return new io.fleetwise.planner.alloc.AllocationResult(r.candidates(), r.replicaCounts(), r.costPerHourUsd(),
                r.assignmentShares(), r.servedRatePerSecond(), r.demandRatePerSecond(), r.status(), r.relativeGap(), 10.0,
                r.solverName(), r.formulation(), r.message());
    }

    @Test
    void currentVersionIsWrittenExactlyAsItsGoldenFile() throws Exception {
        fixture();
        Path out = dir.resolve("export.json");
        store.export("Golden study", out);
        Path golden = GOLDEN.resolve("study-v" + StudyArchive.CURRENT_VERSION + ".json");
        if (Boolean.getBoolean("fleetwise.updateGolden")) {
            Files.copy(out, golden, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void versionOneGoldenImportsWithoutAllocations() throws Exception {
        Path golden = GOLDEN.resolve("study-v1.json");
        if (Boolean.getBoolean("fleetwise.updateGolden")) {
            Files.writeString(golden, StudyJson.toJson(DemoStudy.create(CATALOG).withName("Golden study")) + "\n");
        }
        StudyStore.StoredStudy imported = store.importFile(golden, null);
        assertThat(imported.document()).isEqualTo(DemoStudy.create(CATALOG).withName("Golden study"));
        assertThat(allocations.findByStudy(imported.id())).isEmpty();
    }

    @Test
    void versionTwoGoldenImportsWithEverythingTheStudyOwned() throws Exception {
        long original = fixtureV2();
        StudyStore.StoredStudy imported = store.importFile(GOLDEN.resolve("study-v2.json"), "Golden study (copy)");
        assertThat(imported.document()).isEqualTo(store.open(original).document().withName("Golden study (copy)"));
        List<SavedAllocation> copied = allocations.findByStudy(imported.id());
        List<SavedAllocation> saved = allocations.findByStudy(original);
        assertThat(copied).hasSize(1);
        assertThat(copied.get(0).name()).isEqualTo(saved.get(0).name());
        assertThat(copied.get(0).createdAt()).isEqualTo(saved.get(0).createdAt());
        assertThat(copied.get(0).problem()).isEqualTo(saved.get(0).problem());
        assertThat(copied.get(0).result()).isEqualTo(saved.get(0).result());
        assertThat(copied.get(0).savingPercent()).isEqualTo(saved.get(0).savingPercent());
    }

    @Test
    void versionThreeGoldenImportsIntoAnotherDatabaseWithTheGpuTypeAndModelItUses() throws Exception {
        StudyStore elsewhere = openStore(dir.resolve("elsewhere.db"));
        assertThat(gpuTypes.findAll()).isEmpty();
        StudyStore.StoredStudy imported = elsewhere.importFile(GOLDEN.resolve("study-v3.json"), null);
        assertThat(gpuTypes.findAll()).containsExactly(IN_HOUSE);
        assertThat(models.findAll()).containsExactly(inHouseModel());
        assertThat(imported.document().modelName()).isEqualTo("Llama-3.1-8B-ft");
        assertThat(imported.document().nodeGroups()).extracting(g -> g.gpu().name()).contains("H100-inhouse");
        assertThat(io.fleetwise.planner.pricing.StudyPricing.choice(imported.document()).allowUnverified()).isTrue();
        assertThat(allocations.findByStudy(imported.id())).hasSize(1);
        // and it reads back the same from the importing database's own catalog
        assertThat(elsewhere.open("Golden study").document()).isEqualTo(imported.document());
    }

    @Test
    void aGpuTypeThatDiffersFromOneOfTheSameNameIsRefusedNamingTheFieldAndStoresNothing() throws Exception {
        StudyStore elsewhere = openStore(dir.resolve("elsewhere.db"));
        UserGpuType mine = new UserGpuType("H100-inhouse", "NVIDIA", "Hopper", "SXM5", 85_000_000_000L, 80, "HBM3", 3350,
                989, 989, 1979, 1979, "NVLink 4", 900, 64, 700, "catalog:H100-SXM", "", "");
        gpuTypes.save(mine);
        int before = elsewhere.list().size();
        assertThatThrownBy(() -> elsewhere.importFile(GOLDEN.resolve("study-v3.json"), null))
                .isInstanceOf(StudyFormatException.class)
                .hasMessageContaining("study-v3.json: GPU type 'H100-inhouse' differs from your GPU type of that name "
                        + "(field memoryBytes: the file's '80000000000', here '85000000000')");
        assertThat(elsewhere.list()).hasSize(before);
        assertThat(gpuTypes.findAll()).containsExactly(mine);
        assertThat(models.findAll()).isEmpty();
    }

    @Test
    void aGpuTypeOnAStoredCalibrationsCurvesIsRefusedBecauseTheCurvesDoNotTravel() throws Exception {
        StudyStore elsewhere = openStore(dir.resolve("elsewhere.db"));
        Path file = dir.resolve("calibrated.json");
        Files.writeString(file, Files.readString(GOLDEN.resolve("study-v3.json"))
                .replace("\"efficiencyFrom\" : \"catalog:H100-SXM\"", "\"efficiencyFrom\" : \"calibration:12\""));
        assertThatThrownBy(() -> elsewhere.importFile(file, null))
                .hasMessageContaining("calibrated.json: GPU type 'H100-inhouse' borrows the efficiency curves of stored "
                        + "calibration 12, which a study file does not carry");
        assertThat(gpuTypes.findAll()).isEmpty();
        assertThat(elsewhere.list()).isEmpty();
    }

    @Test
    void versionFourGoldenImportsWithItsPlansAndTheirRuns() throws Exception {
        StudyStore elsewhere = openStore(dir.resolve("elsewhere.db"));
        StudyStore.StoredStudy imported = elsewhere.importFile(GOLDEN.resolve("study-v4.json"), null);

        List<io.fleetwise.planner.plan.PlanStore.StoredPlan> stored = plans.plansOf(imported.id());
        assertThat(stored).singleElement().satisfies(p -> {
            assertThat(p.plan()).isEqualTo(plan());
            assertThat(p.plan().provenance().inputFingerprint()).as("the plan still names its inputs").isEqualTo("f00d");
            assertThat(p.allocation()).isPresent();
            assertThat(p.allocation().get().problem()).isEqualTo(allocations.findByStudy(imported.id()).get(0).problem());
        });
        List<io.fleetwise.planner.plan.PlanStore.PlanRun> runs = plans.runsOf(stored.get(0).id());
        assertThat(runs).extracting(io.fleetwise.planner.plan.PlanStore.PlanRun::label)
                .containsExactly("whole plan, 500 requests", "one shard on cuda:0");
        assertThat(runs.get(0).metrics()).containsEntry("ttftP90Ms", 310.5);
        assertThat(runs).extracting(io.fleetwise.planner.plan.PlanStore.PlanRun::traceId)
                .as("a trace id means nothing in another database: traces do not travel").containsOnlyNulls();
    }

    @Test
    void aPlanThatDoesNotReadRefusesTheWholeFileAndStoresNothing() throws Exception {
        Path file = dir.resolve("bad-plan.json");
        Files.writeString(file, Files.readString(GOLDEN.resolve("study-v4.json")).replace("\"kind\" : \"execution\"",
                "\"kind\" : \"guess\""));
        StudyStore elsewhere = openStore(dir.resolve("elsewhere.db"));
        assertThatThrownBy(() -> elsewhere.importFile(file, null)).isInstanceOf(StudyFormatException.class)
                .hasMessageContaining("bad-plan.json: plans[0].runs[1].kind must be 'simulation' or 'execution'");
        assertThat(elsewhere.list()).isEmpty();
        assertThat(gpuTypes.findAll()).as("nor the GPU type the study brought").isEmpty();
    }

    @Test
    void exportThenImportIsExact() throws Exception {
        long original = fixture();
        Path out = dir.resolve("round.json");
        store.export("Golden study", out);
        StudyStore.StoredStudy back = store.importFile(out, "Round trip");
        Path again = dir.resolve("again.json");
        store.export("Round trip", again);
        assertThat(Files.readString(again).replace("Round trip", "Golden study")).isEqualTo(Files.readString(out));
        assertThat(allocations.findByStudy(back.id())).hasSameSizeAs(allocations.findByStudy(original));
        assertThat(plans.plansOf(back.id())).hasSameSizeAs(plans.plansOf(original)).isNotEmpty();
    }

    @Test
    void fileFromANewerFleetwiseIsRefusedWithItsVersionAndStoresNothing() throws Exception {
        Path file = dir.resolve("newer.json");
        Files.writeString(file, Files.readString(GOLDEN.resolve("study-v3.json"))
                .replace("\"fleetwise-study/3\"", "\"fleetwise-study/9\"").replace("\"formatVersion\" : 3", "\"formatVersion\" : 9"));
        int before = store.list().size();
        assertThatThrownBy(() -> store.importFile(file, null))
                .isInstanceOf(StudyFormatException.class)
                .hasMessageContaining("newer.json")
                .hasMessageContaining("fleetwise-study/9")
                .hasMessageContaining("reads fleetwise-study/1 to fleetwise-study/" + StudyArchive.CURRENT_VERSION);
        assertThat(store.list()).hasSize(before);
    }

    @Test
    void badAllocationRefusesTheWholeFileAndStoresNoStudy() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, Files.readString(GOLDEN.resolve("study-v2.json"))
                .replace("\"createdAt\" : \"2026-11-22T23:00:00Z\"", "\"createdAt\" : \"yesterday\""));
        int before = store.list().size();
        assertThatThrownBy(() -> store.importFile(file, null))
                .hasMessageContaining("bad.json: allocations[0].createdAt");
        assertThat(store.list()).hasSize(before);
    }

    @Test
    void documentRoundTripKeepsTheDemoStudy() {
        StudyDocument doc = DemoStudy.create(CATALOG);
        StudyArchive.Contents back = StudyArchive.read("x", StudyArchive.write(doc, List.of()), CATALOG);
        assertThat(back.version()).isEqualTo(StudyArchive.CURRENT_VERSION);
        assertThat(back.document()).isEqualTo(doc);
    }
}
