package io.fleetwise.datastore.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.DatabaseException;
import io.fleetwise.planner.catalog.UserGpuType;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** GPU types the user entered, stored as JSON of {@link UserGpuType}. */
public final class UserGpuTypeRepository {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Database database;
    private final Clock clock;

    public UserGpuTypeRepository(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Stores the type, replacing one of the same name (ignoring case). */
    public void save(UserGpuType type) {
        database.execute(c -> {
            insert(c, type);
            return null;
        });
    }

    /** As {@link #save}, on the caller's connection (a study import stores its GPU types in its own transaction). */
    public void insert(java.sql.Connection c, UserGpuType type) throws java.sql.SQLException {
        String json;
        try {
            json = JSON.writeValueAsString(type);
        } catch (JsonProcessingException e) {
            throw new DatabaseException("Cannot store GPU type " + type.name() + ": " + e.getOriginalMessage(), e);
        }
        String now = clock.instant().toString();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_gpu_types (name, spec_json, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET name = excluded.name, "
                + "spec_json = excluded.spec_json, updated_at = excluded.updated_at")) {
            ps.setString(1, type.name());
            ps.setString(2, json);
            ps.setString(3, now);
            ps.setString(4, now);
            ps.executeUpdate();
        }
    }

    public List<UserGpuType> findAll() {
        return database.execute(c -> {
            List<UserGpuType> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, spec_json FROM user_gpu_types ORDER BY created_at, name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        list.add(JSON.readValue(rs.getString(2), UserGpuType.class));
                    } catch (JsonProcessingException | IllegalArgumentException e) {
                        throw new DatabaseException("Stored GPU type '" + rs.getString(1) + "' cannot be read: "
                                + e.getMessage(), e);
                    }
                }
            }
            return list;
        });
    }

    /** Removes the type; returns whether there was one. */
    public boolean delete(String name) {
        return database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_gpu_types WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
