package io.fleetwise.datastore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void newFileIsCreatedAndMigratedToTheLatestVersion() throws Exception {
        Database db = Database.open(dir.resolve("sub/folder/fleetwise.db"));

        assertThat(db.schemaVersion()).isEqualTo(latestMigrationVersion());
        assertThat(tables(db)).contains("studies", "catalog_price_overrides", "user_models", "flyway_schema_history");
    }

    @Test
    void connectionsHaveForeignKeysOnAndTheFileIsInWalMode() {
        Database db = Database.open(dir.resolve("f.db"));

        assertThat(pragma(db, "foreign_keys")).isEqualTo("1");
        assertThat(pragma(db, "journal_mode")).isEqualToIgnoringCase("wal");
    }

    @Test
    void reopeningKeepsTheData() {
        Path file = dir.resolve("f.db");
        Database first = Database.open(file);
        first.execute(c -> c.createStatement().executeUpdate(
                "INSERT INTO studies (name, created_at, updated_at) VALUES ('kept', 'a', 'b')"));

        Database second = Database.open(file);

        int kept = second.execute(c -> count(c, "SELECT count(*) FROM studies WHERE name = 'kept'"));
        assertThat(kept).isEqualTo(1);
    }

    @Test
    void anEmptyFileIsInitialised() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.db"));

        assertThat(Database.open(file).schemaVersion()).isEqualTo(latestMigrationVersion());
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedAndLeftByteForByte() throws Exception {
        Path file = dir.resolve("corrupt.db");
        byte[] bytes = new byte[10_000];
        new Random(7).nextBytes(bytes);
        Files.write(file, bytes);

        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not an SQLite file")
                .hasMessageContaining("not changed");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void aTextFileIsRefusedAndLeftByteForByte() throws Exception {
        Path file = dir.resolve("notes.txt");
        byte[] bytes = "name,price\nH100,2\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);

        assertThatThrownBy(() -> Database.open(file)).isInstanceOf(DatabaseException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void aDamagedSqliteFileIsRefusedAndLeftByteForByte() throws Exception {
        Path file = dir.resolve("damaged.db");
        Database.open(file).execute(c -> c.createStatement().executeUpdate(
                "INSERT INTO studies (name, created_at, updated_at) VALUES ('x', 'a', 'b')"));
        checkpoint(file);
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 4096; i < bytes.length; i++) {
            bytes[i] = (byte) 0x5A; // header intact, every page after the first overwritten
        }
        Files.write(file, bytes);
        Files.deleteIfExists(dir.resolve("damaged.db-wal"));
        Files.deleteIfExists(dir.resolve("damaged.db-shm"));

        assertThatThrownBy(() -> Database.open(file)).isInstanceOf(DatabaseException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not changed");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void aForeignSqliteDatabaseIsRefusedAndLeftByteForByte() throws Exception {
        Path file = dir.resolve("other-app.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
            s.executeUpdate("INSERT INTO invoices (total) VALUES (12.5)");
        }
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("not a Fleetwise one")
                .hasMessageContaining("invoices");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aDatabaseFromANewerFleetwiseIsRefusedAndLeftByteForByte() throws Exception {
        Path file = dir.resolve("newer.db");
        Database.open(file).execute(c -> c.createStatement().executeUpdate(
                "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                        + "installed_by, installed_on, execution_time, success) VALUES "
                        + "(99, '9999', 'from the future', 'SQL', 'V9999__from_the_future.sql', 1, 'test', '2030-01-01 00:00:00.000', 1, 1)"));
        checkpoint(file);
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("newer Fleetwise")
                .hasMessageContaining("9999");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aDirectoryIsRefusedWithAHint() {
        assertThatThrownBy(() -> Database.open(dir))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void aFailedTransactionStoresNothing() {
        Database db = Database.open(dir.resolve("f.db"));

        assertThatThrownBy(() -> db.transaction(c -> {
            c.createStatement().executeUpdate("INSERT INTO studies (name, created_at, updated_at) VALUES ('a', 'x', 'y')");
            c.createStatement().executeUpdate("INSERT INTO studies (name, created_at, updated_at) VALUES ('a', 'x', 'y')");
            return null;
        })).isInstanceOf(DatabaseException.class);
        int rows = db.execute(c -> count(c, "SELECT count(*) FROM studies"));
        assertThat(rows).isZero();
    }

    /** Moves the WAL into the main file so the bytes we compare are the whole database. */
    private static void checkpoint(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("PRAGMA journal_mode=DELETE");
        }
    }

    private static String pragma(Database db, String name) {
        return db.execute(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static java.util.List<String> tables(Database db) {
        return db.execute(c -> {
            java.util.List<String> names = new java.util.ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    /** The highest V&lt;n&gt;__ migration on the classpath (core V1..V99 and the trace store's V100+). */
    private static String latestMigrationVersion() throws Exception {
        java.net.URL dirUrl = DatabaseTest.class.getClassLoader().getResource("db/migration");
        try (var files = Files.list(Path.of(dirUrl.toURI()))) {
            return Integer.toString(files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.(sql|class)")) // SQL and Java migrations (V102 is Java)
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max().orElseThrow());
        }
    }
}
