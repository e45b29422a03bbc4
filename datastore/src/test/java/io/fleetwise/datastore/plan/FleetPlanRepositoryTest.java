package io.fleetwise.datastore.plan;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.DatabaseException;
import io.fleetwise.datastore.study.Study;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.plan.FleetPlan;
import io.fleetwise.planner.plan.PlanStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetPlanRepositoryTest {
    private static final Catalog CATALOG = Catalog.builtIn();

    @TempDir
    Path dir;
    private Database database;
    private FleetPlanRepository plans;
    private Study study;

    @BeforeEach
    void open() {
        database = Database.open(dir.resolve("p.db"));
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
        study = new StudyRepository(database, clock).ensureDemoStudy();
        plans = new FleetPlanRepository(database, clock, () -> CATALOG);
    }

    private static FleetPlan plan(String gpu, int count) {
        List<FleetPlan.Part> parts = List.of(new FleetPlan.Part(ReplicaConfig.of(CATALOG.gpu(gpu), 4), count, 1.0));
        return new FleetPlan(FleetPlan.describe(parts), "Llama-3.1-70B", parts, 30.08 * count,
                new FleetPlan.Predicted(8, 7.8, 0.97, Double.NaN, Double.NaN, true),
                new FleetPlan.Provenance(FleetPlan.FLEET_ALLOCATION, "f00d", "cafe", "built-in", "vllm-0.6",
                        Map.of(gpu, 7.52)));
    }

    @Test
    void plansComeBackNewestFirstAsTheyWereSaved() {
        long first = plans.save(study.id(), plan("H100-SXM", 2), null).id();
        long second = plans.save(study.id(), plan("A100-80GB-SXM", 3), null).id();

        List<PlanStore.StoredPlan> stored = plans.plansOf(study.id());

        assertThat(stored).extracting(PlanStore.StoredPlan::id).containsExactly(second, first);
        assertThat(stored.get(1).plan()).isEqualTo(plan("H100-SXM", 2));
        assertThat(plans.find(first).orElseThrow().plan().provenance().inputFingerprint()).isEqualTo("f00d");
    }

    /**
     * The buckets an allocation left out are gone from its problem, so the row keeps the solve's note on them: the
     * report and the Fleet area read it back, and a study export carries it to another database.
     */
    @Test
    void whatAnAllocationLeftOutComesBackWithItsPlanAndTravelsWithTheStudy() {
        io.fleetwise.planner.alloc.AllocationProblem problem = io.fleetwise.planner.alloc.AllocationProblem.minCost(
                List.of(io.fleetwise.planner.alloc.WorkloadBucket.ofRanges(1, 256, 1, 128, 1.0)), 7.99,
                List.of(io.fleetwise.planner.alloc.AllocationCandidate.singleGpu("H100-SXM", 2.99, List.of(4.0),
                        io.fleetwise.planner.alloc.ThroughputSource.MEASURED_IMPORTED)), 1);
        io.fleetwise.planner.alloc.AllocationResult mix = new io.fleetwise.planner.alloc.FleetAllocator().solve(problem);
        String note = "0.13% of requests (in 8192+ / out 2048+) meet the SLO on no candidate and are left out";
        long id = plans.save(study.id(), plan("H100-SXM", 2), new PlanStore.Allocation(problem, mix, note)).id();
        long without = plans.save(study.id(), plan("H100-SXM", 3), new PlanStore.Allocation(problem, mix)).id();

        assertThat(plans.find(id).orElseThrow().allocation().orElseThrow().leftOut()).isEqualTo(note);
        assertThat(plans.find(without).orElseThrow().allocation().orElseThrow().leftOut()).isEmpty();

        PlanStore.StoredPlan stored = plans.find(id).orElseThrow();
        String file = io.fleetwise.datastore.study.StudyArchive.write(
                io.fleetwise.planner.study.DemoStudy.create(CATALOG), List.of(),
                io.fleetwise.datastore.study.StudyArchive.OwnCatalog.NONE,
                List.of(new io.fleetwise.datastore.study.StudyArchive.ArchivedPlan(stored.createdAt(), stored.plan(),
                        stored.allocation(), List.of())));
        io.fleetwise.datastore.study.StudyArchive.Contents back =
                io.fleetwise.datastore.study.StudyArchive.read("export.json", file, CATALOG);
        assertThat(back.plans().get(0).allocation().orElseThrow().leftOut()).isEqualTo(note);
    }

    @Test
    void runsAttachToTheirPlanInOrder() {
        long id = plans.save(study.id(), plan("H100-SXM", 2), null).id();

        plans.attachRun(id, PlanStore.PlanRun.SIMULATION, "whole plan", Map.of("ttftP90Ms", 310.5), null);
        plans.attachRun(id, PlanStore.PlanRun.EXECUTION, "one shard", Map.of("measuredMs", 12.0, "errorPct", Double.NaN), 4L);

        List<PlanStore.PlanRun> runs = plans.runsOf(id);
        assertThat(runs).extracting(PlanStore.PlanRun::kind).containsExactly("simulation", "execution");
        assertThat(runs.get(1).traceId()).isEqualTo(4L);
        assertThat(runs.get(1).metrics().get("errorPct")).as("a figure that does not exist reads back as NaN").isNaN();
    }

    @Test
    void aRunForAPlanThatDoesNotExistIsRefusedAndNothingIsStored() {
        assertThatThrownBy(() -> plans.attachRun(99, PlanStore.PlanRun.EXECUTION, "x", Map.of(), null))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("No plan with id 99");
        assertThat(plans.runsOf(99)).isEmpty();
    }

    @Test
    void aPlanForAStudyThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> plans.save(12345, plan("H100-SXM", 1), null)).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("No study with id 12345");
    }

    @Test
    void aRowWhoseGpuTypeLeftTheCatalogIsNamedWhenRead() {
        long id = plans.save(study.id(), plan("H100-SXM", 1), null).id();
        database.execute(c -> c.createStatement().executeUpdate(
                "UPDATE fleet_plans SET plan_json = replace(plan_json, 'H100-SXM', 'Z9000') WHERE id = " + id));

        assertThatThrownBy(() -> plans.find(id)).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("plan " + id).hasMessageContaining("Z9000");
    }
}
