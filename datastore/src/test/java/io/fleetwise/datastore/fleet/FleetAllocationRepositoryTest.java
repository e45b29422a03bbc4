package io.fleetwise.datastore.fleet;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.DatabaseException;
import io.fleetwise.datastore.study.Study;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.Baselines;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;
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

class FleetAllocationRepositoryTest {

    @TempDir
    Path dir;
    private Database database;
    private FleetAllocationRepository allocations;
    private Study study;

    @BeforeEach
    void open() {
        database = Database.open(dir.resolve("f.db"));
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T23:00:00Z"), ZoneOffset.UTC);
        study = new StudyRepository(database, clock).create("Fleet study", "{}");
        allocations = new FleetAllocationRepository(database, clock);
    }

    private static AllocationProblem melangeExample() {
        return AllocationProblem.minCost(
                List.of(WorkloadBucket.ofRanges(1, 256, 1, 128, 0.2), WorkloadBucket.ofRanges(1, 256, 128, 1024, 0.1),
                        WorkloadBucket.ofRanges(256, 2048, 1, 128, 0.5), WorkloadBucket.ofRanges(256, 2048, 128, 1024, 0.2)),
                30.0,
                List.of(AllocationCandidate.singleGpu("A10G", 1.01, List.of(2.0, 1.0, 5.0, 2.0), ThroughputSource.MEASURED_IMPORTED),
                        AllocationCandidate.singleGpu("A100-80GB", 3.67, List.of(20.0, 20.0, 40.0, 20.0),
                                ThroughputSource.MEASURED_IMPORTED)), 1);
    }

    @Test
    void savedAllocationReadsBackWithProblemPlanAndSaving() {
        AllocationProblem problem = melangeExample().withCaps(Map.of("A100-80GB", 4)).withHeadroom(0.1);
        BaselineComparison cmp = new Baselines(new FleetAllocator()).compare(problem);
        SavedAllocation saved = allocations.save(study.id(), "mix at 30 req/s", problem, cmp.mix(), cmp.savingPercent());

        SavedAllocation back = allocations.findById(saved.id()).orElseThrow();
        assertThat(back).isEqualTo(saved);
        assertThat(allocations.findByStudy(study.id())).containsExactly(saved);
    }

    @Test
    void planWithoutSolutionIsStoredWithNullCost() {
        AllocationProblem problem = melangeExample().withCaps(Map.of("A100-80GB", 0, "A10G", 1));
        AllocationResult infeasible = new FleetAllocator().solve(problem);
        SavedAllocation saved = allocations.save(study.id(), "too few GPUs", problem, infeasible, Double.NaN);
        SavedAllocation back = allocations.findById(saved.id()).orElseThrow();
        assertThat(back.result().costPerHourUsd()).isNaN();
        assertThat(back.savingPercent()).isNaN();
        assertThat(back.result().message()).contains("caps");
    }

    @Test
    void savingToAMissingStudyIsRefusedAndStoresNothing() {
        AllocationProblem problem = melangeExample();
        AllocationResult plan = new FleetAllocator().solve(problem);
        assertThatThrownBy(() -> allocations.save(study.id() + 99, "x", problem, plan, 0.0))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("No study with id");
        assertThat(allocations.findByStudy(study.id() + 99)).isEmpty();
    }
}
