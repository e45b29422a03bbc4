package io.fleetwise.datastore;

import io.fleetwise.planner.progress.ProgressListener;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

/**
 * Copies what can still be read from a damaged Fleetwise database into a new one, so a damaged page costs the rows
 * on that page and not the whole store. The damaged file is opened read-only and never changed.
 *
 * <p>Each table is read in rowid order; where a read fails on a damaged page, a binary search finds the next rowid
 * that reads again, and the rowids in between are counted as lost. Rows are written with their own ids into a new
 * store made by this version (the columns both schemas have), so studies, traces and their children still refer to
 * one another. Afterwards rows whose parent was lost are removed (and counted), and a trace that lost events is
 * renamed to say so and counts only what it holds: nothing half-salvaged is listed as whole.
 */
public final class DatabaseSalvage {

    /** SQLite hands out rowids from 1; a lost run of rows at a table's start is counted from there. */
    private static final long FIRST_ROWID = 1;
    /** Bounds of the rowid search, so a midpoint never overflows. */
    private static final long SEARCH_BOUND = Long.MAX_VALUE / 4;

    /** Tables the new store makes itself, not copied. */
    private static final Set<String> OWN_TABLES = Set.of(DatabaseProbe.HISTORY_TABLE, "sqlite_sequence");

    /** What happened to one table. */
    public record TableResult(String table, long copied, long lost, String note) {
        public String describe() {
            return table + ": " + copied + " rows copied" + (lost > 0 ? ", " + lost + " lost" : "")
                    + (note.isEmpty() ? "" : " (" + note + ")");
        }
    }

    /** The new store's file, each table's counts and the traces that lost events. */
    public record Result(Path target, List<TableResult> tables, List<String> incompleteTraces) {
        public Result {
            tables = List.copyOf(tables);
            incompleteTraces = List.copyOf(incompleteTraces);
        }

        public long copied() {
            return tables.stream().mapToLong(TableResult::copied).sum();
        }

        public long lost() {
            return tables.stream().mapToLong(TableResult::lost).sum();
        }

        /** One line for a console: totals, then only the tables that lost something or were left out. */
        public String summary() {
            String damaged = tables.stream().filter(t -> t.lost() > 0 || !t.note().isEmpty()).map(TableResult::describe)
                    .collect(Collectors.joining("; "));
            return String.format(Locale.ROOT, "%d rows copied into %s, %d lost%s%s", copied(), target, lost(),
                    damaged.isEmpty() ? "" : " (" + damaged + ")",
                    incompleteTraces.isEmpty() ? "" : "; traces that lost events, renamed to say so: "
                            + String.join(", ", incompleteTraces));
        }
    }

    private DatabaseSalvage() {
    }

    /**
     * Copies every readable row of {@code damaged} into the new store {@code target}.
     *
     * @throws DatabaseException when {@code damaged} is not an SQLite file, its table list cannot be read, or
     *                           {@code target} already exists (nothing is overwritten)
     */
    public static Result salvage(Path damaged, Path target, ProgressListener listener) {
        Objects.requireNonNull(damaged, "damaged");
        Objects.requireNonNull(target, "target");
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        Path from = damaged.toAbsolutePath().normalize();
        Path to = target.toAbsolutePath().normalize();
        if (!Files.isRegularFile(from)) {
            throw new DatabaseException(from + " is not a file; give the damaged database file to salvage");
        }
        if (Files.exists(to)) {
            throw new DatabaseException(to + " already exists; salvage writes a new file and overwrites nothing. "
                    + "Give a path that does not exist yet.");
        }
        if (from.equals(to)) {
            throw new DatabaseException("salvage needs a new file, not the damaged one");
        }
        DatabaseProbe.checkHeaderOnly(from);
        Database fresh = Database.open(to);
        List<TableResult> results = new ArrayList<>();
        List<String> incomplete;
        try (Connection source = readOnly(from); Connection sink = fresh.openConnection()) {
            Map<String, List<String>> tables = sourceTables(source, from);
            try (Statement st = sink.createStatement()) {
                st.execute("PRAGMA foreign_keys = OFF");
            }
            sink.setAutoCommit(false);
            int done = 0;
            for (Map.Entry<String, List<String>> table : tables.entrySet()) {
                if (progress.isCancelled()) {
                    throw new CancellationException("salvage cancelled; " + to + " holds the tables copied so far");
                }
                progress.progress(done++ / (double) Math.max(1, tables.size()), "Copying " + table.getKey());
                results.add(copyTable(source, sink, table.getKey(), table.getValue()));
                sink.commit();
            }
            results = withOrphansRemoved(sink, results);
            incomplete = markIncompleteTraces(sink);
            sink.commit();
            sink.setAutoCommit(true);
            try (Statement st = sink.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                String verdict = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equalsIgnoreCase(verdict)) {
                    throw new DatabaseException("the salvaged copy " + to + " fails its own integrity check (" + verdict + ")");
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("Cannot salvage " + from + " into " + to + ": " + DatabaseProbe.firstLine(e.getMessage())
                    + ". " + from + " was not changed.", e);
        } catch (SinkFailure e) {
            SQLException cause = (SQLException) e.getCause();
            throw new DatabaseException("Cannot write the salvaged copy " + to + ": " + DatabaseProbe.firstLine(cause.getMessage())
                    + ". " + from + " was not changed.", cause);
        }
        progress.progress(1.0, "Salvaged " + from.getFileName());
        return new Result(to, results, incomplete);
    }

    private static Connection readOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    /** Each table of the damaged store with its columns; the table list itself must be readable. */
    private static Map<String, List<String>> sourceTables(Connection source, Path file) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Statement st = source.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rootpage")) {
            while (rs.next()) {
                tables.put(rs.getString(1), new ArrayList<>());
            }
        } catch (SQLException e) {
            throw new DatabaseException(file + ": its list of tables cannot be read (" + DatabaseProbe.firstLine(e.getMessage())
                    + "), so nothing can be copied out of it. It was not changed.", e);
        }
        tables.keySet().removeIf(t -> OWN_TABLES.contains(t) || t.startsWith("sqlite_"));
        for (Map.Entry<String, List<String>> t : tables.entrySet()) {
            t.getValue().addAll(columns(source, t.getKey()));
        }
        return tables;
    }

    private static List<String> columns(Connection c, String table) {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            return List.of();
        }
        return columns;
    }

    private static TableResult copyTable(Connection source, Connection sink, String table, List<String> sourceColumns) {
        List<String> targetColumns = columns(sink, table);
        Set<String> shared = new LinkedHashSet<>(sourceColumns);
        shared.retainAll(targetColumns);
        if (shared.isEmpty()) {
            return new TableResult(table, 0, 0, targetColumns.isEmpty()
                    ? "this version has no such table; left out" : "no column in common with this version's table; left out");
        }
        // columns of a newer Fleetwise that this version has no place for are named, never dropped unsaid
        List<String> unknown = sourceColumns.stream().filter(c -> !shared.contains(c)).toList();
        String leftOut = unknown.isEmpty() ? "" : "columns this version does not have, left out: " + String.join(", ", unknown);
        TableResult copied = hasRowid(source, table) ? copyByRowid(source, sink, table, shared)
                : copyWithoutRowid(source, sink, table, shared);
        return leftOut.isEmpty() ? copied : new TableResult(table, copied.copied(), copied.lost(),
                copied.note().isEmpty() ? leftOut : copied.note() + "; " + leftOut);
    }

    private static TableResult copyByRowid(Connection source, Connection sink, String table, Set<String> shared) {
        // rows keep their ids: through the INTEGER PRIMARY KEY column when there is one, else through rowid itself
        boolean explicitRowid = !shared.contains(rowidAlias(sink, table));
        String cols = shared.stream().map(DatabaseSalvage::quote).collect(Collectors.joining(", "));
        String select = "SELECT rowid, " + cols + " FROM " + quote(table) + " WHERE rowid >= ? ORDER BY rowid";
        int width = shared.size() + (explicitRowid ? 1 : 0);
        String insert = "INSERT OR IGNORE INTO " + quote(table) + " (" + (explicitRowid ? "rowid, " : "") + cols
                + ") VALUES (?" + ", ?".repeat(width - 1) + ")";
        long copied = 0;
        long lost = 0;
        long next = Long.MIN_VALUE;
        long max = maxRowid(source, table);
        try (PreparedStatement write = sink.prepareStatement(insert)) {
            while (true) {
                long last = Long.MIN_VALUE;
                boolean failed = false;
                try (PreparedStatement read = source.prepareStatement(select)) {
                    read.setLong(1, next);
                    try (ResultSet rs = read.executeQuery()) {
                        while (rs.next()) {
                            long rowid = rs.getLong(1);
                            Object[] row = new Object[width];
                            for (int i = 0; i < width; i++) {
                                row[i] = rs.getObject(i + (explicitRowid ? 1 : 2));
                            }
                            write(write, row);
                            last = rowid;
                            copied++;
                        }
                    }
                } catch (SQLException e) {
                    failed = true; // a damaged page of the source: find where it reads again
                }
                if (!failed) {
                    break;
                }
                // the first rowid not copied: after the last row that was, else past the row the scan started on
                // (a scan that fails at once must not start there again); rowids start at 1 unless a table says else
                long from = last != Long.MIN_VALUE ? last + 1 : next == Long.MIN_VALUE ? FIRST_ROWID : next + 1;
                long resume = nextReadable(source, table, from, max);
                if (resume == Long.MIN_VALUE) {
                    lost += max == Long.MIN_VALUE ? 1 : Math.max(1, max - from + 1);
                    break;
                }
                lost += Math.max(1, resume - from);
                next = resume;
            }
        } catch (SQLException e) {
            throw new SinkFailure(e);
        }
        return new TableResult(table, copied, lost, lost > 0 ? "unreadable pages" : "");
    }

    /** WITHOUT ROWID tables (summaries keyed by their own columns) have no rowid to seek past a damaged page. */
    private static boolean hasRowid(Connection source, String table) {
        try (Statement st = source.createStatement();
             ResultSet rs = st.executeQuery("SELECT rowid FROM " + quote(table) + " LIMIT 0")) {
            return true;
        } catch (SQLException e) {
            return !String.valueOf(e.getMessage()).contains("no such column");
        }
    }

    /** One pass in key order: a damaged page ends it, and the rows after it are counted as an unknown loss. */
    private static TableResult copyWithoutRowid(Connection source, Connection sink, String table, Set<String> shared) {
        String cols = shared.stream().map(DatabaseSalvage::quote).collect(Collectors.joining(", "));
        long copied = 0;
        try (PreparedStatement write = sink.prepareStatement("INSERT OR IGNORE INTO " + quote(table) + " (" + cols
                + ") VALUES (?" + ", ?".repeat(shared.size() - 1) + ")")) {
            try (Statement read = source.createStatement();
                 ResultSet rs = read.executeQuery("SELECT " + cols + " FROM " + quote(table))) {
                while (rs.next()) {
                    Object[] row = new Object[shared.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    write(write, row);
                    copied++;
                }
            } catch (SQLException e) {
                return new TableResult(table, copied, 0, "a damaged page ended the copy; the rows after it (how many is "
                        + "unknown: the table has no rowids to seek past it) are lost");
            }
        } catch (SQLException e) {
            throw new SinkFailure(e);
        }
        return new TableResult(table, copied, 0, "");
    }

    private static void write(PreparedStatement write, Object[] row) {
        try {
            for (int i = 0; i < row.length; i++) {
                write.setObject(i + 1, row[i]);
            }
            write.executeUpdate();
        } catch (SQLException e) {
            throw new SinkFailure(e);
        }
    }

    /** A failure of the new store, never to be skipped over like a damaged page of the old one. */
    private static final class SinkFailure extends RuntimeException {
        SinkFailure(SQLException cause) {
            super(cause);
        }
    }

    /** The table's INTEGER PRIMARY KEY column (an alias of rowid), or "" when it has none. */
    private static String rowidAlias(Connection c, String table) {
        List<String> pk = new ArrayList<>();
        String type = "";
        try (PreparedStatement ps = c.prepareStatement("SELECT name, type FROM pragma_table_info(?) WHERE pk > 0")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pk.add(rs.getString(1));
                    type = rs.getString(2);
                }
            }
        } catch (SQLException e) {
            return "";
        }
        return pk.size() == 1 && "INTEGER".equalsIgnoreCase(type) ? pk.get(0) : "";
    }

    /** The highest rowid, if the right edge of the table still reads; MIN_VALUE when it does not. */
    private static long maxRowid(Connection source, String table) {
        try (Statement st = source.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(rowid) FROM " + quote(table))) {
            return rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
        } catch (SQLException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * The smallest rowid after {@code from} from which the table reads again (a seek past a damaged leaf lands on
     * the next one), found by binary search up to {@code max}; MIN_VALUE when nothing after {@code from} reads.
     */
    private static long nextReadable(Connection source, String table, long from, long max) {
        long hi = max == Long.MIN_VALUE ? SEARCH_BOUND : Math.min(max, SEARCH_BOUND);
        long lo = Math.max(from, -SEARCH_BOUND);
        if (lo > hi || !readsFrom(source, table, hi)) {
            return Long.MIN_VALUE;
        }
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (readsFrom(source, table, mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static boolean readsFrom(Connection source, String table, long rowid) {
        try (PreparedStatement ps = source.prepareStatement("SELECT rowid FROM " + quote(table)
                + " WHERE rowid >= ? ORDER BY rowid LIMIT 1")) {
            ps.setLong(1, rowid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return true;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /** Rows whose parent row was lost point nowhere: removed and counted with their table. */
    private static List<TableResult> withOrphansRemoved(Connection sink, List<TableResult> results) throws SQLException {
        Map<String, Long> orphans = new LinkedHashMap<>();
        for (int pass = 0; pass < 8; pass++) { // a removed parent can orphan its own children: repeat until none
            Map<String, List<Long>> found = new LinkedHashMap<>();
            try (Statement st = sink.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
                while (rs.next()) {
                    found.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
                }
            }
            if (found.isEmpty()) {
                break;
            }
            for (Map.Entry<String, List<Long>> e : found.entrySet()) {
                try (PreparedStatement del = sink.prepareStatement("DELETE FROM " + quote(e.getKey()) + " WHERE rowid = ?")) {
                    for (long rowid : e.getValue()) {
                        del.setLong(1, rowid);
                        del.executeUpdate();
                    }
                }
                orphans.merge(e.getKey(), (long) e.getValue().size(), Long::sum);
            }
        }
        List<TableResult> out = new ArrayList<>();
        for (TableResult r : results) {
            long n = orphans.getOrDefault(r.table(), 0L);
            out.add(n == 0 ? r : new TableResult(r.table(), r.copied() - n, r.lost() + n,
                    (r.note().isEmpty() ? "" : r.note() + "; ") + n + " whose parent row was lost"));
        }
        return out;
    }

    /** A trace whose events did not all survive is renamed to say so and counts only what it holds. */
    private static List<String> markIncompleteTraces(Connection sink) throws SQLException {
        List<String> renamed = new ArrayList<>();
        String stored = "(SELECT COUNT(*) FROM trace_slice s JOIN trace_track k ON k.id = s.track_id WHERE k.trace_id = t.id)"
                + " + (SELECT COUNT(*) FROM trace_instant i JOIN trace_track k ON k.id = i.track_id WHERE k.trace_id = t.id)"
                + " + (SELECT COUNT(*) FROM trace_counter c JOIN trace_track k ON k.id = c.track_id WHERE k.trace_id = t.id)";
        List<Object[]> traces = new ArrayList<>();
        try (Statement st = sink.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, name, event_count, " + stored + " FROM trace t")) {
            while (rs.next()) {
                if (rs.getLong(4) != rs.getLong(3)) {
                    traces.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)});
                }
            }
        } catch (SQLException e) {
            return renamed; // no trace store in this database
        }
        try (PreparedStatement ps = sink.prepareStatement("UPDATE trace SET name = ?, event_count = ? WHERE id = ?")) {
            for (Object[] t : traces) {
                String name = t[1] + " (salvaged: " + t[3] + " of " + t[2] + " events)";
                ps.setString(1, name);
                ps.setLong(2, (Long) t[3]);
                ps.setLong(3, (Long) t[0]);
                ps.executeUpdate();
                renamed.add(name);
            }
        }
        return renamed;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
