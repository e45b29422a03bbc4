package io.fleetwise.datastore.catalog;

import io.fleetwise.datastore.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The user's price overrides, one per GPU type. */
public final class CatalogOverrideRepository {

    private final Database database;
    private final Clock clock;

    public CatalogOverrideRepository(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Stores the override, replacing an earlier one for the same GPU. */
    public void save(PriceOverride override) {
        database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO catalog_price_overrides (gpu_name, usd_per_hour, as_of, note, updated_at) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (gpu_name) DO UPDATE SET usd_per_hour = excluded.usd_per_hour, "
                            + "as_of = excluded.as_of, note = excluded.note, updated_at = excluded.updated_at")) {
                ps.setString(1, override.gpuName());
                ps.setDouble(2, override.usdPerHour());
                ps.setString(3, override.asOf().toString());
                ps.setString(4, override.note());
                ps.setString(5, clock.instant().toString());
                return ps.executeUpdate();
            }
        });
    }

    public List<PriceOverride> findAll() {
        return database.execute(c -> {
            List<PriceOverride> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT gpu_name, usd_per_hour, as_of, note FROM catalog_price_overrides ORDER BY gpu_name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new PriceOverride(rs.getString(1), rs.getDouble(2), LocalDate.parse(rs.getString(3)), rs.getString(4)));
                }
            }
            return list;
        });
    }

    public Optional<PriceOverride> find(String gpuName) {
        return findAll().stream().filter(o -> o.gpuName().equals(gpuName)).findFirst();
    }

    /** Goes back to the catalog price; returns whether there was an override. */
    public boolean delete(String gpuName) {
        return database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM catalog_price_overrides WHERE gpu_name = ?")) {
                ps.setString(1, gpuName);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
