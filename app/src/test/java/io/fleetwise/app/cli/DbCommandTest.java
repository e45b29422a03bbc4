package io.fleetwise.app.cli;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.study.StudyRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A damaged database is refused with the way out named, and `db salvage` takes the user there. */
class DbCommandTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CliContext context = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), dir.resolve("home"),
                Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC), (services, demo) -> 0);
        return Cli.commandLine(context).execute(args);
    }

    @Test
    void aDamagedDatabaseIsRefusedWithTheWayOutAndSalvageKeepsTheReadableStudies() throws Exception {
        Path damaged = dir.resolve("fleetwise.db");
        StudyRepository studies = new StudyRepository(Database.open(damaged), Clock.systemUTC());
        for (int i = 0; i < 300; i++) {
            studies.create(String.format("study %03d", i), "{\"note\":\"" + "n".repeat(200) + "\"}");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + damaged); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("PRAGMA journal_mode=DELETE");
        }
        byte[] bytes = Files.readAllBytes(damaged);
        int leaf = firstLeafOfStudies(damaged, bytes);
        Arrays.fill(bytes, (leaf - 1) * 4096, leaf * 4096, (byte) 0x5A);
        Files.write(damaged, bytes);

        assertThat(run("--db", damaged.toString(), "study", "list")).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).startsWith("fleetwise: " + damaged + " is a damaged SQLite database")
                .contains("fleetwise db salvage " + damaged + " NEW.db").doesNotContain("unexpected");

        Path rescued = dir.resolve("rescued.db");
        assertThat(run("db", "salvage", damaged.toString(), rescued.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Salvaged " + damaged + ": ").contains(" lost (studies: ")
                .contains("fleetwise --db " + rescued);
        assertThat(Files.readAllBytes(damaged)).isEqualTo(bytes);

        assertThat(run("--db", rescued.toString(), "study", "list", "--csv")).as(err.toString()).isZero();
        long listed = out.toString().lines().filter(l -> l.contains(",study ")).count();
        assertThat(listed).isBetween(1L, 299L);
        assertThat(out.toString()).contains(",study 299,");

        assertThat(run("db", "salvage", damaged.toString(), rescued.toString())).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("already exists");
    }

    /** The leftmost leaf of the studies table: its root page's first child pointer (page size 4096). */
    private static int firstLeafOfStudies(Path file, byte[] bytes) throws Exception {
        int root;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rootpage FROM sqlite_master WHERE name = 'studies'")) {
            rs.next();
            root = rs.getInt(1);
        }
        ByteBuffer page = ByteBuffer.wrap(bytes, (root - 1) * 4096, 4096).slice();
        assertThat(page.get(0)).as("the studies table spans several pages").isEqualTo((byte) 0x05);
        return page.getInt(Short.toUnsignedInt(page.getShort(12)));
    }
}
