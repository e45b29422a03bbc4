package io.fleetwise.datastore.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.DatabaseException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Stores engine profiles fitted from serving runs and reads them back; each engine keeps every version. */
public final class EngineFitRepository {
    private static final String COLUMNS = "id, engine, version, label, created_at, gpu_type, deployment, parameters_json, "
            + "runs, rms_log_error, median_loo_error, report_json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final Clock clock;

    public EngineFitRepository(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Saves a fit as the next version of {@code engine}, in one transaction. */
    public StoredEngineFit save(String engine, String label, String gpuType, String deployment,
                                Map<String, Double> parameters, int runs, double rmsLogError, double medianLooError,
                                String reportJson) {
        if (engine == null || engine.isBlank()) {
            throw new IllegalArgumentException("A fitted engine profile needs the engine it was fitted for; it was empty.");
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("A fitted engine profile needs at least one fitted parameter.");
        }
        for (Map.Entry<String, Double> e : parameters.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("Fitted parameter " + e.getKey() + " is " + e.getValue()
                        + ", not a finite number; nothing was stored.");
            }
        }
        String parametersJson;
        try {
            parametersJson = JSON.writeValueAsString(parameters);
            JSON.readTree(reportJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The fit's report is not valid JSON: " + e.getOriginalMessage(), e);
        }
        Instant now = clock.instant();
        String key = engine.trim();
        return database.transaction(c -> {
            int version;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM engine_profile_fit WHERE engine = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getInt(1);
                }
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO engine_profile_fit (engine, version, label, "
                    + "created_at, gpu_type, deployment, parameters_json, runs, rms_log_error, median_loo_error, report_json) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, key);
                ps.setInt(2, version);
                ps.setString(3, label == null ? "" : label);
                ps.setString(4, now.toString());
                ps.setString(5, gpuType);
                ps.setString(6, deployment);
                ps.setString(7, parametersJson);
                ps.setInt(8, runs);
                setNullable(ps, 9, rmsLogError);
                setNullable(ps, 10, medianLooError);
                ps.setString(11, reportJson);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            return new StoredEngineFit(id, key, version, label == null ? "" : label, now, gpuType, deployment,
                    parameters, runs, rmsLogError, medianLooError, reportJson);
        });
    }

    /** Every fit, newest first. */
    public List<StoredEngineFit> all() {
        return query("SELECT " + COLUMNS + " FROM engine_profile_fit ORDER BY created_at DESC, id DESC", null, null);
    }

    /** The newest fit of {@code engine}. */
    public Optional<StoredEngineFit> latest(String engine) {
        return query("SELECT " + COLUMNS + " FROM engine_profile_fit WHERE engine = ? ORDER BY version DESC LIMIT 1",
                engine, null).stream().findFirst();
    }

    public Optional<StoredEngineFit> find(String engine, int version) {
        return query("SELECT " + COLUMNS + " FROM engine_profile_fit WHERE engine = ? AND version = ?", engine, version)
                .stream().findFirst();
    }

    /**
     * A fit named {@code ENGINE:vN} (or {@code ENGINE} for its newest).
     *
     * @throws IllegalArgumentException naming what exists when there is no such fit
     */
    public StoredEngineFit resolve(String reference) {
        String r = reference == null ? "" : reference.trim();
        int colon = r.lastIndexOf(":v");
        Optional<StoredEngineFit> found;
        if (colon > 0) {
            int version;
            try {
                version = Integer.parseInt(r.substring(colon + 2));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + r + "' is not ENGINE:vVERSION (e.g. vllm-0.6:v2).");
            }
            found = find(r.substring(0, colon), version);
        } else {
            found = latest(r);
        }
        return found.orElseThrow(() -> new IllegalArgumentException("No fitted engine profile '" + r + "'. Stored: "
                + (all().isEmpty() ? "none (fit one with fleetwise calibrate --from-runs)"
                : String.join(", ", all().stream().map(StoredEngineFit::reference).toList())) + "."));
    }

    private List<StoredEngineFit> query(String sql, String engine, Integer version) {
        return database.execute(c -> {
            List<StoredEngineFit> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (engine != null) {
                    ps.setString(1, engine.trim());
                }
                if (version != null) {
                    ps.setInt(2, version);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
            }
            return out;
        });
    }

    private static StoredEngineFit read(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        Map<String, Double> parameters;
        try {
            parameters = JSON.readValue(rs.getString("parameters_json"), new TypeReference<LinkedHashMap<String, Double>>() { });
        } catch (JsonProcessingException e) {
            throw new DatabaseException("engine_profile_fit " + id + ": parameters_json is not a map of names to numbers ("
                    + e.getOriginalMessage() + ")", e);
        }
        return new StoredEngineFit(id, rs.getString("engine"), rs.getInt("version"), rs.getString("label"),
                Instant.parse(rs.getString("created_at")), rs.getString("gpu_type"), rs.getString("deployment"),
                parameters, rs.getInt("runs"), nullable(rs, "rms_log_error"), nullable(rs, "median_loo_error"),
                rs.getString("report_json"));
    }

    private static double nullable(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static void setNullable(PreparedStatement ps, int index, double value) throws SQLException {
        if (Double.isFinite(value)) {
            ps.setDouble(index, value);
        } else {
            ps.setNull(index, Types.REAL);
        }
    }
}
