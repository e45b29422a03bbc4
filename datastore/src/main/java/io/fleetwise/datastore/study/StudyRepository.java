package io.fleetwise.datastore.study;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.DatabaseException;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.study.DemoStudy;
import io.fleetwise.planner.study.StudyJson;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Stores studies. Names are unique; the payload must be valid JSON (SQLite checks it). */
public final class StudyRepository {

    public static final String DEMO_STUDY_NAME = DemoStudy.NAME;

    /** The payload first versions wrote for the demo study; {@link #ensureDemoStudy} upgrades it to a full study. */
    static final String LEGACY_DEMO_PAYLOAD = "{\"description\":\"Serve Llama-3.1-70B on a mix of H100, A100 and L40S GPUs\","
            + "\"model\":\"Llama-3.1-70B\",\"gpuTypes\":[\"H100-SXM\",\"A100-80GB-SXM\",\"L40S\"]}";

    /**
     * The demo study (a {@code fleetwise-study/1} document, built-in catalog). No results are stored; they are
     * computed when later capabilities open the study.
     */
    static final String DEMO_PAYLOAD = StudyJson.toJson(DemoStudy.create(Catalog.builtIn()));

    private final Database database;
    private final Clock clock;

    public StudyRepository(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Study create(String name, String payloadJson) {
        return database.execute(c -> insert(c, name, payloadJson));
    }

    /** The database the studies live in, for work that must share one transaction with them (a study import). */
    public Database database() {
        return database;
    }

    /** Inserts a study on the caller's connection (and inside the caller's transaction, if any). */
    public Study insert(java.sql.Connection c, String name, String payloadJson) {
        String trimmed = requireName(name);
        Instant now = clock.instant();
        {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO studies (name, created_at, updated_at, payload_json) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, trimmed);
                ps.setString(2, now.toString());
                ps.setString(3, now.toString());
                ps.setString(4, payloadJson == null ? "{}" : payloadJson);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new Study(keys.getLong(1), trimmed, now, now, payloadJson);
                }
            } catch (SQLException e) {
                throw translate(e, trimmed);
            }
        }
    }

    public List<Study> findAll() {
        return database.execute(c -> {
            List<Study> studies = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, created_at, updated_at, payload_json FROM studies ORDER BY name COLLATE NOCASE");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    studies.add(read(rs));
                }
            }
            return studies;
        });
    }

    public Optional<Study> findByName(String name) {
        return database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, created_at, updated_at, payload_json FROM studies WHERE name = ?")) {
                ps.setString(1, name.trim());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    public Optional<Study> findById(long id) {
        return database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, created_at, updated_at, payload_json FROM studies WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Replaces the payload of study {@code id}; returns the updated study. */
    public Study updatePayload(long id, String payloadJson) {
        Instant now = clock.instant();
        int changed = database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE studies SET payload_json = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, payloadJson);
                ps.setString(2, now.toString());
                ps.setLong(3, id);
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw translate(e, "id " + id);
            }
        });
        if (changed == 0) {
            throw new DatabaseException("No study with id " + id + ". Maybe it was deleted; list studies with `fleetwise study list`.");
        }
        return findById(id).orElseThrow();
    }

    /** The demo study, created the first time the store is opened (and again if the user deleted it). */
    public Study ensureDemoStudy() {
        Study demo = findByName(DEMO_STUDY_NAME).orElseGet(() -> create(DEMO_STUDY_NAME, DEMO_PAYLOAD));
        if (demo.payloadJson().equals(LEGACY_DEMO_PAYLOAD)) {
            return updatePayload(demo.id(), DEMO_PAYLOAD);
        }
        return demo;
    }

    /** Deletes study {@code id}; returns whether it existed. */
    public boolean delete(long id) {
        return database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM studies WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Renames study {@code id}; the name must be free. */
    public Study rename(long id, String newName) {
        String trimmed = requireName(newName);
        Instant now = clock.instant();
        int changed = database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE studies SET name = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, trimmed);
                ps.setString(2, now.toString());
                ps.setLong(3, id);
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw translate(e, trimmed);
            }
        });
        if (changed == 0) {
            throw new DatabaseException("No study with id " + id + ". Maybe it was deleted; list studies with `fleetwise study list`.");
        }
        return findById(id).orElseThrow();
    }

    /** Records that the workbench opened study {@code id} now (for the recent-studies list). */
    public void markOpened(long id) {
        Instant now = clock.instant();
        database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE studies SET opened_at = ? WHERE id = ?")) {
                ps.setString(1, now.toString());
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Up to {@code limit} studies, the most recently opened first (studies never opened are left out). */
    public List<Study> recent(int limit) {
        return database.execute(c -> {
            List<Study> studies = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, created_at, updated_at, payload_json FROM studies WHERE opened_at IS NOT NULL "
                            + "ORDER BY opened_at DESC, id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        studies.add(read(rs));
                    }
                }
            }
            return studies;
        });
    }

    /** A name not yet taken: {@code base}, else "base (2)", "base (3)"... */
    public String freeName(String base) {
        String trimmed = requireName(base);
        if (findByName(trimmed).isEmpty()) {
            return trimmed;
        }
        for (int i = 2; ; i++) {
            String candidate = trimmed + " (" + i + ")";
            if (findByName(candidate).isEmpty()) {
                return candidate;
            }
        }
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A study needs a name; the name was empty.");
        }
        return name.trim();
    }

    private static RuntimeException translate(SQLException e, String what) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("UNIQUE")) {
            return new DatabaseException("A study named '" + what + "' already exists. Maybe choose another name.", e);
        }
        if (message.contains("CHECK") || message.contains("malformed JSON")) {
            return new DatabaseException("Study '" + what + "': the payload is not valid JSON.", e);
        }
        return new DatabaseException("Study '" + what + "': " + message, e);
    }

    private static Study read(ResultSet rs) throws SQLException {
        return new Study(rs.getLong("id"), rs.getString("name"), Instant.parse(rs.getString("created_at")),
                Instant.parse(rs.getString("updated_at")), rs.getString("payload_json"));
    }
}
