package io.fleetwise.datastore.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Level-of-detail summaries packed into tiles: one BLOB row per (track, level, tile) holding the non-empty
 * buckets of {@link #TILE_BUCKETS} consecutive buckets of that level. A zoomed-out window then reads a few
 * rows per track (one per tile it touches) instead of one JDBC row per bucket.
 *
 * <p>Slice tiles hold, per non-empty bucket in bucket order, little-endian: bucket offset in the tile
 * (u16), slice count (i64), busy ns (i64), name id of the longest slice (i32). Counter tiles hold: bucket
 * offset (u16), first sample time ns (i64), min, max and last value (f64 each).
 */
public final class LodTiles {
    /** Buckets per tile; a full slice tile is 5.5 KiB, a full counter tile 8.5 KiB. */
    public static final int TILE_BUCKETS = 256;
    static final int SLICE_ENTRY_BYTES = 2 + 8 + 8 + 4;
    static final int COUNTER_ENTRY_BYTES = 2 + 8 + 8 + 8 + 8;

    static final String INSERT_SLICE_TILE =
            "INSERT INTO trace_slice_lod_tile(track_id, level, tile, buckets) VALUES (?,?,?,?)";
    static final String INSERT_COUNTER_TILE =
            "INSERT INTO trace_counter_lod_tile(track_id, level, tile, buckets) VALUES (?,?,?,?)";
    private static final int BATCH = 256;

    private LodTiles() {
    }

    static long tileOf(long bucket) {
        return Math.floorDiv(bucket, TILE_BUCKETS);
    }

    /** Decoded slice buckets of one tile, in bucket order. */
    static final class SliceTile {
        static final SliceTile EMPTY = new SliceTile(0);
        final long[] bucket;
        final long[] count;
        final long[] busyNs;
        final int[] nameId;

        private SliceTile(int size) {
            bucket = new long[size];
            count = new long[size];
            busyNs = new long[size];
            nameId = new int[size];
        }

        int size() {
            return bucket.length;
        }

        static SliceTile decode(long tile, byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            SliceTile t = new SliceTile(bytes.length / SLICE_ENTRY_BYTES);
            long first = tile * TILE_BUCKETS;
            for (int i = 0; i < t.bucket.length; i++) {
                t.bucket[i] = first + (b.getShort() & 0xFFFF);
                t.count[i] = b.getLong();
                t.busyNs[i] = b.getLong();
                t.nameId[i] = b.getInt();
            }
            return t;
        }
    }

    /** Decoded counter buckets of one tile, in bucket order. */
    static final class CounterTile {
        static final CounterTile EMPTY = new CounterTile(0);
        final long[] bucket;
        final long[] firstTsNs;
        final double[] min;
        final double[] max;
        final double[] last;

        private CounterTile(int size) {
            bucket = new long[size];
            firstTsNs = new long[size];
            min = new double[size];
            max = new double[size];
            last = new double[size];
        }

        int size() {
            return bucket.length;
        }

        static CounterTile decode(long tile, byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            CounterTile t = new CounterTile(bytes.length / COUNTER_ENTRY_BYTES);
            long first = tile * TILE_BUCKETS;
            for (int i = 0; i < t.bucket.length; i++) {
                t.bucket[i] = first + (b.getShort() & 0xFFFF);
                t.firstTsNs[i] = b.getLong();
                t.min[i] = b.getDouble();
                t.max[i] = b.getDouble();
                t.last[i] = b.getDouble();
            }
            return t;
        }
    }

    /**
     * Packs buckets into tiles as they come. Buckets must arrive in increasing order within each level
     * of a track (levels may interleave); a new track starts with {@link #startTrack(long)}.
     */
    abstract static class TileSink implements AutoCloseable {
        private final PreparedStatement insert;
        private final int entryBytes;
        private ByteBuffer[] open = new ByteBuffer[LodLevels.MAX_LEVEL + 1];
        private long[] openTile = new long[LodLevels.MAX_LEVEL + 1];
        private long trackId = Long.MIN_VALUE;
        private int pending;

        TileSink(Connection connection, String insertSql, int entryBytes) throws SQLException {
            this.insert = connection.prepareStatement(insertSql);
            this.entryBytes = entryBytes;
        }

        void startTrack(long track) throws SQLException {
            flushTiles();
            trackId = track;
        }

        /** The buffer to write one entry of this bucket into; the offset is already written. */
        final ByteBuffer entry(int level, long bucket) throws SQLException {
            long tile = tileOf(bucket);
            ByteBuffer b = open[level];
            if (b != null && openTile[level] != tile) {
                writeTile(level);
                b = null;
            }
            if (b == null) {
                b = ByteBuffer.allocate(TILE_BUCKETS * entryBytes).order(ByteOrder.LITTLE_ENDIAN);
                open[level] = b;
                openTile[level] = tile;
            }
            b.putShort((short) (bucket - tile * TILE_BUCKETS));
            return b;
        }

        private void writeTile(int level) throws SQLException {
            ByteBuffer b = open[level];
            insert.setLong(1, trackId);
            insert.setInt(2, level);
            insert.setLong(3, openTile[level]);
            insert.setBytes(4, Arrays.copyOf(b.array(), b.position()));
            insert.addBatch();
            open[level] = null;
            if (++pending >= BATCH) {
                insert.executeBatch();
                pending = 0;
            }
        }

        private void flushTiles() throws SQLException {
            for (int level = 0; level < open.length; level++) {
                if (open[level] != null) {
                    writeTile(level);
                }
            }
        }

        /** Writes the open tiles; call before reading the table back. */
        void finish() throws SQLException {
            flushTiles();
            if (pending > 0) {
                insert.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            insert.close();
        }
    }

    static final class SliceTileSink extends TileSink {
        SliceTileSink(Connection connection) throws SQLException {
            super(connection, INSERT_SLICE_TILE, SLICE_ENTRY_BYTES);
        }

        void bucket(int level, long bucket, long count, long busyNs, int nameId) throws SQLException {
            entry(level, bucket).putLong(count).putLong(busyNs).putInt(nameId);
        }
    }

    static final class CounterTileSink extends TileSink {
        CounterTileSink(Connection connection) throws SQLException {
            super(connection, INSERT_COUNTER_TILE, COUNTER_ENTRY_BYTES);
        }

        void bucket(int level, long bucket, long firstTsNs, double min, double max, double last) throws SQLException {
            entry(level, bucket).putLong(firstTsNs).putDouble(min).putDouble(max).putDouble(last);
        }
    }

    /**
     * Packs the per-bucket summary rows of traces stored before V102 ({@code trace_slice_lod},
     * {@code trace_counter_lod}) into tiles. Used by the V102 migration; the old rows stay where they are.
     */
    public static void packLegacyRows(Connection connection) throws SQLException {
        try (SliceTileSink sink = new SliceTileSink(connection);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT track_id, level, bucket, slice_count, busy_ns, longest_name_id FROM trace_slice_lod "
                             + "ORDER BY track_id, level, bucket")) {
            select.setFetchSize(4096);
            long track = Long.MIN_VALUE;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(1) != track) {
                        track = rs.getLong(1);
                        sink.startTrack(track);
                    }
                    sink.bucket(rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getInt(6));
                }
            }
            sink.finish();
        }
        try (CounterTileSink sink = new CounterTileSink(connection);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT track_id, level, bucket, first_ts_ns, min_value, max_value, last_value FROM trace_counter_lod "
                             + "ORDER BY track_id, level, bucket")) {
            select.setFetchSize(4096);
            long track = Long.MIN_VALUE;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(1) != track) {
                        track = rs.getLong(1);
                        sink.startTrack(track);
                    }
                    sink.bucket(rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7));
                }
            }
            sink.finish();
        }
    }
}
