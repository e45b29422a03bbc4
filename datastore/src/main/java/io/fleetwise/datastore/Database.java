package io.fleetwise.datastore;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The one SQLite file that holds a user's studies, catalog overrides, runs and traces. Opening it
 * checks the file is ours, refuses stores written by a newer Fleetwise, and applies pending
 * migrations from {@code classpath:db/migration} (V1..V99 core, V100+ trace store). Migrations only
 * ever add; nothing is dropped.
 *
 * <p>Each operation takes its own connection (cheap for SQLite) with foreign keys on; the file is in
 * WAL mode so the UI can read while a background import writes.
 */
public final class Database {

    /** Where migrations live: V1..V99 core tables, V100+ the trace store. */
    public static final String MIGRATIONS = "classpath:db/migration";

    private final Path file;
    private final SQLiteDataSource dataSource;
    private final String schemaVersion;

    private Database(Path file, SQLiteDataSource dataSource, String schemaVersion) {
        this.file = file;
        this.dataSource = dataSource;
        this.schemaVersion = schemaVersion;
    }

    /** Opens (creating if needed) and migrates the store at {@code file}. */
    public static Database open(Path file) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath().normalize();
        DatabaseProbe.check(absolute);
        createParent(absolute);
        if (hasContent(absolute)) {
            // read-only, so a store we refuse keeps every byte (even the WAL flag in its header)
            refuseNewerSchema(absolute, flyway(readOnlyDataSource(absolute)));
        }
        SQLiteDataSource dataSource = dataSource(absolute);
        Flyway flyway = flyway(dataSource);
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            throw new DatabaseException("Cannot update the database " + absolute + " to this Fleetwise version: "
                    + DatabaseProbe.firstLine(e.getMessage()), e);
        }
        MigrationInfo current = flyway.info().current();
        String version = current == null ? "none" : current.getVersion().getVersion();
        Database database = new Database(absolute, dataSource, version);
        database.execute(c -> {
            try (var s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
            }
            return null;
        });
        return database;
    }

    private static Flyway flyway(SQLiteDataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .cleanDisabled(true)
                // Each capability owns a version range (V1-V20 studies and catalog, V21-V40 profiles,
                // V45 fleet results, V100+ traces), so a store made before a lower-range migration
                // shipped must still take it.
                .outOfOrder(true)
                .load();
    }

    private static boolean hasContent(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            throw new DatabaseException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteDataSource readOnlyDataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(org.sqlite.SQLiteOpenMode.READONLY);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    private static void createParent(Path file) {
        Path parent = file.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new DatabaseException("Cannot create the folder " + parent + " for the database: " + e.getMessage(), e);
            }
        }
    }

    private static SQLiteDataSource dataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(5000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    private static void refuseNewerSchema(Path file, Flyway flyway) {
        MigrationInfo[] future;
        try {
            future = Arrays.stream(flyway.info().all())
                    .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                    .toArray(MigrationInfo[]::new);
        } catch (FlywayException e) {
            throw new DatabaseException("Cannot read the schema version of " + file + ": "
                    + DatabaseProbe.firstLine(e.getMessage()), e);
        }
        if (future.length > 0) {
            throw new DatabaseException(file + " was written by a newer Fleetwise (schema version "
                    + future[future.length - 1].getVersion() + "; this version knows up to "
                    + Arrays.stream(flyway.info().all()).filter(m -> m.getState().isResolved())
                    .map(m -> m.getVersion().getVersion()).reduce((a, b) -> b).orElse("none")
                    + "). It was not changed. Maybe update Fleetwise, or pass another --db path. Future migrations: "
                    + Arrays.stream(future).map(m -> "V" + m.getVersion()).collect(Collectors.joining(", ")));
        }
    }

    public Path file() {
        return file;
    }

    /** The newest migration applied, e.g. "2". */
    public String schemaVersion() {
        return schemaVersion;
    }

    /** A new connection with foreign keys on; the caller closes it. */
    public Connection openConnection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs {@code work} on its own connection (auto-commit). */
    public <T> T execute(SqlFunction<T> work) {
        try (Connection c = openConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new DatabaseException("Database " + file + ": " + DatabaseProbe.firstLine(e.getMessage()), e);
        }
    }

    /** The rows {@code sql} selects for its one parameter {@code id} (a study's, a plan's), each read by {@code reader}. */
    public <T> java.util.List<T> list(String sql, long id, RowReader<T> reader) {
        return execute(c -> {
            java.util.List<T> out = new java.util.ArrayList<>();
            try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, id);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(reader.read(rs));
                    }
                }
            }
            return out;
        });
    }

    /** Runs {@code work} in one transaction: all of it is stored, or (on any exception) none of it. */
    public <T> T transaction(SqlFunction<T> work) {
        try (Connection c = openConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Database " + file + ": " + DatabaseProbe.firstLine(e.getMessage()), e);
        }
    }
}
