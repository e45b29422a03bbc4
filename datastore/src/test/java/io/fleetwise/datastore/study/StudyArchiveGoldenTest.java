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
import io.fleetwise.planner.catalog.Catalog;
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

    @BeforeEach
    void open() {
        Database database = Database.open(dir.resolve("s.db"));
        StudyRepository studies = new StudyRepository(database, CLOCK);
        allocations = new FleetAllocationRepository(database, CLOCK);
        store = new StudyStore(studies, () -> CATALOG, allocations);
    }

    /** The fixture every golden file holds: the demo study and one saved allocation. */
    private long fixture() {
        StudyStore.StoredStudy study = store.create(DemoStudy.create(CATALOG).withName("Golden study"));
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
        long original = fixture();
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
    void exportThenImportIsExact() throws Exception {
        long original = fixture();
        Path out = dir.resolve("round.json");
        store.export("Golden study", out);
        StudyStore.StoredStudy back = store.importFile(out, "Round trip");
        Path again = dir.resolve("again.json");
        store.export("Round trip", again);
        assertThat(Files.readString(again).replace("Round trip", "Golden study")).isEqualTo(Files.readString(out));
        assertThat(allocations.findByStudy(back.id())).hasSameSizeAs(allocations.findByStudy(original));
    }

    @Test
    void fileFromANewerFleetwiseIsRefusedWithItsVersionAndStoresNothing() throws Exception {
        Path file = dir.resolve("newer.json");
        Files.writeString(file, Files.readString(GOLDEN.resolve("study-v2.json"))
                .replace("\"fleetwise-study/2\"", "\"fleetwise-study/9\"").replace("\"formatVersion\" : 2", "\"formatVersion\" : 9"));
        int before = store.list().size();
        assertThatThrownBy(() -> store.importFile(file, null))
                .isInstanceOf(StudyFormatException.class)
                .hasMessageContaining("newer.json")
                .hasMessageContaining("fleetwise-study/9")
                .hasMessageContaining("reads fleetwise-study/1 to fleetwise-study/2");
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
        assertThat(back.version()).isEqualTo(2);
        assertThat(back.document()).isEqualTo(doc);
    }
}
