package io.fleetwise.datastore.trace;

import io.fleetwise.planner.progress.ProgressListener;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The trace store: traces with tracks, slices, instants, counters and flows in SQLite (schema V100).
 * Every call takes its own connection from the data source, so the store can be shared between threads;
 * {@link #openReader(long)} gives a connection-holding reader for one viewer thread.
 */
public final class TraceStore {
    private static final Logger LOG = LoggerFactory.getLogger(TraceStore.class);
    static final String TRACE_COLUMNS =
            "SELECT id, study_id, name, source, created_at, start_ns, end_ns, event_count, import_report FROM trace";
    private static final String TRACK_COLUMNS =
            "SELECT id, trace_id, parent_id, kind, name, sort_index, pid, tid, max_depth, max_dur_ns, event_count, lod_min_level FROM trace_track";

    /** Where the store gets connections: a DataSource, or the application's {@link io.fleetwise.datastore.Database}. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection getConnection() throws SQLException;
    }

    private final ConnectionSource dataSource;

    public TraceStore(DataSource dataSource) {
        this.dataSource = dataSource::getConnection;
    }

    /** Over the application database (already migrated, foreign keys on, WAL). */
    public TraceStore(io.fleetwise.datastore.Database database) {
        this.dataSource = database::openConnection;
    }

    /** Opens (creating if needed) a SQLite file with WAL and foreign keys, and migrates it. */
    public static TraceStore open(Path sqliteFile) {
        DataSource ds = sqliteDataSource(sqliteFile);
        migrate(ds);
        return new TraceStore(ds);
    }

    public static DataSource sqliteDataSource(Path sqliteFile) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(30_000);
        config.setCacheSize(-65_536);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + sqliteFile.toAbsolutePath());
        return ds;
    }

    public static void migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    }

    /** Starts a trace inside one transaction; close the writer without commit to discard it. */
    public TraceWriter beginTrace(String name, Long studyId, String source, ProgressListener listener) {
        try {
            return new TraceWriter(dataSource.getConnection(), name, studyId, source, listener);
        } catch (SQLException e) {
            throw new TraceStoreException("Could not open a connection for trace '" + name + "'", e);
        }
    }

    public List<TraceInfo> listTraces() {
        return query(TRACE_COLUMNS + " ORDER BY id", ps -> { }, TraceStore::readTrace);
    }

    public Optional<TraceInfo> trace(long traceId) {
        return query(TRACE_COLUMNS + " WHERE id = ?", ps -> ps.setLong(1, traceId), TraceStore::readTrace).stream().findFirst();
    }

    public TraceInfo requireTrace(long traceId) {
        return trace(traceId).orElseThrow(() -> new IllegalArgumentException(
                "No trace with id " + traceId + ". Maybe list the stored traces with 'fleetwise trace list'."));
    }

    public List<TrackInfo> tracks(long traceId) {
        return query(TRACK_COLUMNS + " WHERE trace_id = ? ORDER BY sort_index", ps -> ps.setLong(1, traceId), TraceStore::readTrack);
    }

    public void deleteTrace(long traceId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM trace WHERE id = ?")) {
                ps.setLong(1, traceId);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new TraceStoreException("Could not delete trace " + traceId, e);
        }
    }

    /** Count, total and mean duration by name of the slices overlapping [fromNs, toNs], most total time first. */
    public List<NameStats> stats(long traceId, long fromNs, long toNs) {
        long maxDur = query("SELECT COALESCE(MAX(max_dur_ns), 0) FROM trace_track WHERE trace_id = ?",
                ps -> ps.setLong(1, traceId), rs -> rs.getLong(1)).get(0);
        String sql = "SELECT n.value, COUNT(*), SUM(s.dur_ns) FROM trace_slice s "
                + "JOIN trace_track t ON t.id = s.track_id JOIN trace_string n ON n.id = s.name_id "
                + "WHERE t.trace_id = ? AND s.start_ns >= ? AND s.start_ns <= ? AND s.start_ns + s.dur_ns >= ? "
                + "GROUP BY n.value ORDER BY SUM(s.dur_ns) DESC, n.value";
        return query(sql, ps -> {
            ps.setLong(1, traceId);
            ps.setLong(2, fromNs - maxDur);
            ps.setLong(3, toNs);
            ps.setLong(4, fromNs);
        }, rs -> new NameStats(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(3) / (double) rs.getLong(2)));
    }

    public Optional<SliceDetails> slice(long sliceId) {
        try (Connection c = dataSource.getConnection()) {
            return sliceDetails(c, sliceId);
        } catch (SQLException e) {
            throw new TraceStoreException("Could not read slice " + sliceId, e);
        }
    }

    static Optional<SliceDetails> sliceDetails(Connection c, long sliceId) throws SQLException {
        String sql = "SELECT s.id, s.track_id, t.name, s.start_ns, s.dur_ns, s.depth, n.value, cat.value, s.args "
                + "FROM trace_slice s JOIN trace_track t ON t.id = s.track_id JOIN trace_string n ON n.id = s.name_id "
                + "LEFT JOIN trace_string cat ON cat.id = s.category_id WHERE s.id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, sliceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SliceDetails(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        flows(c, sliceId, true), flows(c, sliceId, false)));
            }
        }
    }

    private static List<FlowLink> flows(Connection c, long sliceId, boolean outgoing) throws SQLException {
        String mine = outgoing ? "from_slice_id" : "to_slice_id";
        String other = outgoing ? "to_slice_id" : "from_slice_id";
        String sql = "SELECT f.id, fn.value, o.id, o.track_id, t.name, n.value, o.start_ns, o.depth FROM trace_flow f "
                + "JOIN trace_slice o ON o.id = f." + other + " JOIN trace_track t ON t.id = o.track_id "
                + "JOIN trace_string n ON n.id = o.name_id JOIN trace_string fn ON fn.id = f.name_id "
                + "WHERE f." + mine + " = ? ORDER BY o.start_ns";
        List<FlowLink> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, sliceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FlowLink(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getLong(7), rs.getInt(8)));
                }
            }
        }
        return out;
    }

    /**
     * The next (or previous) slice after (afterStartNs, afterSliceId) in (start, id) order whose name contains
     * namePart, ignoring case.
     */
    public Optional<SliceDetails> findSlice(long traceId, String namePart, long afterStartNs, long afterSliceId, boolean forward) {
        ensureNameLookup(traceId);
        String pattern = "%" + namePart.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<Integer> nameIds = query("SELECT id FROM trace_string WHERE value LIKE ? ESCAPE '\\'", ps -> ps.setString(1, pattern),
                rs -> rs.getInt(1));
        // Per matching name, the lookup (trace, name, start) gives the first match after the cursor directly;
        // the nearest of those wins.
        String cmp = forward ? "start_ns >= ? AND (start_ns > ? OR slice_id > ?)" : "start_ns <= ? AND (start_ns < ? OR slice_id < ?)";
        String order = forward ? "ASC" : "DESC";
        String sql = "SELECT slice_id, start_ns FROM trace_slice_by_name WHERE trace_id = ? AND name_id = ? AND " + cmp
                + " ORDER BY start_ns " + order + ", slice_id " + order + " LIMIT 1";
        long bestId = -1;
        long bestStart = 0;
        for (int nameId : nameIds) {
            List<long[]> hit = query(sql, ps -> {
                ps.setLong(1, traceId);
                ps.setInt(2, nameId);
                ps.setLong(3, afterStartNs);
                ps.setLong(4, afterStartNs);
                ps.setLong(5, afterSliceId);
            }, rs -> new long[] {rs.getLong(1), rs.getLong(2)});
            if (hit.isEmpty()) {
                continue;
            }
            long id = hit.get(0)[0];
            long start = hit.get(0)[1];
            boolean better = bestId < 0 || (forward
                    ? start < bestStart || (start == bestStart && id < bestId)
                    : start > bestStart || (start == bestStart && id > bestId));
            if (better) {
                bestId = id;
                bestStart = start;
            }
        }
        return bestId < 0 ? Optional.empty() : slice(bestId);
    }

    /**
     * Builds the trace's name lookup on its first search: one sorted pass (about a second per million slices),
     * so imports do not maintain a name index row by row.
     */
    private void ensureNameLookup(long traceId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement check = c.prepareStatement("SELECT name_lookup_built FROM trace WHERE id = ?")) {
                check.setLong(1, traceId);
                try (ResultSet rs = check.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != 0) {
                        c.rollback();
                        return;
                    }
                }
            }
            LOG.info("Building the name lookup of trace {} for search (once per trace)", traceId);
            try (PreparedStatement fill = c.prepareStatement(
                    "INSERT OR IGNORE INTO trace_slice_by_name(trace_id, name_id, start_ns, slice_id) "
                            + "SELECT t.trace_id, s.name_id, s.start_ns, s.id FROM trace_track t JOIN trace_slice s ON s.track_id = t.id "
                            + "WHERE t.trace_id = ? ORDER BY s.name_id, s.start_ns, s.id");
                 PreparedStatement mark = c.prepareStatement("UPDATE trace SET name_lookup_built = 1 WHERE id = ?")) {
                fill.setLong(1, traceId);
                fill.executeUpdate();
                mark.setLong(1, traceId);
                mark.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new TraceStoreException("Could not build the name lookup of trace " + traceId, e);
        }
    }

    /** Streams every slice of a trace, track by track in (start, longest first) order. */
    public void forEachSlice(long traceId, Consumer<SliceRow> consumer) {
        String sql = "SELECT s.id, s.track_id, s.start_ns, s.dur_ns, s.depth, n.value, cat.value, s.args FROM trace_track t "
                + "JOIN trace_slice s ON s.track_id = t.id JOIN trace_string n ON n.id = s.name_id "
                + "LEFT JOIN trace_string cat ON cat.id = s.category_id WHERE t.trace_id = ? "
                + "ORDER BY t.sort_index, s.start_ns, s.dur_ns DESC, s.id";
        stream(sql, traceId, rs -> consumer.accept(new SliceRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                rs.getInt(5), rs.getString(6), rs.getString(7), rs.getString(8))));
    }

    public void forEachInstant(long traceId, Consumer<InstantRow> consumer) {
        String sql = "SELECT i.track_id, i.ts_ns, n.value, cat.value, i.args FROM trace_track t JOIN trace_instant i ON i.track_id = t.id "
                + "JOIN trace_string n ON n.id = i.name_id LEFT JOIN trace_string cat ON cat.id = i.category_id "
                + "WHERE t.trace_id = ? ORDER BY t.sort_index, i.ts_ns, i.id";
        stream(sql, traceId, rs -> consumer.accept(new InstantRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5))));
    }

    public void forEachCounter(long traceId, Consumer<CounterRow> consumer) {
        String sql = "SELECT c.track_id, c.ts_ns, c.value FROM trace_track t JOIN trace_counter c ON c.track_id = t.id "
                + "WHERE t.trace_id = ? ORDER BY t.sort_index, c.ts_ns";
        stream(sql, traceId, rs -> consumer.accept(new CounterRow(rs.getLong(1), rs.getLong(2), rs.getDouble(3))));
    }

    public void forEachFlow(long traceId, Consumer<FlowRow> consumer) {
        String sql = "SELECT f.id, f.from_slice_id, f.to_slice_id, n.value, cat.value FROM trace_flow f "
                + "JOIN trace_string n ON n.id = f.name_id LEFT JOIN trace_string cat ON cat.id = f.category_id "
                + "WHERE f.trace_id = ? ORDER BY f.id";
        stream(sql, traceId, rs -> consumer.accept(new FlowRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5))));
    }

    /** A reader holding one connection, for a single thread (the viewer's query thread). */
    public TraceReader openReader(long traceId) {
        try {
            return new TraceReader(dataSource.getConnection(), requireTrace(traceId), tracks(traceId));
        } catch (SQLException e) {
            throw new TraceStoreException("Could not open a reader for trace " + traceId, e);
        }
    }

    static TraceInfo readTrace(ResultSet rs) throws SQLException {
        long study = rs.getLong(2);
        Long studyId = rs.wasNull() ? null : study;
        return new TraceInfo(rs.getLong(1), studyId, rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                rs.getLong(7), rs.getLong(8), ImportReportJson.read(rs.getString(9)));
    }

    static TrackInfo readTrack(ResultSet rs) throws SQLException {
        long parent = rs.getLong(3);
        Long parentId = rs.wasNull() ? null : parent;
        return new TrackInfo(rs.getLong(1), rs.getLong(2), parentId, TrackKind.valueOf(rs.getString(4)), rs.getString(5),
                rs.getInt(6), rs.getLong(7), rs.getLong(8), rs.getInt(9), rs.getLong(10), rs.getLong(11), rs.getInt(12));
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new TraceStoreException("Query failed: " + sql, e);
        }
    }

    private void stream(String sql, long traceId, RowHandler handler) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, traceId);
            ps.setFetchSize(4096);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        } catch (SQLException e) {
            throw new TraceStoreException("Query failed: " + sql, e);
        }
    }
}
