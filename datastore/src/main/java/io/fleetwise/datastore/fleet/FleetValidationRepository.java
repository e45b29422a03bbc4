package io.fleetwise.datastore.fleet;

import io.fleetwise.datastore.Database;
import io.fleetwise.planner.alloc.simulated.FleetValidation;
import io.fleetwise.planner.alloc.simulated.FleetValidationJson;
import io.fleetwise.planner.alloc.simulated.FleetValidationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Fleet validations in the study database ({@code fleet_validations}, V59), keyed by {@code FleetValidator.key}: the
 * Fleet area's solve after a restart reads its simulated attainment back instead of simulating the fleet again. A row
 * that cannot be read back (hand-edited, cut short) counts as not stored, so the plan is simulated and written again.
 */
public final class FleetValidationRepository implements FleetValidationStore {
    private static final Logger LOG = LoggerFactory.getLogger(FleetValidationRepository.class);

    private final Database database;
    private final Clock clock;

    public FleetValidationRepository(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<FleetValidation> find(String key) {
        String json = database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT validation FROM fleet_validations WHERE fingerprint = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(FleetValidationJson.read(json));
        } catch (IllegalArgumentException | ClassCastException e) {
            LOG.warn("Fleet validation {} in {} cannot be read back ({}); the plan is simulated again", key,
                    database.file(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void save(String key, FleetValidation validation) {
        String json = FleetValidationJson.write(validation);
        database.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_validations (fingerprint, validation, "
                    + "computed_at) VALUES (?, ?, ?) ON CONFLICT(fingerprint) DO UPDATE SET validation = "
                    + "excluded.validation, computed_at = excluded.computed_at")) {
                ps.setString(1, key);
                ps.setString(2, json);
                ps.setString(3, clock.instant().toString());
                ps.executeUpdate();
            }
            return null;
        });
    }
}
