package io.fleetwise.datastore;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks at an existing file before anything writes to it: is it SQLite at all, is it intact, and is
 * it a Fleetwise store (or empty)? Opens it read-only, so a file we refuse is left byte-for-byte alone.
 */
final class DatabaseProbe {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    static final String HISTORY_TABLE = "flyway_schema_history";

    private DatabaseProbe() {
    }

    /** Throws a {@link DatabaseException} naming the file if it must not be opened for writing. */
    static void check(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new DatabaseException(file + " is a directory, not a Fleetwise database file. Maybe pass --db "
                    + file.resolve("fleetwise.db") + ".");
        }
        if (!Files.isRegularFile(file)) {
            // /dev/null, a fifo or a device: SQLite would put its journal beside it (/dev/null-journal)
            throw new DatabaseException(file + " is not a regular file (a device, pipe or socket), so it cannot hold a "
                    + "Fleetwise database. It was not changed. Maybe pass --db with a path to a .db file.");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DatabaseException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            return; // an empty file is what SQLite itself creates; it is safe to initialise
        }
        checkHeader(file, size);
        List<String> tables = readTables(file);
        if (!tables.isEmpty() && !tables.contains(HISTORY_TABLE)) {
            throw new DatabaseException(file + " is an SQLite database but not a Fleetwise one (it has the tables "
                    + String.join(", ", tables.subList(0, Math.min(5, tables.size())))
                    + (tables.size() > 5 ? ", ..." : "") + "). It was not changed. Maybe pass another --db path.");
        }
    }

    /** An existing, non-empty SQLite file (its first 16 bytes), without reading its pages: what salvage needs. */
    static void checkHeaderOnly(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DatabaseException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new DatabaseException(file + " is empty; there is nothing to salvage");
        }
        checkHeader(file, size);
    }

    private static void checkHeader(Path file, long size) {
        byte[] head = new byte[SQLITE_HEADER.length];
        try (InputStream in = Files.newInputStream(file)) {
            int read = in.readNBytes(head, 0, head.length);
            if (read < head.length || !java.util.Arrays.equals(head, SQLITE_HEADER)) {
                throw new DatabaseException(file + " is not a Fleetwise database (not an SQLite file: its first bytes are not "
                        + "'SQLite format 3'; " + size + " bytes). It was not changed. Maybe pass another --db path.");
            }
        } catch (IOException e) {
            throw new DatabaseException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readTables(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
             Statement s = c.createStatement()) {
            try (ResultSet integrity = s.executeQuery("PRAGMA quick_check")) {
                String verdict = integrity.next() ? integrity.getString(1) : "no answer";
                if (!"ok".equalsIgnoreCase(verdict)) {
                    throw new DatabaseException(file + " is a damaged SQLite database (integrity check: " + verdict
                            + "). It was not changed. Restore it from a backup, or copy what can still be read into a new "
                            + "file: fleetwise db salvage " + file + " NEW.db");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                    + "AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(file + " cannot be read as an SQLite database (" + firstLine(e.getMessage())
                    + "). It was not changed. Maybe pass another --db path.", e);
        }
        return tables;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
