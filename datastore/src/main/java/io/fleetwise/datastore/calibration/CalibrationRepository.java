package io.fleetwise.datastore.calibration;

import io.fleetwise.datastore.Database;
import io.fleetwise.planner.perf.CalibrationProfile;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Versioned calibrations in SQLite: every fit is kept, the newest version of a device is the one in use. */
public final class CalibrationRepository {
    private static final String COLUMNS = "SELECT id, device_key, device_name, device_kind, version, created_at, params_json, "
            + "fit_rms_log_error, sweep_points FROM calibration";
    private final Database database;
    private final Clock clock;

    public CalibrationRepository(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public StoredCalibration save(String key, String deviceName, String deviceKind, CalibrationProfile profile,
                                  double fitRmsLogError, int sweepPoints) {
        String params = CalibrationJson.write(profile);
        Instant now = clock.instant();
        return database.transaction(c -> {
            int version;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM calibration WHERE device_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO calibration(device_key, device_name, device_kind, version, "
                    + "created_at, params_json, fit_rms_log_error, sweep_points) VALUES (?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, key);
                ps.setString(2, deviceName);
                ps.setString(3, deviceKind);
                ps.setInt(4, version);
                ps.setString(5, now.toString());
                ps.setString(6, params);
                ps.setDouble(7, fitRmsLogError);
                ps.setInt(8, sweepPoints);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return new StoredCalibration(rs.getLong(1), key, deviceName, deviceKind, version, now, profile,
                            fitRmsLogError, sweepPoints);
                }
            }
        });
    }

    /** The calibration the planner uses for this device: its newest version. */
    public Optional<StoredCalibration> latest(String key) {
        List<StoredCalibration> rows = query(COLUMNS + " WHERE device_key = ? ORDER BY version DESC LIMIT 1", key);
        return rows.stream().findFirst();
    }

    /**
     * The newest calibration measured on a GPU of this catalog type, for planning with that GPU type
     * (simulations, plan search): pass its profile to {@code PerformanceModel.create} or
     * {@code SimulationConfig.withProfile}. CPU-device calibrations never match a GPU type.
     */
    public Optional<StoredCalibration> latestForGpuType(String gpuTypeName) {
        return query(COLUMNS + " WHERE device_key = ? ORDER BY version DESC LIMIT 1", "cuda:" + gpuTypeName).stream().findFirst();
    }

    /** Version {@code version} of the calibrations measured on GPUs of this catalog type. */
    public Optional<StoredCalibration> forGpuType(String gpuTypeName, int version) {
        return database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE device_key = ? AND version = ?")) {
                ps.setString(1, "cuda:" + gpuTypeName);
                ps.setInt(2, version);
                return read(ps).stream().findFirst();
            }
        });
    }

    /** The newest calibration of every GPU type that has one, by catalog GPU type name (CPU-device calibrations excluded). */
    public java.util.Map<String, StoredCalibration> latestPerGpuType() {
        java.util.Map<String, StoredCalibration> out = new java.util.TreeMap<>();
        for (StoredCalibration c : query(COLUMNS + " WHERE device_key LIKE 'cuda:%' ORDER BY device_key, version", null)) {
            out.put(c.deviceKey().substring("cuda:".length()), c);
        }
        return out;
    }

    public Optional<StoredCalibration> find(long id) {
        return database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE id = ?")) {
                ps.setLong(1, id);
                return read(ps).stream().findFirst();
            }
        });
    }

    public List<StoredCalibration> all() {
        return query(COLUMNS + " ORDER BY device_key, version", null);
    }

    private List<StoredCalibration> query(String sql, String key) {
        return database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (key != null) {
                    ps.setString(1, key);
                }
                return read(ps);
            }
        });
    }

    private static List<StoredCalibration> read(PreparedStatement ps) throws SQLException {
        List<StoredCalibration> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                out.add(new StoredCalibration(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        Instant.parse(rs.getString(6)), CalibrationJson.read(rs.getString(7), "calibration " + id),
                        rs.getDouble(8), rs.getInt(9)));
            }
        }
        return out;
    }
}
