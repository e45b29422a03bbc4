package io.fleetwise.datastore.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.DatabaseException;
import io.fleetwise.planner.alloc.format.AllocationJson;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.plan.FleetPlan;
import io.fleetwise.planner.plan.FleetPlanJson;
import io.fleetwise.planner.plan.PlanStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Fleet plans as rows under their study ({@code fleet_plans}, V46) and the runs attached to them ({@code plan_runs}).
 * A plan is stored as {@link FleetPlanJson} and read back against the current catalog; a row that no longer reads
 * (a GPU type removed from the catalog, a damaged field) is refused naming the plan and the field.
 */
public final class FleetPlanRepository implements PlanStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, study_id, created_at, plan_json, problem_json, result_json, left_out";

    private final Database database;
    private final Clock clock;
    private final Supplier<Catalog> catalog;

    public FleetPlanRepository(Database database, Clock clock, Supplier<Catalog> catalog) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public StoredPlan save(long studyId, FleetPlan plan, Allocation allocation) {
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
            return insert(c, studyId, plan, allocation, now);
        });
        return new StoredPlan(id, studyId, now, plan, Optional.ofNullable(allocation));
    }

    /**
     * Inserts a plan row on the caller's connection, inside the caller's transaction (a study import stores the study
     * and its plans in one); returns the new plan's id.
     */
    public long insert(java.sql.Connection c, long studyId, FleetPlan plan, Allocation allocation, Instant createdAt)
            throws SQLException {
        String planJson = FleetPlanJson.write(plan).toString();
        String problemJson = allocation == null ? null : AllocationJson.writeProblem(allocation.problem());
        String resultJson = allocation == null ? null : AllocationJson.write(allocation.result());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_plans (study_id, created_at, source, label, "
                + "model, gpu_count, cost_usd_per_hour, input_fingerprint, calibration_fingerprint, engine, plan_json, "
                + "problem_json, result_json, left_out) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, studyId);
            ps.setString(2, createdAt.toString());
            ps.setString(3, plan.provenance().service());
            ps.setString(4, plan.label());
            ps.setString(5, plan.model());
            ps.setInt(6, plan.gpuCount());
            if (Double.isFinite(plan.costPerHourUsd())) {
                ps.setDouble(7, plan.costPerHourUsd());
            } else {
                ps.setNull(7, Types.REAL);
            }
            ps.setString(8, plan.provenance().inputFingerprint());
            ps.setString(9, plan.provenance().calibrationFingerprint());
            ps.setString(10, plan.provenance().engine());
            ps.setString(11, planJson);
            ps.setString(12, problemJson);
            ps.setString(13, resultJson);
            ps.setString(14, allocation == null ? "" : allocation.leftOut());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    @Override
    public List<StoredPlan> plansOf(long studyId) {
        return database.list("SELECT " + COLUMNS + " FROM fleet_plans WHERE study_id = ? ORDER BY id DESC", studyId,
                this::read);
    }

    @Override
    public Optional<StoredPlan> find(long planId) {
        return database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM fleet_plans WHERE id = ?")) {
                ps.setLong(1, planId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public PlanRun attachRun(long planId, String kind, String label, Map<String, Double> metrics, Long traceId) {
        Instant now = clock.instant();
        long id = database.transaction(c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM fleet_plans WHERE id = ?")) {
                exists.setLong(1, planId);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        throw new DatabaseException("No plan with id " + planId + ": the run is not stored.");
                    }
                }
            }
            return insertRun(c, planId, now, kind, label, metrics, traceId);
        });
        return new PlanRun(id, planId, now, kind, label, metrics, traceId);
    }

    /** Inserts a run row on the caller's connection, inside the caller's transaction; returns the new run's id. */
    public long insertRun(java.sql.Connection c, long planId, Instant createdAt, String kind, String label,
                          Map<String, Double> metrics, Long traceId) throws SQLException {
        String metricsJson;
        try {
            Map<String, Double> finite = new LinkedHashMap<>();
            metrics.forEach((k, v) -> finite.put(k, v != null && Double.isFinite(v) ? v : null));
            metricsJson = JSON.writeValueAsString(finite);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the run's metrics", e);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO plan_runs (plan_id, created_at, kind, label, "
                + "metrics_json, trace_id) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, planId);
            ps.setString(2, createdAt.toString());
            ps.setString(3, kind);
            ps.setString(4, label);
            ps.setString(5, metricsJson);
            if (traceId == null) {
                ps.setNull(6, Types.INTEGER);
            } else {
                ps.setLong(6, traceId);
            }
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    @Override
    public List<PlanRun> runsOf(long planId) {
        return database.execute(c -> {
            List<PlanRun> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, created_at, kind, label, metrics_json, trace_id "
                    + "FROM plan_runs WHERE plan_id = ? ORDER BY id")) {
                ps.setLong(1, planId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long trace = rs.getLong(6);
                        Long traceId = rs.wasNull() ? null : trace;
                        out.add(new PlanRun(rs.getLong(1), planId, Instant.parse(rs.getString(2)), rs.getString(3),
                                rs.getString(4), metrics(rs.getString(5), "run " + rs.getLong(1)), traceId));
                    }
                }
            }
            return out;
        });
    }

    private static Map<String, Double> metrics(String json, String where) throws SQLException {
        Map<String, Double> out = new LinkedHashMap<>();
        try {
            JSON.readTree(json).fields().forEachRemaining(e -> out.put(e.getKey(),
                    e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN));
        } catch (JsonProcessingException e) {
            throw new SQLException(where + ": metrics_json does not parse: " + e.getOriginalMessage(), e);
        }
        return out;
    }

    private StoredPlan read(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        String where = "plan " + id;
        try {
            FleetPlan plan = FleetPlanJson.read(JSON.readTree(rs.getString("plan_json")), catalog.get(), where);
            String problem = rs.getString("problem_json");
            String result = rs.getString("result_json");
            Optional<Allocation> allocation = problem == null || result == null ? Optional.empty()
                    : Optional.of(new Allocation(AllocationJson.readProblem(problem, where),
                    AllocationJson.read(result, where), rs.getString("left_out")));
            return new StoredPlan(id, rs.getLong("study_id"), Instant.parse(rs.getString("created_at")), plan, allocation);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new DatabaseException(where + " cannot be read: " + e.getMessage(), e);
        }
    }
}
