package io.fleetwise.datastore.throughput;

import io.fleetwise.datastore.Database;
import io.fleetwise.planner.throughput.CellKey;
import io.fleetwise.planner.throughput.CellResult;
import io.fleetwise.planner.throughput.ThroughputCellStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The throughput table's cells in the study database ({@code throughput_cells}, V58), shared by every window and
 * command that opens the same file: a cell searched once is read back from then on. A row that cannot be read back
 * (hand-edited, cut short) counts as not stored, so its cell is searched and written again.
 */
public final class ThroughputCellRepository implements ThroughputCellStore {
    private static final Logger LOG = LoggerFactory.getLogger(ThroughputCellRepository.class);
    /** Fingerprints per query: well under SQLite's bound-parameter limit. */
    private static final int BATCH = 500;

    private final Database database;

    public ThroughputCellRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Map<String, CellResult> find(Collection<CellKey> keys) {
        List<String> fingerprints = keys.stream().map(CellKey::fingerprint).distinct().toList();
        Map<String, CellResult> found = new LinkedHashMap<>();
        for (int from = 0; from < fingerprints.size(); from += BATCH) {
            List<String> batch = fingerprints.subList(from, Math.min(fingerprints.size(), from + BATCH));
            found.putAll(findBatch(batch));
        }
        return found;
    }

    private Map<String, CellResult> findBatch(List<String> fingerprints) {
        String marks = String.join(", ", Collections.nCopies(fingerprints.size(), "?"));
        return database.execute(c -> {
            Map<String, CellResult> found = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, max_rate_per_s, simulations, "
                    + "search_seconds, computed_at FROM throughput_cells WHERE fingerprint IN (" + marks + ")")) {
                for (int i = 0; i < fingerprints.size(); i++) {
                    ps.setString(i + 1, fingerprints.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String fingerprint = rs.getString(1);
                        try {
                            found.put(fingerprint, new CellResult(rs.getDouble(2), rs.getInt(3), rs.getDouble(4),
                                    Instant.parse(rs.getString(5))));
                        } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
                            LOG.warn("Throughput cell {} in {} cannot be read back ({}); it is searched again",
                                    fingerprint, database.file(), e.getMessage());
                        }
                    }
                }
            }
            return found;
        });
    }

    @Override
    public void save(CellKey key, CellResult result) {
        saveAll(Map.of(key, result));
    }

    /** Stores (or replaces) many cells in one transaction: a sweep's tens of thousands take seconds, not minutes. */
    public void saveAll(Map<CellKey, CellResult> cells) {
        if (cells.isEmpty()) {
            return;
        }
        database.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO throughput_cells (fingerprint, model, replica, "
                    + "lengths, slo, calibration, engine, search, simulator_version, max_rate_per_s, simulations, "
                    + "search_seconds, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT(fingerprint) DO UPDATE SET max_rate_per_s = excluded.max_rate_per_s, "
                    + "simulations = excluded.simulations, search_seconds = excluded.search_seconds, "
                    + "computed_at = excluded.computed_at")) {
                for (Map.Entry<CellKey, CellResult> e : cells.entrySet()) {
                    CellKey key = e.getKey();
                    CellResult result = e.getValue();
                    ps.setString(1, key.fingerprint());
                    ps.setString(2, key.model());
                    ps.setString(3, key.replica());
                    ps.setString(4, key.lengths());
                    ps.setString(5, key.slo());
                    ps.setString(6, key.calibration());
                    ps.setString(7, key.engine());
                    ps.setString(8, key.search());
                    ps.setInt(9, key.simulatorVersion());
                    ps.setDouble(10, result.maxRatePerS());
                    ps.setInt(11, result.simulations());
                    ps.setDouble(12, result.searchSeconds());
                    ps.setString(13, result.computedAt().toString());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** How many cells the database holds. */
    public int count() {
        return database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM throughput_cells");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    /** One stored cell as people read it. */
    public record StoredCell(CellKey key, CellResult result) {
    }

    /** The stored cells of one model (all models when {@code model} is null), newest first, at most {@code limit}. */
    public List<StoredCell> list(String model, int limit) {
        return database.execute(c -> {
            List<StoredCell> cells = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, model, replica, lengths, slo, calibration, "
                    + "engine, search, simulator_version, max_rate_per_s, simulations, search_seconds, computed_at "
                    + "FROM throughput_cells WHERE (? IS NULL OR model = ?) ORDER BY computed_at DESC, fingerprint LIMIT ?")) {
                ps.setString(1, model);
                ps.setString(2, model);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            cells.add(new StoredCell(new CellKey(rs.getString(1), rs.getString(2), rs.getString(3),
                                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                    rs.getInt(9)), new CellResult(rs.getDouble(10), rs.getInt(11), rs.getDouble(12),
                                    Instant.parse(rs.getString(13)))));
                        } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
                            LOG.warn("Throughput cell {} in {} cannot be read back: {}", rs.getString(1),
                                    database.file(), e.getMessage());
                        }
                    }
                }
            }
            return cells;
        });
    }
}
