package io.fleetwise.planner.throughput;

import java.util.Collection;
import java.util.Map;

/**
 * Where computed throughput-table cells are kept, so each is searched once (once per machine with the database's
 * store). Implemented by the datastore over SQLite; the planner only needs this port. Lookup is by key: a cell whose
 * inputs changed has another key, so nothing is ever invalidated by hand.
 */
public interface ThroughputCellStore {

    /** The stored answers of these keys, by fingerprint; keys with nothing stored are absent. */
    Map<String, CellResult> find(Collection<CellKey> keys);

    /** Stores (or replaces) the answer of one cell. */
    void save(CellKey key, CellResult result);

    /** Keeps nothing: every cell is searched each time it is asked for. */
    static ThroughputCellStore none() {
        return NoCellStore.INSTANCE;
    }

    /** Cells kept in this object only (a command or test without a database). */
    static ThroughputCellStore inMemory() {
        return new InMemoryCellStore();
    }
}
