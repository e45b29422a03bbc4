package io.fleetwise.datastore.fleet;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.DatabaseException;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.AllocatorFormatException;
import io.fleetwise.planner.alloc.format.AllocationJson;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Saves fleet allocations (problem and plan) to a study and reads them back. */
public final class FleetAllocationRepository {

    private static final String COLUMNS = "id, study_id, name, created_at, saving_percent, problem_json, result_json";

    private final Database database;
    private final Clock clock;

    public FleetAllocationRepository(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param savingPercent saving against the best single type, or NaN
     * @throws DatabaseException when the study does not exist
     */
    public SavedAllocation save(long studyId, String name, AllocationProblem problem, AllocationResult result,
                                double savingPercent) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A saved allocation needs a name; the name was empty.");
        }
        String trimmed = name.trim();
        String problemJson = AllocationJson.writeProblem(problem);
        String resultJson = AllocationJson.write(result);
        Instant now = clock.instant();
        long id = database.transaction(c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM studies WHERE id = ?")) {
                exists.setLong(1, studyId);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        throw new DatabaseException("No study with id " + studyId
                                + ". List studies with `fleetwise study list`.");
                    }
                }
            }
            return insertRow(c, studyId, trimmed, now, problemJson, resultJson, result, savingPercent);
        });
        return new SavedAllocation(id, studyId, trimmed, now, problem, result, savingPercent);
    }

    /**
     * Inserts an allocation with its original time on the caller's connection, inside the caller's transaction
     * (a study import stores the study and all its allocations, or nothing).
     */
    public SavedAllocation insert(java.sql.Connection c, long studyId, String name, Instant createdAt, AllocationProblem problem,
                                  AllocationResult result, double savingPercent) throws SQLException {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A saved allocation needs a name; the name was empty.");
        }
        long id = insertRow(c, studyId, name.trim(), createdAt, AllocationJson.writeProblem(problem), AllocationJson.write(result),
                result, savingPercent);
        return new SavedAllocation(id, studyId, name.trim(), createdAt, problem, result, savingPercent);
    }

    private static long insertRow(java.sql.Connection c, long studyId, String name, Instant createdAt, String problemJson,
                                  String resultJson, AllocationResult result, double savingPercent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_allocations (study_id, name, created_at, "
                + "status, cost_usd_per_hour, saving_percent, problem_json, result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, studyId);
            ps.setString(2, name);
            ps.setString(3, createdAt.toString());
            ps.setString(4, result.status().name());
            setNullable(ps, 5, result.costPerHourUsd());
            setNullable(ps, 6, savingPercent);
            ps.setString(7, problemJson);
            ps.setString(8, resultJson);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** A study's allocations, oldest first. */
    public List<SavedAllocation> findByStudy(long studyId) {
        return database.list("SELECT " + COLUMNS + " FROM fleet_allocations WHERE study_id = ? ORDER BY created_at, id",
                studyId, FleetAllocationRepository::read);
    }

    public Optional<SavedAllocation> findById(long id) {
        return database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM fleet_allocations WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    private static void setNullable(PreparedStatement ps, int index, double value) throws SQLException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            ps.setNull(index, Types.REAL);
        } else {
            ps.setDouble(index, value);
        }
    }

    private static SavedAllocation read(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        String source = "fleet allocation " + id;
        double saving = rs.getDouble("saving_percent");
        if (rs.wasNull()) {
            saving = Double.NaN;
        }
        try {
            return new SavedAllocation(id, rs.getLong("study_id"), rs.getString("name"),
                    Instant.parse(rs.getString("created_at")),
                    AllocationJson.readProblem(rs.getString("problem_json"), source),
                    AllocationJson.read(rs.getString("result_json"), source), saving);
        } catch (AllocatorFormatException e) {
            throw new DatabaseException(e.getMessage(), e);
        }
    }
}
