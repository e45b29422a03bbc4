package io.fleetwise.datastore.throughput;

import io.fleetwise.datastore.Database;
import io.fleetwise.planner.throughput.CellKey;
import io.fleetwise.planner.throughput.CellResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThroughputCellRepositoryTest {

    @TempDir
    Path dir;

    private static CellKey key(char c) {
        return new CellKey(String.valueOf(c).repeat(64), "Llama-3.1-70B", "H100-SXM TP4 bf16 vllm",
                "fixed 320 in / 160 out", "TTFT 500 ms, TPOT 50 ms, E2E inf ms at 0.9", "0123456789abcdef",
                "fedcba9876543210", "400 requests, seed 42, tolerance 0.05, max 20, v2", 1);
    }

    private static CellResult result(double rate) {
        return new CellResult(rate, 5, 0.25, Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void aSavedCellIsFoundAfterTheDatabaseIsOpenedAgain() {
        new ThroughputCellRepository(Database.open(dir.resolve("t.db"))).save(key('a'), result(5.75));
        ThroughputCellRepository reopened = new ThroughputCellRepository(Database.open(dir.resolve("t.db")));
        assertThat(reopened.find(List.of(key('a'), key('b')))).containsExactly(Map.entry(key('a').fingerprint(), result(5.75)));
        assertThat(reopened.count()).isEqualTo(1);
    }

    @Test
    void savingAgainReplacesTheAnswer() {
        ThroughputCellRepository cells = new ThroughputCellRepository(Database.open(dir.resolve("t.db")));
        cells.save(key('a'), result(5.75));
        cells.save(key('a'), result(6.0));
        assertThat(cells.find(List.of(key('a'))).get(key('a').fingerprint()).maxRatePerS()).isEqualTo(6.0);
        assertThat(cells.list(null, 10)).singleElement().satisfies(s -> assertThat(s.key()).isEqualTo(key('a')));
    }

    @Test
    void aRowThatCannotBeReadBackCountsAsNotStored() {
        Database database = Database.open(dir.resolve("t.db"));
        ThroughputCellRepository cells = new ThroughputCellRepository(database);
        cells.save(key('a'), result(5.75));
        database.execute(c -> c.createStatement().executeUpdate("UPDATE throughput_cells SET computed_at = 'yesterday'"));
        assertThat(cells.find(List.of(key('a')))).isEmpty();
    }

    @Test
    void manyKeysAreLookedUpInBatches() {
        ThroughputCellRepository cells = new ThroughputCellRepository(Database.open(dir.resolve("t.db")));
        cells.save(key('a'), result(1));
        List<CellKey> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            keys.add(new CellKey(String.format("%064d", i), "m", "r", "l", "s", "c", "e", "q", 1));
        }
        keys.add(key('a'));
        assertThat(cells.find(keys)).containsOnlyKeys(key('a').fingerprint());
    }
}
