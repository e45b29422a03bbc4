package io.fleetwise.datastore.trace;

import io.fleetwise.datastore.trace.model.CounterColumns;
import io.fleetwise.datastore.trace.model.DensityColumns;
import io.fleetwise.datastore.trace.model.InstantColumns;
import io.fleetwise.datastore.trace.model.SliceColumns;
import io.fleetwise.datastore.trace.model.TimelineWindow;
import io.fleetwise.datastore.trace.model.TrackWindow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Window queries over one trace, on one connection with cached statements; use from a single thread.
 * A window at a resolution returns slices wide enough to see (per duration level, by index range) and
 * level-of-detail buckets for the rest, so the row count follows the pixel count, not the event count.
 */
public final class TraceReader implements AutoCloseable {
    private final Connection connection;
    private final TraceInfo trace;
    private final List<TrackInfo> tracks;
    private final Map<Long, TrackInfo> trackById = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    private static final int MAX_TILES = 8192;
    /** Decoded tiles (slice and counter) of this trace, LRU; a stored trace never changes. */
    private final Map<TileKey, Object> tiles = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TileKey, Object> eldest) {
            return size() > MAX_TILES;
        }
    };
    private final Map<Integer, PreparedStatement> slicesByLevelCount = new HashMap<>();
    private final Map<Long, Boolean> instantTracks = new HashMap<>();
    private final PreparedStatement anyInstant;
    private final PreparedStatement sliceTiles;
    private final PreparedStatement counterTiles;
    private final PreparedStatement counters;
    private final PreparedStatement counterBefore;
    private final PreparedStatement instants;
    private final PreparedStatement nameById;
    private final PreparedStatement sliceAt;

    TraceReader(Connection connection, TraceInfo trace, List<TrackInfo> tracks) throws SQLException {
        this.connection = connection;
        this.trace = trace;
        this.tracks = List.copyOf(tracks);
        for (TrackInfo t : tracks) {
            trackById.put(t.id(), t);
        }
        anyInstant = connection.prepareStatement("SELECT 1 FROM trace_instant WHERE track_id = ? LIMIT 1");
        sliceTiles = connection.prepareStatement(
                "SELECT tile, buckets FROM trace_slice_lod_tile WHERE track_id = ? AND level = ? AND tile >= ? AND tile <= ?");
        counterTiles = connection.prepareStatement(
                "SELECT tile, buckets FROM trace_counter_lod_tile WHERE track_id = ? AND level = ? AND tile >= ? AND tile <= ?");
        counters = connection.prepareStatement(
                "SELECT ts_ns, value FROM trace_counter WHERE track_id = ? AND ts_ns >= ? AND ts_ns < ? ORDER BY ts_ns");
        counterBefore = connection.prepareStatement(
                "SELECT ts_ns, value FROM trace_counter WHERE track_id = ? AND ts_ns < ? ORDER BY ts_ns DESC LIMIT 1");
        instants = connection.prepareStatement(
                "SELECT (ts_ns - ?) / ? AS px, MIN(ts_ns), COUNT(*), MIN(name_id) FROM trace_instant "
                        + "WHERE track_id = ? AND ts_ns >= ? AND ts_ns < ? GROUP BY px ORDER BY px");
        nameById = connection.prepareStatement("SELECT value FROM trace_string WHERE id = ?");
        sliceAt = connection.prepareStatement(
                "SELECT id, start_ns, dur_ns FROM trace_slice WHERE track_id = ? AND depth = ? AND start_ns >= ? AND start_ns <= ? "
                        + "AND start_ns + dur_ns >= ? ORDER BY dur_ns DESC LIMIT 1");
    }

    public TraceInfo trace() {
        return trace;
    }

    public List<TrackInfo> tracks() {
        return tracks;
    }

    /** Queries several tracks and resolves every name the rows refer to. */
    public TimelineWindow window(Collection<Long> trackIds, long fromNs, long toNs, double nsPerPixel) {
        Map<Long, TrackWindow> out = new LinkedHashMap<>();
        Map<Integer, String> used = new HashMap<>();
        for (long id : trackIds) {
            TrackWindow w = window(id, fromNs, toNs, nsPerPixel);
            out.put(id, w);
            for (int i = 0; i < w.slices().size(); i++) {
                int n = w.slices().nameId(i);
                used.put(n, name(n));
            }
            if (w.density() != null) {
                for (int i = 0; i < w.density().size(); i++) {
                    int n = w.density().longestNameId(i);
                    used.put(n, name(n));
                }
            }
            for (int i = 0; i < w.instants().size(); i++) {
                int n = w.instants().nameId(i);
                used.put(n, name(n));
            }
        }
        return new TimelineWindow(fromNs, toNs, nsPerPixel, Map.copyOf(out), Map.copyOf(used));
    }

    public TrackWindow window(long trackId, long fromNs, long toNs, double nsPerPixel) {
        TrackInfo track = trackById.get(trackId);
        if (track == null) {
            throw new IllegalArgumentException("Track " + trackId + " is not part of trace " + trace.id());
        }
        try {
            int level = LodLevels.levelForResolution(nsPerPixel);
            boolean raw = level < track.lodMinLevel() || level < 0;
            SliceColumns slices = new SliceColumns();
            DensityColumns density = null;
            int maxDurLevel = LodLevels.durLevel(track.maxDurNs());
            int firstLevel = raw ? 0 : level + 1;
            boolean sliceTrack = track.kind() != TrackKind.COUNTER && track.kind() != TrackKind.PROCESS;
            if (sliceTrack && firstLevel <= maxDurLevel) {
                readSlices(trackId, track, firstLevel, maxDurLevel, fromNs, toNs, slices);
            }
            if (!raw && sliceTrack) {
                long width = LodLevels.bucketNs(level);
                density = new DensityColumns(level, width);
                long firstBucket = Math.floorDiv(fromNs, width) - 1;
                long lastBucket = Math.floorDiv(toNs, width);
                long firstTile = LodTiles.tileOf(firstBucket);
                long lastTile = LodTiles.tileOf(lastBucket);
                Object[] window = loadTiles(sliceTiles, TileKind.SLICE, trackId, level, firstTile, lastTile);
                for (Object o : window) {
                    LodTiles.SliceTile t = (LodTiles.SliceTile) o;
                    for (int i = 0; i < t.size(); i++) {
                        if (t.bucket[i] >= firstBucket && t.bucket[i] <= lastBucket) {
                            density.add(t.bucket[i] * width, t.busyNs[i], t.count[i], t.nameId[i]);
                        }
                    }
                }
            }
            CounterColumns counterColumns = new CounterColumns();
            InstantColumns instantColumns = new InstantColumns();
            long bucket = Math.max(1, (long) nsPerPixel);
            int counterLevel = LodLevels.counterLevelForResolution(nsPerPixel);
            if (track.kind() == TrackKind.COUNTER && counterLevel >= track.lodMinLevel() && counterLevel >= 0) {
                readCounterSummaries(trackId, fromNs, toNs, counterLevel, counterColumns);
            } else if (track.kind() == TrackKind.COUNTER) {
                readCounters(trackId, fromNs, toNs, bucket, counterColumns);
            } else if (hasInstants(trackId)) {
                instants.setLong(1, fromNs);
                instants.setLong(2, bucket);
                instants.setLong(3, trackId);
                instants.setLong(4, fromNs);
                instants.setLong(5, toNs);
                try (ResultSet rs = instants.executeQuery()) {
                    while (rs.next()) {
                        instantColumns.add(rs.getLong(2), rs.getLong(3), rs.getInt(4));
                    }
                }
            }
            return new TrackWindow(trackId, fromNs, toNs, nsPerPixel, raw ? -1 : level, slices, density, counterColumns, instantColumns);
        } catch (SQLException e) {
            throw new TraceStoreException("Window query failed for track " + trackId + " in [" + fromNs + ", " + toNs + ") ns", e);
        }
    }

    /**
     * Slices of duration levels [firstLevel, lastLevel] that overlap the window, in one statement: a UNION ALL
     * of one index range per level (each starting at from - that level's longest duration), because a
     * statement per level costs more in JDBC overhead than the rows it returns once zoomed in.
     */
    private void readSlices(long trackId, TrackInfo track, int firstLevel, int lastLevel, long fromNs, long toNs, SliceColumns out)
            throws SQLException {
        int levels = lastLevel - firstLevel + 1;
        PreparedStatement ps = slicesByLevelCount.get(levels);
        if (ps == null) {
            StringBuilder sql = new StringBuilder();
            for (int i = 0; i < levels; i++) {
                if (i > 0) {
                    sql.append(" UNION ALL ");
                }
                sql.append("SELECT id, start_ns, dur_ns, depth, name_id FROM trace_slice WHERE track_id = ? AND dur_level = ? ")
                        .append("AND start_ns > ? AND start_ns < ? AND start_ns + dur_ns > ?");
            }
            ps = connection.prepareStatement(sql.toString());
            slicesByLevelCount.put(levels, ps);
        }
        int p = 1;
        for (int l = firstLevel; l <= lastLevel; l++) {
            long longest = l > LodLevels.MAX_LEVEL ? track.maxDurNs() : Math.min(track.maxDurNs(), LodLevels.bucketNs(l));
            ps.setLong(p++, trackId);
            ps.setInt(p++, l);
            ps.setLong(p++, fromNs - longest - 1);
            ps.setLong(p++, toNs);
            ps.setLong(p++, fromNs);
        }
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getInt(5));
            }
        }
    }

    /** Whether the track has any instant, asked once per track: most tracks have none. */
    private boolean hasInstants(long trackId) throws SQLException {
        Boolean known = instantTracks.get(trackId);
        if (known == null) {
            anyInstant.setLong(1, trackId);
            try (ResultSet rs = anyInstant.executeQuery()) {
                known = rs.next();
            }
            instantTracks.put(trackId, known);
        }
        return known;
    }

    /**
     * Tiles [firstTile, lastTile] of a track's level, in order: cached ones from the LRU, the missing span
     * with one range query (one row per stored tile). Tiles with no row are cached as empty, so a pan only
     * reads the tiles it has not seen yet.
     */
    private Object[] loadTiles(PreparedStatement query, TileKind kind, long trackId, int level, long firstTile, long lastTile)
            throws SQLException {
        Object[] out = new Object[(int) (lastTile - firstTile + 1)];
        long missingFrom = Long.MAX_VALUE;
        long missingTo = Long.MIN_VALUE;
        for (long tile = firstTile; tile <= lastTile; tile++) {
            Object t = tiles.get(new TileKey(kind, trackId, level, tile));
            out[(int) (tile - firstTile)] = t;
            if (t == null) {
                missingFrom = Math.min(missingFrom, tile);
                missingTo = tile;
            }
        }
        if (missingFrom > missingTo) {
            return out;
        }
        Object empty = kind == TileKind.SLICE ? LodTiles.SliceTile.EMPTY : LodTiles.CounterTile.EMPTY;
        for (long tile = missingFrom; tile <= missingTo; tile++) {
            if (out[(int) (tile - firstTile)] == null) {
                out[(int) (tile - firstTile)] = empty;
            }
        }
        query.setLong(1, trackId);
        query.setInt(2, level);
        query.setLong(3, missingFrom);
        query.setLong(4, missingTo);
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                long tile = rs.getLong(1);
                byte[] bytes = rs.getBytes(2);
                out[(int) (tile - firstTile)] = kind == TileKind.SLICE
                        ? LodTiles.SliceTile.decode(tile, bytes) : LodTiles.CounterTile.decode(tile, bytes);
            }
        }
        for (long tile = missingFrom; tile <= missingTo; tile++) {
            tiles.put(new TileKey(kind, trackId, level, tile), out[(int) (tile - firstTile)]);
        }
        return out;
    }

    private enum TileKind { SLICE, COUNTER }

    private record TileKey(TileKind kind, long trackId, int level, long tile) {
    }

    private void readCounterSummaries(long trackId, long fromNs, long toNs, int level, CounterColumns out) throws SQLException {
        readCounterBefore(trackId, fromNs, out);
        long width = LodLevels.bucketNs(level);
        long firstBucket = Math.floorDiv(fromNs, width);
        long lastBucket = Math.floorDiv(toNs, width);
        long firstTile = LodTiles.tileOf(firstBucket);
        long lastTile = LodTiles.tileOf(lastBucket);
        Object[] window = loadTiles(counterTiles, TileKind.COUNTER, trackId, level, firstTile, lastTile);
        for (Object o : window) {
            LodTiles.CounterTile t = (LodTiles.CounterTile) o;
            for (int i = 0; i < t.size(); i++) {
                if (t.bucket[i] >= firstBucket && t.bucket[i] <= lastBucket) {
                    out.add(t.firstTsNs[i], t.min[i], t.max[i], t.last[i]);
                }
            }
        }
    }

    private void readCounterBefore(long trackId, long fromNs, CounterColumns out) throws SQLException {
        counterBefore.setLong(1, trackId);
        counterBefore.setLong(2, fromNs);
        try (ResultSet rs = counterBefore.executeQuery()) {
            if (rs.next()) {
                double v = rs.getDouble(2);
                out.add(rs.getLong(1), v, v, v);
            }
        }
    }

    private void readCounters(long trackId, long fromNs, long toNs, long bucket, CounterColumns out) throws SQLException {
        readCounterBefore(trackId, fromNs, out);
        counters.setLong(1, trackId);
        counters.setLong(2, fromNs);
        counters.setLong(3, toNs);
        counters.setFetchSize(4096);
        long pixel = Long.MIN_VALUE;
        long firstTs = 0;
        double lo = 0;
        double hi = 0;
        double last = 0;
        try (ResultSet rs = counters.executeQuery()) {
            while (rs.next()) {
                long ts = rs.getLong(1);
                double v = rs.getDouble(2);
                long p = (ts - fromNs) / bucket;
                if (p != pixel) {
                    if (pixel != Long.MIN_VALUE) {
                        out.add(firstTs, lo, hi, last);
                    }
                    pixel = p;
                    firstTs = ts;
                    lo = v;
                    hi = v;
                } else {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                last = v;
            }
        }
        if (pixel != Long.MIN_VALUE) {
            out.add(firstTs, lo, hi, last);
        }
    }

    /** The widest slice at this depth of the track that covers tsNs within toleranceNs. */
    public Optional<Long> sliceAt(long trackId, int depth, long tsNs, long toleranceNs) {
        TrackInfo track = trackById.get(trackId);
        if (track == null) {
            return Optional.empty();
        }
        try {
            sliceAt.setLong(1, trackId);
            sliceAt.setInt(2, depth);
            sliceAt.setLong(3, tsNs - toleranceNs - track.maxDurNs());
            sliceAt.setLong(4, tsNs + toleranceNs);
            sliceAt.setLong(5, tsNs - toleranceNs);
            try (ResultSet rs = sliceAt.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new TraceStoreException("Hit test failed on track " + trackId + " at " + tsNs + " ns", e);
        }
    }

    public Optional<SliceDetails> slice(long sliceId) {
        try {
            return TraceStore.sliceDetails(connection, sliceId);
        } catch (SQLException e) {
            throw new TraceStoreException("Could not read slice " + sliceId, e);
        }
    }

    public String name(int id) {
        String cached = names.get(id);
        if (cached != null) {
            return cached;
        }
        try {
            nameById.setInt(1, id);
            try (ResultSet rs = nameById.executeQuery()) {
                String value = rs.next() ? rs.getString(1) : "";
                names.put(id, value);
                return value;
            }
        } catch (SQLException e) {
            throw new TraceStoreException("Could not read string " + id, e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new TraceStoreException("Could not close reader of trace " + trace.id(), e);
        }
    }
}
