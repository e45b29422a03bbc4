package io.fleetwise.datastore.profile;

import io.fleetwise.datastore.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Measured runs (profiles) in SQLite: a header row and the per-kernel samples in the order they ran. */
public final class ProfileRepository {

    /** One kernel timing of a profile. */
    public record Sample(int iteration, int layer, String op, String shape, String dtype, long timeNs, boolean modelled) {
    }

    /**
     * A stored profile.
     *
     * @param gpuType the catalog GPU type the device matched; empty for the CPU device or an unmatched GPU
     */
    public record Row(long id, String name, Instant createdAt, String deviceName, String deviceKind, String gpuType,
                      String modelName, String shard, String timingMode, int iterations, Long traceId,
                      Long calibrationId, List<Sample> samples) {
        public Row {
            samples = List.copyOf(samples);
        }
    }

    private final Database database;
    private final Clock clock;

    public ProfileRepository(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Stores a profile and its samples in one transaction; returns its id. */
    public long save(String name, String deviceName, String deviceKind, String gpuType, String modelName, String shard,
                     String timingMode, int iterations, Long traceId, Long calibrationId, List<Sample> samples) {
        return database.transaction(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO profile(name, created_at, device_name, device_kind, gpu_type, "
                    + "model_name, shard, timing_mode, iterations, trace_id, calibration_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setString(2, clock.instant().toString());
                ps.setString(3, deviceName);
                ps.setString(4, deviceKind);
                ps.setString(5, gpuType);
                ps.setString(6, modelName);
                ps.setString(7, shard);
                ps.setString(8, timingMode);
                ps.setInt(9, Math.max(1, iterations));
                setLong(ps, 10, traceId);
                setLong(ps, 11, calibrationId);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO profile_sample(profile_id, seq, iteration, layer, op, shape, "
                    + "dtype, time_ns, modelled) VALUES (?,?,?,?,?,?,?,?,?)")) {
                int seq = 0;
                for (Sample r : samples) {
                    ps.setLong(1, id);
                    ps.setInt(2, seq++);
                    ps.setInt(3, r.iteration());
                    ps.setInt(4, r.layer());
                    ps.setString(5, r.op());
                    ps.setString(6, r.shape());
                    ps.setString(7, r.dtype());
                    ps.setLong(8, r.timeNs());
                    ps.setInt(9, r.modelled() ? 1 : 0);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return id;
        });
    }

    public Optional<Row> load(long id) {
        return database.execute(c -> {
            Row header;
            try (PreparedStatement ps = c.prepareStatement("SELECT name, created_at, device_name, device_kind, gpu_type, model_name, "
                    + "shard, timing_mode, iterations, trace_id, calibration_id FROM profile WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long trace = rs.getLong(10);
                    Long traceId = rs.wasNull() ? null : trace;
                    long cal = rs.getLong(11);
                    Long calId = rs.wasNull() ? null : cal;
                    header = new Row(id, rs.getString(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5) == null ? "" : rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getInt(9), traceId, calId, List.of());
                }
            }
            List<Sample> samples = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT iteration, layer, op, shape, dtype, time_ns, modelled FROM profile_sample "
                    + "WHERE profile_id = ? ORDER BY seq")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        samples.add(new Sample(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getLong(6), rs.getInt(7) == 1));
                    }
                }
            }
            return Optional.of(new Row(header.id(), header.name(), header.createdAt(), header.deviceName(),
                    header.deviceKind(), header.gpuType(), header.modelName(), header.shard(), header.timingMode(),
                    header.iterations(), header.traceId(), header.calibrationId(), samples));
        });
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }
}
