package io.fleetwise.datastore.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.DatabaseException;
import io.fleetwise.planner.model.ModelSpec;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Models the user imported (e.g. from a Hugging Face config.json), stored as JSON of {@link ModelSpec}. */
public final class UserModelRepository {

    // Derived getters (isMoe ...) are written too; reading ignores them and any field a newer version adds.
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Database database;
    private final Clock clock;

    public UserModelRepository(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Stores the model, replacing an earlier import of the same name. */
    public void save(ModelSpec model, String sourceFile) {
        database.execute(c -> {
            insert(c, model, sourceFile);
            return null;
        });
    }

    /** As {@link #save}, on the caller's connection (a study import stores its model in its own transaction). */
    public void insert(java.sql.Connection c, ModelSpec model, String sourceFile) throws java.sql.SQLException {
        String json;
        try {
            json = JSON.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new DatabaseException("Cannot store model " + model.name() + ": " + e.getOriginalMessage(), e);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO user_models (name, spec_json, source_file, imported_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (name) DO UPDATE SET spec_json = excluded.spec_json, "
                        + "source_file = excluded.source_file, imported_at = excluded.imported_at")) {
            ps.setString(1, model.name());
            ps.setString(2, json);
            ps.setString(3, sourceFile == null ? "" : sourceFile);
            ps.setString(4, clock.instant().toString());
            ps.executeUpdate();
        }
    }

    public List<ModelSpec> findAll() {
        return database.execute(c -> {
            List<ModelSpec> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, spec_json FROM user_models ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        list.add(JSON.readValue(rs.getString(2), ModelSpec.class));
                    } catch (JsonProcessingException e) {
                        throw new DatabaseException("Stored model '" + rs.getString(1) + "' cannot be read: "
                                + e.getOriginalMessage(), e);
                    }
                }
            }
            return list;
        });
    }
}
