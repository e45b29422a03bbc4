package io.fleetwise.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseLocationTest {

    private final Path home = Path.of("/home/ada");

    @Test
    void theOptionWinsOverTheEnvironment() {
        assertThat(DatabaseLocation.resolve(Path.of("/x/a.db"), Map.of("FLEETWISE_DB", "/y/b.db"), home))
                .isEqualTo(Path.of("/x/a.db"));
    }

    @Test
    void theEnvironmentWinsOverTheDefault() {
        assertThat(DatabaseLocation.resolve(null, Map.of("FLEETWISE_DB", "/y/b.db"), home)).isEqualTo(Path.of("/y/b.db"));
    }

    @Test
    void theDefaultIsInADotFolderOfTheHome() {
        assertThat(DatabaseLocation.resolve(null, Map.of("FLEETWISE_DB", " "), home))
                .isEqualTo(Path.of("/home/ada/.fleetwise/fleetwise.db"));
    }
}
