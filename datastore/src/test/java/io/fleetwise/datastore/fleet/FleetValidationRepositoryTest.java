package io.fleetwise.datastore.fleet;

import io.fleetwise.datastore.Database;
import io.fleetwise.planner.alloc.simulated.FleetValidation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FleetValidationRepositoryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T01:00:00Z"), ZoneOffset.UTC);
    private static final String KEY = "a".repeat(64);

    @TempDir
    Path dir;

    private static FleetValidation validation(double attainment) {
        Map<String, Double> byCandidate = new LinkedHashMap<>();
        byCandidate.put("H100-SXM TP4 bf16 vllm", attainment);
        byCandidate.put("A100-SXM TP8 bf16 vllm", 1.0 / 3);
        return new FleetValidation(attainment, 0.9, attainment >= 0.9, 1000, 0, 8.0, byCandidate,
                "Plan meets the SLO: " + attainment);
    }

    @Test
    void aSavedValidationIsFoundAfterTheDatabaseIsOpenedAgainAndAnotherKeyIsNot() {
        new FleetValidationRepository(Database.open(dir.resolve("v.db")), CLOCK).save(KEY, validation(0.97));
        FleetValidationRepository reopened = new FleetValidationRepository(Database.open(dir.resolve("v.db")), CLOCK);
        assertThat(reopened.find(KEY)).contains(validation(0.97));
        assertThat(reopened.find("b".repeat(64))).isEmpty();
    }

    @Test
    void savingAgainReplacesIt() {
        FleetValidationRepository validations = new FleetValidationRepository(Database.open(dir.resolve("v.db")), CLOCK);
        validations.save(KEY, validation(0.97));
        validations.save(KEY, validation(0.95));
        assertThat(validations.find(KEY)).contains(validation(0.95));
    }

    @Test
    void aRowThatCannotBeReadBackCountsAsNotStored() {
        Database database = Database.open(dir.resolve("v.db"));
        FleetValidationRepository validations = new FleetValidationRepository(database, CLOCK);
        validations.save(KEY, validation(0.97));
        database.execute(c -> c.createStatement().executeUpdate("UPDATE fleet_validations SET validation = '{\"sloAt'"));
        assertThat(validations.find(KEY)).isEmpty();
        validations.save(KEY, validation(0.97));
        assertThat(validations.find(KEY)).contains(validation(0.97));
    }
}
