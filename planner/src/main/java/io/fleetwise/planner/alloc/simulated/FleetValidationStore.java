package io.fleetwise.planner.alloc.simulated;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where fleet validations are kept, under the key of everything that determines them ({@link FleetValidator#key}), so
 * the same plan checked again (the same solve after a restart, or from the command line) reads its simulated
 * attainment back instead of simulating the fleet again. Implemented by the datastore over SQLite.
 */
public interface FleetValidationStore {

    Optional<FleetValidation> find(String key);

    void save(String key, FleetValidation validation);

    /** Keeps nothing: every plan is simulated each time it is validated. */
    static FleetValidationStore none() {
        return new FleetValidationStore() {
            @Override
            public Optional<FleetValidation> find(String key) {
                return Optional.empty();
            }

            @Override
            public void save(String key, FleetValidation validation) {
            }
        };
    }

    /** Validations kept in this object only (a view model or command without a database). */
    static FleetValidationStore inMemory() {
        Map<String, FleetValidation> kept = new ConcurrentHashMap<>();
        return new FleetValidationStore() {
            @Override
            public Optional<FleetValidation> find(String key) {
                return Optional.ofNullable(kept.get(key));
            }

            @Override
            public void save(String key, FleetValidation validation) {
                kept.put(key, validation);
            }
        };
    }
}
