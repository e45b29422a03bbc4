package io.fleetwise.datastore.trace;

import io.fleetwise.planner.progress.ProgressListener;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Writes one trace inside a single transaction: {@link #commit()} makes it visible with its depths and
 * level-of-detail summaries; {@link #close()} without commit, an exception or a cancellation rolls back
 * and leaves the store as it was. Not thread-safe: one producer calls it. All times are nanoseconds.
 */
public final class TraceWriter implements AutoCloseable {
    private static final int BATCH = 8192;
    private static final int CANCEL_CHECK_EVERY = 4096;
    /**
     * Slices kept in memory (20 bytes each) for the LOD pass at commit, for tracks whose slices arrive in
     * start order; beyond this, tracks fall back to reading their slices back from SQLite.
     */
    private static final long MAX_BUFFERED_SLICES = 4_000_000;

    private final Connection connection;
    private final ProgressListener listener;
    private final long traceId;
    private final Map<String, Integer> stringIds = new HashMap<>();
    private final Map<Long, TrackState> tracks = new HashMap<>();
    private final PreparedStatement insertSlice;
    private final PreparedStatement insertInstant;
    private final PreparedStatement insertCounter;
    private final PreparedStatement insertFlow;
    private final PreparedStatement insertTrack;
    private final PreparedStatement findString;
    private final PreparedStatement insertString;
    private final List<PendingFlow> pendingFlows = new ArrayList<>();
    private int pendingSlices;
    private int pendingInstants;
    private int pendingCounters;
    private int pendingFlowRows;
    private long nextSliceId;
    private long bufferedSlices;
    private long nextFlowId;
    private long eventCount;
    private long traceStartNs = Long.MAX_VALUE;
    private long traceEndNs = Long.MIN_VALUE;
    private int nextSortIndex;
    private int unresolvedFlows;
    private final List<String> unresolvedFlowPlaces = new ArrayList<>();
    private final Map<Long, Crossings> crossings = new HashMap<>();
    private boolean finished;

    TraceWriter(Connection connection, String name, Long studyId, String source, ProgressListener listener) {
        this.connection = connection;
        this.listener = listener;
        try {
            connection.setAutoCommit(false);
            // Inserting the trace row first takes SQLite's write lock, so the id ranges read below stay ours.
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO trace(study_id, name, source, created_at) VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
                    Statement.RETURN_GENERATED_KEYS)) {
                if (studyId == null) {
                    ps.setNull(1, Types.INTEGER);
                } else {
                    ps.setLong(1, studyId);
                }
                ps.setString(2, name);
                ps.setString(3, source);
                ps.executeUpdate();
                traceId = generatedKey(ps);
            }
            nextSliceId = maxId("trace_slice") + 1;
            nextFlowId = maxId("trace_flow") + 1;
            insertSlice = connection.prepareStatement(
                    "INSERT INTO trace_slice(id, track_id, start_ns, dur_ns, dur_level, depth, name_id, category_id, args) VALUES (?,?,?,?,?,?,?,?,?)");
            insertInstant = connection.prepareStatement(
                    "INSERT INTO trace_instant(track_id, ts_ns, name_id, category_id, args) VALUES (?,?,?,?,?)");
            insertCounter = connection.prepareStatement("INSERT INTO trace_counter(track_id, ts_ns, value) VALUES (?,?,?)");
            insertFlow = connection.prepareStatement(
                    "INSERT INTO trace_flow(id, trace_id, from_slice_id, to_slice_id, name_id, category_id) VALUES (?,?,?,?,?,?)");
            insertTrack = connection.prepareStatement(
                    "INSERT INTO trace_track(trace_id, parent_id, kind, name, sort_index, pid, tid) VALUES (?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS);
            findString = connection.prepareStatement("SELECT id FROM trace_string WHERE value = ?");
            insertString = connection.prepareStatement("INSERT INTO trace_string(value) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
        } catch (SQLException e) {
            rollbackQuietly();
            throw new TraceStoreException("Could not begin trace '" + name + "'", e);
        }
    }

    public long traceId() {
        return traceId;
    }

    /** A top-level track: a process, GPU or replica. */
    public long process(String name, long pid) {
        return addTrack(null, TrackKind.PROCESS, name, pid, 0);
    }

    /** A child track (thread, stream, lane, async lane or counter) under a process track. */
    public long track(long parentTrackId, TrackKind kind, String name, long tid) {
        TrackState parent = tracks.get(parentTrackId);
        if (parent == null || parent.kind != TrackKind.PROCESS) {
            throw new IllegalArgumentException("Parent track " + parentTrackId + " is not a process track of trace " + traceId);
        }
        if (kind == TrackKind.PROCESS) {
            throw new IllegalArgumentException("Track '" + name + "': a child track cannot be of kind PROCESS");
        }
        return addTrack(parentTrackId, kind, name, parent.pid, tid);
    }

    private long addTrack(Long parentId, TrackKind kind, String name, long pid, long tid) {
        try {
            insertTrack.setLong(1, traceId);
            if (parentId == null) {
                insertTrack.setNull(2, Types.INTEGER);
            } else {
                insertTrack.setLong(2, parentId);
            }
            insertTrack.setString(3, kind.name());
            insertTrack.setString(4, name);
            insertTrack.setInt(5, nextSortIndex++);
            insertTrack.setLong(6, pid);
            insertTrack.setLong(7, tid);
            insertTrack.executeUpdate();
            long id = generatedKey(insertTrack);
            TrackState state = new TrackState(kind, pid);
            state.name = name;
            tracks.put(id, state);
            return id;
        } catch (SQLException e) {
            throw new TraceStoreException("Could not add track '" + name + "'", e);
        }
    }

    /** Renames a track created by this writer (Chrome metadata events can arrive after the events they name). */
    public void renameTrack(long trackId, String name) {
        requireTrack(trackId).name = name;
        try (PreparedStatement ps = connection.prepareStatement("UPDATE trace_track SET name = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setLong(2, trackId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new TraceStoreException("Could not rename track " + trackId + " to '" + name + "'", e);
        }
    }

    /** Places a track created by this writer in the track order (Chrome's process/thread_sort_index metadata). */
    public void sortTrack(long trackId, int sortIndex) {
        requireTrack(trackId);
        try (PreparedStatement ps = connection.prepareStatement("UPDATE trace_track SET sort_index = ? WHERE id = ?")) {
            ps.setInt(1, sortIndex);
            ps.setLong(2, trackId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new TraceStoreException("Could not set the sort index of track " + trackId, e);
        }
    }

    /** Adds a slice and returns its id (usable in {@link #flow}). args is a JSON object text or null. */
    public long slice(long trackId, long startNs, long durNs, String name, String category, String argsJson) {
        TrackState track = sliceTrack(trackId);
        if (durNs < 0) {
            throw new IllegalArgumentException("Slice '" + name + "' on track " + trackId + " has negative duration " + durNs + " ns");
        }
        if (startNs > Long.MAX_VALUE - durNs) {
            throw new IllegalArgumentException("Slice '" + name + "' on track " + trackId + " ends after the largest time ("
                    + startNs + " ns + " + durNs + " ns)");
        }
        int depth = track.place(startNs, durNs);
        if (track.crossed && !track.unsorted) {
            noteCrossing(trackId, track, startNs);
        }
        long id = nextSliceId++;
        try {
            int nameId = intern(name);
            if (track.buffering) {
                if (track.unsorted || bufferedSlices >= MAX_BUFFERED_SLICES) {
                    track.dropBuffer();
                } else {
                    track.buffer(startNs, durNs, nameId);
                    bufferedSlices++;
                }
            }
            insertSlice.setLong(1, id);
            insertSlice.setLong(2, trackId);
            insertSlice.setLong(3, startNs);
            insertSlice.setLong(4, durNs);
            insertSlice.setInt(5, LodLevels.durLevel(durNs));
            insertSlice.setInt(6, depth);
            insertSlice.setInt(7, nameId);
            setNullableInt(insertSlice, 8, internNullable(category));
            insertSlice.setString(9, argsJson);
            insertSlice.addBatch();
            if (++pendingSlices >= BATCH) {
                insertSlice.executeBatch();
                pendingSlices = 0;
            }
        } catch (SQLException e) {
            throw new TraceStoreException("Could not add slice '" + name + "' at " + startNs + " ns", e);
        }
        noteEvent(startNs, startNs + durNs);
        return id;
    }

    public void instant(long trackId, long tsNs, String name, String category, String argsJson) {
        requireTrack(trackId);
        try {
            insertInstant.setLong(1, trackId);
            insertInstant.setLong(2, tsNs);
            insertInstant.setInt(3, intern(name));
            setNullableInt(insertInstant, 4, internNullable(category));
            insertInstant.setString(5, argsJson);
            insertInstant.addBatch();
            if (++pendingInstants >= BATCH) {
                insertInstant.executeBatch();
                pendingInstants = 0;
            }
        } catch (SQLException e) {
            throw new TraceStoreException("Could not add instant '" + name + "' at " + tsNs + " ns", e);
        }
        tracks.get(trackId).eventCount++;
        noteEvent(tsNs, tsNs);
    }

    public void counter(long trackId, long tsNs, double value) {
        TrackState track = requireTrack(trackId);
        if (track.kind != TrackKind.COUNTER) {
            throw new IllegalArgumentException("Track " + trackId + " is " + track.kind + ", counters need a COUNTER track");
        }
        try {
            insertCounter.setLong(1, trackId);
            insertCounter.setLong(2, tsNs);
            insertCounter.setDouble(3, value);
            insertCounter.addBatch();
            if (++pendingCounters >= BATCH) {
                insertCounter.executeBatch();
                pendingCounters = 0;
            }
        } catch (SQLException e) {
            throw new TraceStoreException("Could not add counter sample at " + tsNs + " ns", e);
        }
        track.eventCount++;
        track.minStartNs = Math.min(track.minStartNs, tsNs);
        track.maxEndNs = Math.max(track.maxEndNs, tsNs);
        noteEvent(tsNs, tsNs);
    }

    /** A flow (arrow) between two slices added by this writer. */
    public long flow(long fromSliceId, long toSliceId, String name, String category) {
        long id = nextFlowId++;
        try {
            insertFlow.setLong(1, id);
            insertFlow.setLong(2, traceId);
            insertFlow.setLong(3, fromSliceId);
            insertFlow.setLong(4, toSliceId);
            insertFlow.setInt(5, intern(name));
            setNullableInt(insertFlow, 6, internNullable(category));
            insertFlow.addBatch();
            if (++pendingFlowRows >= BATCH) {
                flushBatches(); // slices first: the flows' foreign keys point at them
            }
        } catch (SQLException e) {
            throw new TraceStoreException("Could not add flow " + fromSliceId + " -> " + toSliceId, e);
        }
        return id;
    }

    /**
     * A flow whose ends are given as timestamps on tracks (Chrome 's'/'f' events); at commit each end binds
     * to the deepest slice on its track that encloses the timestamp. Ends that hit no slice are dropped
     * and counted in {@link #unresolvedFlows()}.
     */
    public void flowByTime(long fromTrackId, long fromTsNs, long toTrackId, long toTsNs, String name, String category) {
        flowByTime(fromTrackId, fromTsNs, toTrackId, toTsNs, false, name, category);
    }

    /**
     * As {@link #flowByTime(long, long, long, long, String, String)}, with the Chrome binding rule for the
     * end: toNextSlice binds it to the next slice that starts at or after toTsNs (an 'f' event without
     * "bp":"e"), otherwise to the enclosing slice.
     */
    public void flowByTime(long fromTrackId, long fromTsNs, long toTrackId, long toTsNs, boolean toNextSlice,
                           String name, String category) {
        requireTrack(fromTrackId);
        requireTrack(toTrackId);
        pendingFlows.add(new PendingFlow(fromTrackId, fromTsNs, toTrackId, toTsNs, toNextSlice, name, category));
    }

    public int unresolvedFlows() {
        return unresolvedFlows;
    }

    /**
     * Slices on thread tracks that start inside an open slice but end after it (improperly nested, usually from
     * microsecond rounding in the producer). They are kept whole: like Perfetto's trace processor, which spills
     * such a slice onto an overflow track merged back onto its thread, the slice stays on its thread one row
     * below the slice it crosses. Counted per track, with the first places.
     */
    public long improperlyNestedSlices() {
        return crossings.values().stream().mapToLong(c -> c.count).sum();
    }

    /**
     * Adds what this writer repaired or could not place to an import report; {@link #commit(io.fleetwise.planner.ingest.ImportReport.Builder)}
     * calls it once the depths of slices that arrived out of order have been settled.
     */
    private void reportInto(io.fleetwise.planner.ingest.ImportReport.Builder report) {
        for (Crossings c : crossings.values()) {
            for (int i = 0; i < c.count; i++) {
                report.repaired(REPAIRED_NESTING, i < c.places.size() ? c.places.get(i) : null);
            }
        }
        if (unresolvedFlows > 0) {
            for (int i = 0; i < unresolvedFlows; i++) {
                report.skipped(SKIPPED_FLOW, i < unresolvedFlowPlaces.size() ? unresolvedFlowPlaces.get(i) : null);
            }
        }
    }

    /** Reason text for slices kept after crossing the end of the slice they start in. */
    public static final String REPAIRED_NESTING =
            "improperly nested slices (start inside a slice, end after it) kept on an overflow row of their thread, as Perfetto does";
    /** Reason text for flows dropped because an end hits no slice. */
    public static final String SKIPPED_FLOW = "flows whose end hits no slice";

    private void noteCrossing(long trackId, TrackState track, long startNs) {
        Crossings c = crossings.computeIfAbsent(trackId, k -> new Crossings());
        c.count++;
        if (c.places.size() < io.fleetwise.planner.ingest.ImportReport.PLACES_KEPT) {
            c.places.add(place(trackId, startNs));
        }
    }

    /** A place a user can look up: the track's name and the time in microseconds, as trace viewers show it. */
    private String place(long trackId, long tsNs) {
        TrackState t = tracks.get(trackId);
        return "track '" + (t == null ? String.valueOf(trackId) : t.name) + "' at "
                + io.fleetwise.planner.ingest.InputText.clip(microsText(tsNs)) + " us";
    }

    private static String microsText(long ns) {
        String sign = ns < 0 ? "-" : "";
        long abs = Math.abs(ns);
        long frac = abs % 1000;
        return sign + (abs / 1000) + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
    }

    private static final class Crossings {
        long count;
        final List<String> places = new ArrayList<>();
    }

    public long eventCount() {
        return eventCount;
    }

    /** Finishes depths and summaries, commits and returns the stored trace (one Fleetwise recorded: no import report). */
    public TraceInfo commit() {
        return commit(null);
    }

    /**
     * Finishes depths and summaries, adds the stored events as accepted and this writer's repairs and skips to
     * {@code report}, stores the report with the trace and commits both in one transaction: a trace is never listed
     * without the report of what its import left out.
     */
    public TraceInfo commit(io.fleetwise.planner.ingest.ImportReport.Builder report) {
        try {
            flushBatches();
            listener.progress(0.0, "Resolving flows");
            resolvePendingFlows();
            flushBatches();
            int done = 0;
            for (Map.Entry<Long, TrackState> e : tracks.entrySet()) {
                checkCancelled();
                finishTrack(e.getKey(), e.getValue());
                listener.progress(++done / (double) Math.max(1, tracks.size()), "Summarising track " + done + " of " + tracks.size());
            }
            long start = eventCount == 0 ? 0 : traceStartNs;
            long end = eventCount == 0 ? 0 : traceEndNs;
            String reportJson = null;
            if (report != null) {
                report.accept(eventCount);
                reportInto(report);
                reportJson = ImportReportJson.write(report.build());
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE trace SET start_ns = ?, end_ns = ?, event_count = ?, import_report = ? WHERE id = ?")) {
                ps.setLong(1, start);
                ps.setLong(2, end);
                ps.setLong(3, eventCount);
                ps.setString(4, reportJson);
                ps.setLong(5, traceId);
                ps.executeUpdate();
            }
            TraceInfo info;
            try (PreparedStatement ps = connection.prepareStatement(TraceStore.TRACE_COLUMNS + " WHERE id = ?")) {
                ps.setLong(1, traceId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    info = TraceStore.readTrace(rs);
                }
            }
            connection.commit();
            finished = true;
            return info;
        } catch (SQLException e) {
            throw new TraceStoreException("Could not commit trace " + traceId, e);
        }
    }

    @Override
    public void close() {
        if (!finished) {
            rollbackQuietly();
            finished = true;
        }
        try {
            connection.setAutoCommit(true);
            connection.close();
        } catch (SQLException e) {
            throw new TraceStoreException("Could not close trace writer connection", e);
        }
    }

    private void flushBatches() throws SQLException {
        if (pendingSlices > 0) {
            insertSlice.executeBatch();
            pendingSlices = 0;
        }
        if (pendingInstants > 0) {
            insertInstant.executeBatch();
            pendingInstants = 0;
        }
        if (pendingCounters > 0) {
            insertCounter.executeBatch();
            pendingCounters = 0;
        }
        if (pendingFlowRows > 0) {
            insertFlow.executeBatch();
            pendingFlowRows = 0;
        }
    }

    private void finishTrack(long trackId, TrackState track) throws SQLException {
        if (track.unsorted) {
            recomputeDepths(trackId, track);
        }
        int lodMin = LodLevels.MAX_LEVEL + 1;
        if (track.sliceCount > 0) {
            lodMin = LodLevels.minStoredLevel(track.sliceCount, track.maxEndNs - track.minStartNs);
            if (lodMin <= LodLevels.MAX_LEVEL) {
                buildSummaries(trackId, track, lodMin);
            }
        } else if (track.kind == TrackKind.COUNTER && track.eventCount > 0) {
            lodMin = LodLevels.minStoredCounterLevel(track.eventCount, track.maxEndNs - track.minStartNs);
            if (lodMin <= LodLevels.MAX_LEVEL) {
                buildCounterSummaries(trackId, track, lodMin);
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE trace_track SET max_depth = ?, max_dur_ns = ?, event_count = ?, lod_min_level = ? WHERE id = ?")) {
            ps.setInt(1, track.maxDepth);
            ps.setLong(2, track.maxDurNs);
            ps.setLong(3, track.eventCount);
            ps.setInt(4, lodMin);
            ps.setLong(5, trackId);
            ps.executeUpdate();
        }
    }

    /** Slices arrived out of (start, longest-first) order: assign depths again in sorted order. */
    private void recomputeDepths(long trackId, TrackState track) throws SQLException {
        track.dropBuffer();
        crossings.remove(trackId);
        TrackState fresh = new TrackState(track.kind, track.pid);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, start_ns, dur_ns, depth FROM trace_slice WHERE track_id = ? ORDER BY start_ns, dur_ns DESC, id");
             PreparedStatement update = connection.prepareStatement("UPDATE trace_slice SET depth = ? WHERE id = ?")) {
            select.setLong(1, trackId);
            int batched = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    int depth = fresh.place(rs.getLong(2), rs.getLong(3));
                    if (fresh.crossed) {
                        noteCrossing(trackId, track, rs.getLong(2));
                    }
                    if (depth != rs.getInt(4)) {
                        update.setInt(1, depth);
                        update.setLong(2, rs.getLong(1));
                        update.addBatch();
                        if (++batched >= BATCH) {
                            update.executeBatch();
                            batched = 0;
                        }
                    }
                }
            }
            if (batched > 0) {
                update.executeBatch();
            }
        }
        track.maxDepth = fresh.maxDepth;
    }

    /**
     * One pass over the track's slices in start order fills every stored level at once: within a level the
     * bucket index never decreases, so each level only keeps its current bucket and the part of the busy
     * time that spills into the next one.
     */
    private void buildSummaries(long trackId, TrackState track, int minLevel) throws SQLException {
        int maxLevel = minLevel;
        long span = track.maxEndNs - track.minStartNs;
        while (maxLevel < LodLevels.MAX_LEVEL && LodLevels.bucketNs(maxLevel) <= span) {
            maxLevel++;
        }
        int levels = maxLevel - minLevel + 1;
        LevelAccumulator[] acc = new LevelAccumulator[levels];
        for (int i = 0; i < levels; i++) {
            acc[i] = new LevelAccumulator(minLevel + i);
        }
        if (track.bufferedAll()) {
            // The slices arrived in start order and are still in memory: no read-back through JDBC.
            try (LodTiles.SliceTileSink sink = new LodTiles.SliceTileSink(connection)) {
                sink.startTrack(trackId);
                for (int r = 0; r < track.bufSize; r++) {
                    long dur = track.bufDur[r];
                    int durLevel = LodLevels.durLevel(dur);
                    if (durLevel > maxLevel) {
                        continue;
                    }
                    long start = track.bufStart[r];
                    int nameId = track.bufName[r];
                    for (int i = Math.max(0, durLevel - minLevel); i < levels; i++) {
                        acc[i].add(start, dur, nameId, sink);
                    }
                    if (((r + 1) & (CANCEL_CHECK_EVERY - 1)) == 0) {
                        checkCancelled();
                    }
                }
                for (LevelAccumulator a : acc) {
                    a.flushAll(sink);
                }
                sink.finish();
            }
            track.dropBuffer();
            return;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT start_ns, dur_ns, dur_level, name_id FROM trace_slice INDEXED BY trace_slice_track_start "
                        + "WHERE track_id = ? AND dur_level <= ? ORDER BY start_ns");
             LodTiles.SliceTileSink sink = new LodTiles.SliceTileSink(connection)) {
            select.setLong(1, trackId);
            select.setInt(2, maxLevel);
            select.setFetchSize(4096);
            sink.startTrack(trackId);
            long rows = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    long dur = rs.getLong(2);
                    int durLevel = rs.getInt(3);
                    int nameId = rs.getInt(4);
                    for (int i = Math.max(0, durLevel - minLevel); i < levels; i++) {
                        acc[i].add(start, dur, nameId, sink);
                    }
                    if ((++rows & (CANCEL_CHECK_EVERY - 1)) == 0) {
                        checkCancelled();
                    }
                }
            }
            for (LevelAccumulator a : acc) {
                a.flushAll(sink);
            }
            sink.finish();
        }
    }

    /** Same single pass as for slices: per level, the current bucket's first time, min, max and last value. */
    private void buildCounterSummaries(long trackId, TrackState track, int minLevel) throws SQLException {
        long span = track.maxEndNs - track.minStartNs;
        int maxLevel = minLevel;
        while (maxLevel < LodLevels.MAX_LEVEL && LodLevels.bucketNs(maxLevel) <= span) {
            maxLevel++;
        }
        int levels = maxLevel - minLevel + 1;
        long[] bucket = new long[levels];
        long[] firstTs = new long[levels];
        double[] lo = new double[levels];
        double[] hi = new double[levels];
        double[] last = new double[levels];
        Arrays.fill(bucket, Long.MIN_VALUE);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT ts_ns, value FROM trace_counter WHERE track_id = ? ORDER BY ts_ns");
             LodTiles.CounterTileSink sink = new LodTiles.CounterTileSink(connection)) {
            select.setLong(1, trackId);
            select.setFetchSize(4096);
            sink.startTrack(trackId);
            try (ResultSet rs = select.executeQuery()) {
                while (true) {
                    boolean more = rs.next();
                    long ts = more ? rs.getLong(1) : 0;
                    double v = more ? rs.getDouble(2) : 0;
                    for (int i = 0; i < levels; i++) {
                        long b = more ? Math.floorDiv(ts, LodLevels.bucketNs(minLevel + i)) : Long.MAX_VALUE;
                        if (b != bucket[i]) {
                            if (bucket[i] != Long.MIN_VALUE) {
                                sink.bucket(minLevel + i, bucket[i], firstTs[i], lo[i], hi[i], last[i]);
                            }
                            bucket[i] = b;
                            firstTs[i] = ts;
                            lo[i] = v;
                            hi[i] = v;
                        } else {
                            lo[i] = Math.min(lo[i], v);
                            hi[i] = Math.max(hi[i], v);
                        }
                        last[i] = v;
                    }
                    if (!more) {
                        break;
                    }
                }
            }
            sink.finish();
        }
    }

    private void resolvePendingFlows() throws SQLException {
        if (pendingFlows.isEmpty()) {
            return;
        }
        for (Map.Entry<Long, TrackState> e : tracks.entrySet()) {
            if (e.getValue().unsorted) {
                recomputeDepths(e.getKey(), e.getValue());
                e.getValue().unsorted = false;
            }
        }
        // Slices are half-open [start, end): at the boundary of two adjacent slices a timestamp belongs to the
        // one that starts there, so slices that strictly contain it come first; one that merely ends at it is
        // only the fallback (a flow drawn at the very end of the last slice).
        try (PreparedStatement find = connection.prepareStatement(
                "SELECT id FROM trace_slice WHERE track_id = ? AND start_ns BETWEEN ? AND ? AND start_ns + dur_ns >= ? "
                        + "ORDER BY (start_ns + dur_ns > ? OR dur_ns = 0) DESC, depth DESC, start_ns DESC LIMIT 1");
             PreparedStatement next = connection.prepareStatement(
                "SELECT id FROM trace_slice WHERE track_id = ? AND start_ns >= ? ORDER BY start_ns, depth LIMIT 1")) {
            for (PendingFlow flow : pendingFlows) {
                Long from = enclosingSlice(find, flow.fromTrackId, flow.fromTsNs);
                Long to = flow.toNextSlice
                        ? nextSlice(next, flow.toTrackId, flow.toTsNs)
                        : enclosingSlice(find, flow.toTrackId, flow.toTsNs);
                if (from == null || to == null) {
                    unresolvedFlows++;
                    if (unresolvedFlowPlaces.size() < io.fleetwise.planner.ingest.ImportReport.PLACES_KEPT) {
                        long track = from == null ? flow.fromTrackId : flow.toTrackId;
                        long ts = from == null ? flow.fromTsNs : flow.toTsNs;
                        unresolvedFlowPlaces.add(place(track, ts));
                    }
                } else {
                    flow(from, to, flow.name, flow.category);
                }
            }
        }
        pendingFlows.clear();
    }

    private Long enclosingSlice(PreparedStatement find, long trackId, long tsNs) throws SQLException {
        TrackState track = tracks.get(trackId);
        find.setLong(1, trackId);
        find.setLong(2, tsNs - track.maxDurNs);
        find.setLong(3, tsNs);
        find.setLong(4, tsNs);
        find.setLong(5, tsNs);
        try (ResultSet rs = find.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private static Long nextSlice(PreparedStatement next, long trackId, long tsNs) throws SQLException {
        next.setLong(1, trackId);
        next.setLong(2, tsNs);
        try (ResultSet rs = next.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private TrackState sliceTrack(long trackId) {
        TrackState track = requireTrack(trackId);
        if (track.kind == TrackKind.COUNTER || track.kind == TrackKind.PROCESS) {
            throw new IllegalArgumentException("Track " + trackId + " is " + track.kind + "; slices go on THREAD or ASYNC tracks");
        }
        return track;
    }

    private TrackState requireTrack(long trackId) {
        TrackState track = tracks.get(trackId);
        if (track == null) {
            throw new IllegalArgumentException("Track " + trackId + " was not created by this writer (trace " + traceId + ")");
        }
        return track;
    }

    private void noteEvent(long startNs, long endNs) {
        traceStartNs = Math.min(traceStartNs, startNs);
        traceEndNs = Math.max(traceEndNs, endNs);
        if ((++eventCount & (CANCEL_CHECK_EVERY - 1)) == 0) {
            checkCancelled();
        }
    }

    private void checkCancelled() {
        if (listener.isCancelled()) {
            throw new CancellationException("Trace " + traceId + " insertion cancelled after " + eventCount + " events");
        }
    }

    private int intern(String value) throws SQLException {
        if (value == null) {
            value = "";
        }
        Integer id = stringIds.get(value);
        if (id != null) {
            return id;
        }
        findString.setString(1, value);
        try (ResultSet rs = findString.executeQuery()) {
            if (rs.next()) {
                id = rs.getInt(1);
            }
        }
        if (id == null) {
            insertString.setString(1, value);
            insertString.executeUpdate();
            id = (int) generatedKey(insertString);
        }
        stringIds.put(value, id);
        return id;
    }

    private Integer internNullable(String value) throws SQLException {
        return value == null ? null : intern(value);
    }

    private static void setNullableInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private long maxId(String table) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long generatedKey(Statement st) throws SQLException {
        try (ResultSet keys = st.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is closed next; SQLite discards an open transaction with it.
        }
    }

    /** Per-track bookkeeping: nesting stack (thread tracks) or lane ends (async tracks), bounds, order. */
    private static final class TrackState {
        final TrackKind kind;
        final long pid;
        String name;
        /** The slice just placed starts inside an open slice and ends after it. */
        boolean crossed;
        long[] ends = new long[8];
        int size;
        long lastStart = Long.MIN_VALUE;
        long lastDur = Long.MAX_VALUE;
        boolean unsorted;
        int maxDepth;
        long maxDurNs;
        long sliceCount;
        long eventCount;
        long minStartNs = Long.MAX_VALUE;
        long maxEndNs = Long.MIN_VALUE;
        boolean buffering = true;
        long[] bufStart;
        long[] bufDur;
        int[] bufName;
        int bufSize;

        TrackState(TrackKind kind, long pid) {
            this.kind = kind;
            this.pid = pid;
        }

        void buffer(long start, long dur, int nameId) {
            if (bufStart == null) {
                bufStart = new long[1024];
                bufDur = new long[1024];
                bufName = new int[1024];
            } else if (bufSize == bufStart.length) {
                int c = bufSize * 2;
                bufStart = Arrays.copyOf(bufStart, c);
                bufDur = Arrays.copyOf(bufDur, c);
                bufName = Arrays.copyOf(bufName, c);
            }
            bufStart[bufSize] = start;
            bufDur[bufSize] = dur;
            bufName[bufSize] = nameId;
            bufSize++;
        }

        /** Every slice of the track is in the buffer, in start order. */
        boolean bufferedAll() {
            return buffering && !unsorted && bufSize == sliceCount && bufSize > 0;
        }

        void dropBuffer() {
            buffering = false;
            bufStart = null;
            bufDur = null;
            bufName = null;
            bufSize = 0;
        }

        int place(long start, long dur) {
            if (start < lastStart || (start == lastStart && dur > lastDur)) {
                unsorted = true;
            }
            lastStart = start;
            lastDur = dur;
            long end = start + dur;
            sliceCount++;
            eventCount++;
            maxDurNs = Math.max(maxDurNs, dur);
            minStartNs = Math.min(minStartNs, start);
            maxEndNs = Math.max(maxEndNs, end);
            int depth;
            if (kind == TrackKind.ASYNC) {
                depth = 0;
                while (depth < size && ends[depth] > start) {
                    depth++;
                }
                if (depth == size) {
                    grow();
                    size++;
                }
                ends[depth] = end;
            } else {
                while (size > 0 && ends[size - 1] <= start) {
                    size--;
                }
                crossed = size > 0 && end > ends[size - 1];
                depth = size;
                grow();
                ends[size++] = end;
            }
            maxDepth = Math.max(maxDepth, depth);
            return depth;
        }

        private void grow() {
            if (size == ends.length) {
                ends = Arrays.copyOf(ends, size * 2);
            }
        }
    }

    private record PendingFlow(long fromTrackId, long fromTsNs, long toTrackId, long toTsNs, boolean toNextSlice,
                               String name, String category) {
    }

    private static final class LevelAccumulator {
        final int level;
        final long width;
        long bucket = Long.MIN_VALUE;
        long count;
        long busy;
        long longestDur = -1;
        int longestName;
        long spillBusy;
        long spillLongestDur = -1;
        int spillName;

        LevelAccumulator(int level) {
            this.level = level;
            this.width = LodLevels.bucketNs(level);
        }

        void add(long start, long dur, int nameId, LodTiles.SliceTileSink sink) throws SQLException {
            long b = Math.floorDiv(start, width);
            if (b != bucket) {
                advanceTo(b, sink);
            }
            long bucketEnd = (b + 1) * width;
            long end = start + dur;
            long inside = Math.min(end, bucketEnd) - start;
            count++;
            busy += inside;
            if (dur > longestDur) {
                longestDur = dur;
                longestName = nameId;
            }
            if (end > bucketEnd) {
                spillBusy += end - bucketEnd;
                if (dur > spillLongestDur) {
                    spillLongestDur = dur;
                    spillName = nameId;
                }
            }
        }

        private void advanceTo(long b, LodTiles.SliceTileSink sink) throws SQLException {
            if (bucket != Long.MIN_VALUE && count > 0) {
                sink.bucket(level, bucket, count, busy, longestName);
            }
            boolean spillLandsInNew = b == bucket + 1;
            if (!spillLandsInNew && spillBusy > 0) {
                sink.bucket(level, bucket + 1, 0, spillBusy, spillName);
            }
            count = 0;
            busy = spillLandsInNew ? spillBusy : 0;
            longestDur = spillLandsInNew ? spillLongestDur : -1;
            longestName = spillLandsInNew ? spillName : 0;
            spillBusy = 0;
            spillLongestDur = -1;
            bucket = b;
        }

        void flushAll(LodTiles.SliceTileSink sink) throws SQLException {
            if (bucket == Long.MIN_VALUE) {
                return;
            }
            if (count > 0 || busy > 0) {
                sink.bucket(level, bucket, count, busy, longestName);
            }
            if (spillBusy > 0) {
                sink.bucket(level, bucket + 1, 0, spillBusy, spillName);
            }
        }
    }
}
