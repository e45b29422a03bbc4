package io.fleetwise.datastore;

import io.fleetwise.datastore.study.Study;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TraceWriter;
import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A damaged page costs its rows, not the store: salvage copies every other row into a new store that opens normally,
 * counts what was lost, renames a trace that lost events, and leaves the damaged file as it was.
 */
class DatabaseSalvageTest {
    @TempDir
    Path dir;

    private static final int STUDIES = 300;

    @Test
    void aDamagedLeafOfTheStudiesTableCostsOnlyItsRows() throws Exception {
        Path damaged = dir.resolve("damaged.db");
        Database database = Database.open(damaged);
        StudyRepository studies = new StudyRepository(database, Clock.systemUTC());
        for (int i = 0; i < STUDIES; i++) {
            studies.create(String.format("study %03d", i), "{\"note\":\"" + "n".repeat(200) + i + "\"}");
        }
        long traceId = trace(new TraceStore(database), "kept trace", 500);
        checkpoint(damaged);
        int leaf = firstLeafOf(damaged, "studies");
        byte[] before = Files.readAllBytes(damaged);
        byte[] bytes = before.clone();
        Arrays.fill(bytes, (leaf - 1) * pageSize(damaged), leaf * pageSize(damaged), (byte) 0x5A);
        Files.write(damaged, bytes);
        assertThatThrownBy(() -> Database.open(damaged)).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("fleetwise db salvage " + damaged + " NEW.db");

        Path rescued = dir.resolve("rescued.db");
        DatabaseSalvage.Result result = DatabaseSalvage.salvage(damaged, rescued, ProgressListener.NONE);

        assertThat(Files.readAllBytes(damaged)).as("the damaged file is never changed").isEqualTo(bytes);
        Database reopened = Database.open(rescued);
        List<Study> kept = new StudyRepository(reopened, Clock.systemUTC()).findAll();
        DatabaseSalvage.TableResult studyCounts = result.tables().stream().filter(t -> t.table().equals("studies"))
                .findFirst().orElseThrow();
        assertThat(kept).hasSize((int) studyCounts.copied());
        assertThat(studyCounts.lost()).as(result.summary()).isPositive();
        assertThat(studyCounts.copied() + studyCounts.lost()).isEqualTo(STUDIES);
        // every study that came through is whole, with its own id and payload
        for (Study s : kept) {
            int i = Integer.parseInt(s.name().substring("study ".length()));
            assertThat(s.id()).isEqualTo(i + 1);
            assertThat(s.payloadJson()).isEqualTo("{\"note\":\"" + "n".repeat(200) + i + "\"}");
        }
        // the rows lost are one run of neighbours: those on the damaged page
        Set<Integer> missing = java.util.stream.IntStream.range(0, STUDIES).boxed().collect(Collectors.toSet());
        kept.forEach(s -> missing.remove(Integer.parseInt(s.name().substring("study ".length()))));
        assertThat(missing.stream().mapToInt(Integer::intValue).max().orElseThrow()
                - missing.stream().mapToInt(Integer::intValue).min().orElseThrow() + 1).isEqualTo(missing.size());
        TraceInfo trace = new TraceStore(reopened).requireTrace(traceId);
        assertThat(trace.name()).isEqualTo("kept trace");
        assertThat(trace.eventCount()).isEqualTo(500);
        assertThat(result.summary()).contains("rows copied into " + rescued).contains("studies: ").contains(" lost");
    }

    @Test
    void aTraceThatLostEventsIsRenamedToSaySoAndCountsWhatItHolds() throws Exception {
        Path damaged = dir.resolve("damaged.db");
        Database database = Database.open(damaged);
        long traceId = trace(new TraceStore(database), "big trace", 20_000);
        checkpoint(damaged);
        byte[] bytes = Files.readAllBytes(damaged);
        int leaf = firstLeafOf(damaged, "trace_slice");
        Arrays.fill(bytes, (leaf - 1) * pageSize(damaged), leaf * pageSize(damaged), (byte) 0x5A);
        Files.write(damaged, bytes);

        DatabaseSalvage.Result result = DatabaseSalvage.salvage(damaged, dir.resolve("rescued.db"), ProgressListener.NONE);

        TraceInfo trace = new TraceStore(Database.open(dir.resolve("rescued.db"))).requireTrace(traceId);
        assertThat(trace.eventCount()).isLessThan(20_000).isPositive();
        assertThat(trace.name()).isEqualTo("big trace (salvaged: " + trace.eventCount() + " of 20000 events)");
        assertThat(result.incompleteTraces()).containsExactly(trace.name());
    }

    @Test
    void anIntactStoreIsCopiedWhole() throws Exception {
        Path good = dir.resolve("good.db");
        Database database = Database.open(good);
        new StudyRepository(database, Clock.systemUTC()).ensureDemoStudy();
        trace(new TraceStore(database), "t", 100);

        DatabaseSalvage.Result result = DatabaseSalvage.salvage(good, dir.resolve("copy.db"), ProgressListener.NONE);

        assertThat(result.lost()).isZero();
        assertThat(result.incompleteTraces()).isEmpty();
        assertThat(new StudyRepository(Database.open(dir.resolve("copy.db")), Clock.systemUTC()).findAll())
                .extracting(Study::name).containsExactly(StudyRepository.DEMO_STUDY_NAME);
    }

    @Test
    void aColumnOfANewerFleetwiseIsNamedNotDroppedUnsaid() throws Exception {
        Path newer = dir.resolve("newer.db");
        Database database = Database.open(newer);
        new StudyRepository(database, Clock.systemUTC()).ensureDemoStudy();
        database.execute(c -> c.createStatement().executeUpdate("ALTER TABLE studies ADD COLUMN colour TEXT"));

        DatabaseSalvage.Result result = DatabaseSalvage.salvage(newer, dir.resolve("copy.db"), ProgressListener.NONE);

        assertThat(result.summary()).contains("studies: 1 rows copied (columns this version does not have, left out: colour)");
    }

    @Test
    void nothingIsOverwrittenAndAFileThatIsNotSqliteIsNamed() throws Exception {
        Path good = dir.resolve("good.db");
        Database.open(good);
        Path existing = Files.writeString(dir.resolve("existing.db"), "mine");
        assertThatThrownBy(() -> DatabaseSalvage.salvage(good, existing, ProgressListener.NONE))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("already exists");
        assertThat(Files.readString(existing)).isEqualTo("mine");

        Path text = Files.writeString(dir.resolve("notes.txt"), "not a database");
        assertThatThrownBy(() -> DatabaseSalvage.salvage(text, dir.resolve("out.db"), ProgressListener.NONE))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("notes.txt").hasMessageContaining("not an SQLite file");
        assertThat(dir.resolve("out.db")).doesNotExist();
    }

    private static long trace(TraceStore store, String name, int slices) {
        try (TraceWriter w = store.beginTrace(name, null, "test", ProgressListener.NONE)) {
            long p = w.process("p", 1);
            long t = w.track(p, TrackKind.THREAD, "t", 1);
            for (int i = 0; i < slices; i++) {
                w.slice(t, i * 10L, 5, "k" + (i % 7), null, null);
            }
            return w.commit().id();
        }
    }

    private static void checkpoint(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("PRAGMA journal_mode=DELETE");
        }
    }

    private static int pageSize(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA page_size")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The leftmost leaf of a table's b-tree, found by following the first child pointer down from its root page. */
    private static int firstLeafOf(Path file, String table) throws Exception {
        int root;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rootpage FROM sqlite_master WHERE name = '" + table + "'")) {
            rs.next();
            root = rs.getInt(1);
        }
        int size = pageSize(file);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        int page = root;
        while (true) {
            int at = (page - 1) * size + (page == 1 ? 100 : 0);
            byte type = bytes.get(at);
            if (type == 0x0D) {
                assertThat(page).as(table + " must span more than one page for this test").isNotEqualTo(root);
                return page;
            }
            assertThat(type).as("interior table page").isEqualTo((byte) 0x05);
            int firstCell = Short.toUnsignedInt(bytes.getShort(at + 12));
            page = bytes.getInt((page - 1) * size + firstCell);
        }
    }
}
