package io.fleetwise.app;

import java.nio.file.Path;
import java.util.Map;

/** Where the store lives: {@code --db PATH}, else {@code FLEETWISE_DB}, else {@code ~/.fleetwise/fleetwise.db}. */
public final class DatabaseLocation {

    public static final String ENVIRONMENT_VARIABLE = "FLEETWISE_DB";

    private DatabaseLocation() {
    }

    public static Path resolve(Path option, Map<String, String> environment, Path userHome) {
        if (option != null) {
            return option;
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment.trim());
        }
        return userHome.resolve(".fleetwise").resolve("fleetwise.db");
    }

    public static Path resolve(Path option) {
        return resolve(option, System.getenv(), Path.of(System.getProperty("user.home")));
    }
}
