package db.migration;

import io.fleetwise.datastore.trace.LodTiles;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.Statement;

/**
 * Trace store: level-of-detail summaries packed in tiles (see {@link LodTiles}), so a zoomed-out window
 * reads one row per (track, level, tile) instead of one per bucket. Traces stored before this version get
 * their tiles packed here from their per-bucket rows, which stay in place (migrations only add).
 * A Java migration because SQL cannot write the doubles of the counter summaries into a BLOB.
 */
public class V102__trace_lod_tiles extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE trace_slice_lod_tile ("
                    + " track_id INTEGER NOT NULL REFERENCES trace_track(id) ON DELETE CASCADE,"
                    + " level INTEGER NOT NULL,"
                    + " tile INTEGER NOT NULL,"
                    + " buckets BLOB NOT NULL)");
            s.execute("CREATE UNIQUE INDEX trace_slice_lod_tile_key ON trace_slice_lod_tile(track_id, level, tile)");
            s.execute("CREATE TABLE trace_counter_lod_tile ("
                    + " track_id INTEGER NOT NULL REFERENCES trace_track(id) ON DELETE CASCADE,"
                    + " level INTEGER NOT NULL,"
                    + " tile INTEGER NOT NULL,"
                    + " buckets BLOB NOT NULL)");
            s.execute("CREATE UNIQUE INDEX trace_counter_lod_tile_key ON trace_counter_lod_tile(track_id, level, tile)");
        }
        LodTiles.packLegacyRows(connection);
    }
}
