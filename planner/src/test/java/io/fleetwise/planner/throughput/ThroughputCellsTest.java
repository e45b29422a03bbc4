package io.fleetwise.planner.throughput;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.workload.FixedLengths;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThroughputCellsTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec MODEL = CATALOG.model("Llama-3.1-8B");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private static ThroughputCell cell(int in, int out) {
        return new ThroughputCell(MODEL, ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1), new FixedLengths(in, out),
                Slo.of(2000, 100, 0.9), CalibrationSet.builtIn(), new CapacitySearch.Options(100, 42L, 0.1, 20));
    }

    @Test
    void aStoredCellIsReadInsteadOfSearchedAgain() {
        ThroughputCellStore store = ThroughputCellStore.inMemory();
        List<ThroughputCell> cells = List.of(cell(64, 32), cell(320, 160));
        ThroughputCells.Resolved first = new ThroughputCells(store, 2, CLOCK).resolve(cells, null);
        ThroughputCells.Resolved again = new ThroughputCells(store, 1, CLOCK).resolve(cells, null);
        assertThat(first.searched()).isEqualTo(2);
        assertThat(again.searched()).isZero();
        assertThat(again.fromStore()).isEqualTo(2);
        assertThat(again.results()).isEqualTo(first.results());
        assertThat(first.results()).allSatisfy(r -> assertThat(r.maxRatePerS()).isPositive());
    }

    @Test
    void theSameCellTwiceIsSearchedOnceAndAnsweredTwice() {
        ThroughputCells.Resolved r = new ThroughputCells(ThroughputCellStore.inMemory(), 2, CLOCK)
                .resolve(List.of(cell(64, 32), cell(64, 32)), null);
        assertThat(r.searched()).isEqualTo(1);
        assertThat(r.results()).hasSize(2);
        assertThat(r.results().get(0)).isEqualTo(r.results().get(1));
    }

    @Test
    void aCancelledBuildKeepsTheCellsItFinished() {
        ThroughputCellStore store = ThroughputCellStore.inMemory();
        List<String> messages = new ArrayList<>();
        ProgressListener cancelAfterFirst = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                messages.add(message);
            }

            @Override
            public boolean isCancelled() {
                return messages.stream().anyMatch(m -> m.startsWith("Capacity search 1 of"));
            }
        };
        List<ThroughputCell> cells = List.of(cell(64, 32), cell(320, 160), cell(1280, 640));
        assertThatThrownBy(() -> new ThroughputCells(store, 1, CLOCK).resolve(cells, cancelAfterFirst))
                .isInstanceOf(CancellationException.class);
        assertThat(store.find(cells.stream().map(ThroughputCell::key).toList())).hasSize(1);
    }

    @Test
    void progressCountsTheCellsToSearch() {
        List<String> messages = new ArrayList<>();
        new ThroughputCells(ThroughputCellStore.inMemory(), 1, CLOCK)
                .resolve(List.of(cell(64, 32), cell(320, 160)), (f, m) -> messages.add(m));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("Capacity search 2 of 2: "));
    }

    @Test
    void anUnreadableStoreCostsTimeNotAnswers() {
        ThroughputCellStore broken = new ThroughputCellStore() {
            @Override
            public Map<String, CellResult> find(Collection<CellKey> keys) {
                throw new IllegalStateException("database is locked");
            }

            @Override
            public void save(CellKey key, CellResult result) {
                throw new IllegalStateException("disk full");
            }
        };
        ThroughputCells.Resolved r = new ThroughputCells(broken, 1, CLOCK).resolve(List.of(cell(64, 32)), null);
        assertThat(r.searched()).isEqualTo(1);
        assertThat(r.results().get(0).maxRatePerS()).isPositive();
    }
}
