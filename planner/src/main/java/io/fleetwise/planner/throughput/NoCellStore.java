package io.fleetwise.planner.throughput;

import java.util.Collection;
import java.util.Map;

/** Keeps no cell. */
enum NoCellStore implements ThroughputCellStore {
    INSTANCE;

    @Override
    public Map<String, CellResult> find(Collection<CellKey> keys) {
        return Map.of();
    }

    @Override
    public void save(CellKey key, CellResult result) {
    }
}
