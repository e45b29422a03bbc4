package io.fleetwise.planner.throughput;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Cells kept in memory, for as long as the store object lives. */
final class InMemoryCellStore implements ThroughputCellStore {
    private final Map<String, CellResult> cells = new ConcurrentHashMap<>();

    @Override
    public Map<String, CellResult> find(Collection<CellKey> keys) {
        Map<String, CellResult> found = new LinkedHashMap<>();
        for (CellKey key : keys) {
            CellResult r = cells.get(key.fingerprint());
            if (r != null) {
                found.put(key.fingerprint(), r);
            }
        }
        return found;
    }

    @Override
    public void save(CellKey key, CellResult result) {
        cells.put(key.fingerprint(), result);
    }
}
